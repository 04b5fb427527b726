import ArgumentParser
import Foundation

/// `folio`: build reproducible analysis reports, inspect them, clean them.
@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Build reproducible, cached analysis reports.",
        discussion: """
        Analyses are declared in Swift under analyses/ (or as JSON, see `folio export`). \
        `folio build` runs their steps with content-addressed caching and writes output/<analysis>/.
        """,
        version: FolioVersion.release,
        subcommands: [BuildCommand.self, ListCommand.self, DiffCommand.self, WhyCommand.self, VerifyCommand.self,
                      ArchiveCommand.self, DataCommand.self, CleanCommand.self, ExportCommand.self,
                      StatusCommand.self, WorkerCommand.self]
    )
}

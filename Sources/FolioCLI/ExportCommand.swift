import ArgumentParser
import Foundation
import FolioModel

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print an analysis as JSON; `folio build FILE.json` builds such a file.")

    @Argument(help: "The analysis to export.")
    var analysis: String

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let data = try project.analyses([analysis])[0].jsonData()
            FileHandle.standardOutput.write(data)
            print()
        }
    }
}

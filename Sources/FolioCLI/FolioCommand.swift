import ArgumentParser
import Foundation
import FolioModel
import FolioRunner
import FolioSteps

/// `folio`: build reproducible analysis reports, inspect them, clean them.
///
/// A package's `folio` executable is one call, with its analyses and its own step kinds (merged with
/// the kinds Folio ships, `StandardKinds`):
///
/// ```swift
/// // Sources/folio/main.swift
/// import Folio
/// import MyAnalyses
///
/// await FolioCommand.main(analyses: [MyAnalysis.analysis], kinds: [SpectralIndexFitKind.self],
///                         code: FolioCodeFingerprints.modules)
/// ```
public struct FolioCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Build reproducible, cached analysis reports.",
        discussion: """
        Analyses are declared in Swift (or as JSON, see `folio export`). `folio build` runs their \
        steps with content-addressed caching and writes output/<analysis>/.
        """,
        version: FolioVersion.release,
        subcommands: [BuildCommand.self, PreviewCommand.self, ListCommand.self, DiffCommand.self, WhyCommand.self, VerifyCommand.self,
                      ArchiveCommand.self, DataCommand.self, CleanCommand.self, ExportCommand.self,
                      StatusCommand.self, WorkerCommand.self, NewCommand.self]
    )

    public init() {}

    /// Runs the command line (arguments from `CommandLine`) with these analyses and kinds, and exits.
    ///
    /// - Parameters:
    ///   - analyses: every analysis buildable by name, in the order `folio list` shows them.
    ///   - defaultAnalyses: what `folio build` builds when no analysis is named (default: `analyses`).
    ///   - kinds: the package's own step kinds; `StandardKinds` are always included. A kind name
    ///     registered twice (or clashing with a standard kind) is an error, reported before anything runs.
    ///   - code: the table the FolioFingerprint build-tool plugin generates into the executable
    ///     (`FolioCodeFingerprints.modules`): the code fingerprints that enter every step's cache key,
    ///     so that a code change can never serve stale numbers. Required for that reason.
    public static func main(analyses: [Analysis], defaultAnalyses: [Analysis]? = nil, kinds: [any StepKind.Type] = [],
                            code: [String: (fingerprint: String, dependencies: [String])]) async {
        let setup = FolioSetup(analyses: analyses, defaultAnalyses: defaultAnalyses, kinds: kinds,
                               code: CodeFingerprints(generated: code))
        await main(setup)
    }

    /// Runs the command line with analyses that are built only when a command needs them (by name:
    /// `folio build toy` builds only the toy's steps' parameters), as Folio's own `folio` does.
    ///
    /// - Parameters:
    ///   - catalog: every analysis buildable by name, in `folio list` order.
    ///   - defaultAnalyses: the names `folio build` builds when none is given (default: all).
    public static func main(catalog: [LazyAnalysis], defaultAnalyses: [String]? = nil, kinds: [any StepKind.Type] = [],
                            code: [String: (fingerprint: String, dependencies: [String])]) async {
        var unknown: [String] = []
        let defaults = defaultAnalyses.map { names in
            names.compactMap { name in
                let entry = catalog.first { $0.name == name }
                if entry == nil { unknown.append(name) }
                return entry
            }
        }
        let setup = FolioSetup(catalog: catalog, defaultCatalog: defaults, kinds: kinds, code: CodeFingerprints(generated: code))
        for name in unknown { printError("default analysis '\(name)' is not in the catalog") }
        guard unknown.isEmpty else { Foundation.exit(2) }
        await main(setup)
    }

    private static func main(_ setup: FolioSetup) async {
        let problems = setup.problems
        guard problems.isEmpty else {
            for p in problems { printError(p) }
            Foundation.exit(2)
        }
        FolioSetup.current = setup
        await main()
    }
}

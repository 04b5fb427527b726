import ArgumentParser
import Foundation
import FolioModel
import FolioRunner

struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Build an analysis, serve its report on localhost and rebuild and reload it on every change.",
        discussion: """
        Watches the package's Swift sources (Sources/, analyses/, Package.swift), Markdown under \
        analyses/, the report templates and every file input of the analysis. A change rebuilds \
        through the cache (only what changed runs); a Swift change first recompiles `folio` \
        (swift build) and continues with the new binary. The page reloads itself; a failed compile \
        or build shows its errors in the page and in the terminal. report.html on disk stays as \
        `folio build` writes it: the reload script is added only to the pages served.
        """)

    @Argument(help: "The analysis, by name or as a .json file (default: the first analysis `folio build` builds).")
    var analysis: String?

    @Option(name: .long, help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 8765

    @Option(name: .shortAndLong, help: "Steps run at once, and threads a step may use (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let name = analysis ?? FolioSetup.current.defaultCatalog.first?.name
            guard let name else { throw UserError("this folio has no analyses to preview") }
            let session = try PreviewSession(argument: name, project: project, jobs: jobs)
            try await session.run(port: UInt16(port), restartArguments: { port in
                Self.arguments(CommandLine.arguments.dropFirst(), port: port)
            })
        }
    }

    /// The command line again with `--port` fixed to the port in use, for the restart after a
    /// recompile: the page's address must not change (with `--port 0` it would).
    static func arguments(_ original: ArraySlice<String>, port: UInt16) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in original {
            if skipNext { skipNext = false; continue }
            if argument == "--port" { skipNext = true; continue }
            if argument.hasPrefix("--port=") { continue }
            result.append(argument)
        }
        return result + ["--port", String(port)]
    }
}

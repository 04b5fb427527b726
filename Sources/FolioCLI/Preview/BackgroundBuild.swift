import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The full `folio build` that follows the preview's HTML-first build (it adds the PDF), run as a
/// child process of this same binary so that the next edit can stop it at once: a killed build
/// leaves the previous output and a consistent cache (steps commit whole or not at all), and the
/// next build clears what it staged. It runs at low priority, so it does not slow the page's reload.
final class BackgroundBuild {
    private let process = Process()
    private let log: URL
    private let outputDirectory: URL
    private let analysisName: String

    /// Starts `folio build <analysis> --output <output> --data <data> --jobs <jobs> --executor local` in the project root.
    init(analysisArgument: String, analysisName: String, project: ProjectOptions, jobs: Int) throws {
        outputDirectory = project.outputDirectory
        self.analysisName = analysisName
        log = FileManager.default.temporaryDirectory.appendingPathComponent("folio-preview-build-\(getpid())-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.executableURL = URL(fileURLWithPath: ExecutorOptions.currentExecutable)
        process.arguments = ["build", analysisArgument, "--output", project.outputDirectory.path, "--data", project.dataRoot.path,
                             "--jobs", String(jobs), "--executor", "local"]  // as the HTML build: no cluster for a preview
        process.currentDirectoryURL = project.projectRoot
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(process.processIdentifier), 10)
        #else
        _ = setpriority(PRIO_PROCESS, id_t(process.processIdentifier), 10)
        #endif
    }

    deinit { try? FileManager.default.removeItem(at: log) }

    var isRunning: Bool { process.isRunning }

    /// After the process ended: its summary line (nil on failure) and its `error:` lines.
    func outcome() -> (summary: String?, errors: [String]) {
        let lines = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("error: ") }
        let summary = lines.last { $0.hasPrefix("\(analysisName): ") && $0.contains(" steps, ") }
        return (process.terminationStatus == 0 ? summary : nil, errors.isEmpty && process.terminationStatus != 0 ? Array(lines.suffix(20)) : errors)
    }

    /// Stops the build and waits for it; removes the folder it may have been publishing into
    /// (`Publisher` stages `output/.staging-<analysis>-<pid>` and only its own process removes it).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let staging = outputDirectory.appendingPathComponent(".staging-\(analysisName)-\(process.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
    }
}

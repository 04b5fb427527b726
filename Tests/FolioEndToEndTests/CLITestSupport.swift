import Foundation
import FolioModel
import FolioSteps
import FolioTestSupport

/// The `folio` executable built beside this test bundle.
let folioExecutable: URL = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("folio")
    if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
    return packageRoot.appendingPathComponent(".build/debug/folio")
}()

/// Runs `folio` with `arguments` in `directory` and waits for it.
func folio(_ arguments: [String], in directory: URL) throws -> ProcessResult {
    try runProcess(folioExecutable, arguments, in: directory, environment: ["FOLIO_DATA": directory.appendingPathComponent("data").path])
}

/// A toy analysis written as JSON into `dir`, so tests can build variants without recompiling.
func writeToySpec(_ dir: TemporaryDirectory, name: String = "spec.json", events: Int = 300, trials: Int) throws {
    let analysis = Analysis("k", title: "Kill and lock tests", seed: 5) {
        ToySample("sample", events: events, signalFraction: 0.05)
        ToyFit("fit", on: "sample")
        ToyTrials("background", of: "fit", trials: trials, chunkSize: 50)
    }
    try analysis.jsonData().write(to: dir.path(name))
}

/// A running `folio` process whose stderr can be watched.
final class BackgroundFolio {
    let process = Process()
    let stderrURL: URL
    let stdoutURL: URL

    init(_ arguments: [String], in dir: TemporaryDirectory, label: String, environment: [String: String] = [:]) throws {
        stderrURL = dir.path("\(label).stderr")
        stdoutURL = dir.path("\(label).stdout")
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        process.executableURL = folioExecutable
        process.arguments = arguments
        process.currentDirectoryURL = dir.url
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        try process.run()
    }

    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

    /// Waits until stderr contains `text` (true) or the process ends or `timeout` seconds pass (false).
    func waitFor(_ text: String, timeout: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stderr.contains(text) { return true }
            if !process.isRunning { return stderr.contains(text) }
            usleep(20_000)
        }
        return false
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}

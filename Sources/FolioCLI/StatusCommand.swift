import ArgumentParser
import Foundation
import FolioCache
import FolioRunner

/// `folio status`: where the build running in an output folder stands (or the last one ended),
/// from the `output/.status.json` the build keeps up to date.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the steps and trial chunks of the running (or last) build in the output folder.")

    @Flag(name: .long, help: "Print the status file as it is (JSON).")
    var json = false

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let url = BuildStatusFile.url(in: project.outputDirectory)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw UserError("no build has run in \(project.outputDirectory.path) yet (no \(url.lastPathComponent))")
            }
            if json {
                FileHandle.standardOutput.write(data)
                return
            }
            let status: BuildStatusFile
            do {
                status = try JSONDecoder().decode(BuildStatusFile.self, from: data)
            } catch {
                throw UserError("\(url.path): unreadable status file (\(error.localizedDescription))")
            }
            print(Self.render(status, buildRunning: Self.buildIsRunning(in: project.outputDirectory)))
        }
    }

    /// A build holds `output/.lock` while it runs.
    static func buildIsRunning(in output: URL) -> Bool {
        do {
            _ = try OutputLock(outputDirectory: output)
            return false
        } catch {
            return true
        }
    }

    static func render(_ s: BuildStatusFile, buildRunning: Bool) -> String {
        var state = s.state
        if state == "running" && !buildRunning { state = "interrupted (pid \(s.pid) no longer holds the output folder)" }
        var lines = ["\(s.analysis): \(state); \(s.executor) executor; started \(s.started), updated \(s.updated)"]
        let width = s.steps.map(\.name.count).max() ?? 0
        for step in s.steps {
            var line = "  " + step.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + step.state
            if let c = step.chunks {
                line += "  \(c.done)/\(c.total) chunks"
                if !c.detail.isEmpty { line += " (\(c.detail))" }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

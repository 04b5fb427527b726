import Foundation
import FolioReview

/// Builds analyses as they were at a git revision: a temporary worktree of the project at that
/// revision, its own `folio` compiled there (so old step code runs, not today's), and its build
/// written into `folder/output`. Returns that output folder.
enum RevisionBuild {
    static func build(revision: String, analyses: [String], project: ProjectOptions, into folder: URL) throws -> URL {
        let worktree = folder.appendingPathComponent("worktree")
        try run("git", ["-C", project.projectRoot.path, "worktree", "add", "--detach", worktree.path, revision],
                what: "checking out \(revision)")
        defer { _ = try? run("git", ["-C", project.projectRoot.path, "worktree", "remove", "--force", worktree.path], what: "") }
        // Run in the worktree (PWD too), so that Folio's manifest sees itself as the root package when
        // the project is Folio, and as a dependency when it is a user's package.
        try run("swift", ["build", "--product", "folio"], what: "building folio at \(revision)", in: worktree)
        let output = folder.appendingPathComponent("output")
        var names = analyses
        if names.isEmpty {
            let built = (try? FileManager.default.contentsOfDirectory(atPath: project.outputDirectory.path)) ?? []
            names = built.filter { FileManager.default.fileExists(atPath: project.outputDirectory.appendingPathComponent("\($0)/manifest.json").path) }.sorted()
        }
        guard !names.isEmpty else { throw UserError("no analysis built in \(project.outputDirectory.path) to compare with \(revision)") }
        try run(worktree.appendingPathComponent(".build/debug/folio").path,
                ["build"] + names + ["--output", output.path, "--data", project.dataRoot.path], what: "building \(names.joined(separator: ", ")) at \(revision)",
                in: worktree)
        return output
    }

    @discardableResult
    private static func run(_ tool: String, _ arguments: [String], what: String, in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = tool.hasPrefix("/") ? URL(fileURLWithPath: tool) : URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
        if let directory {
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            environment["PWD"] = directory.path
            process.environment = environment
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw UserError("\(what) failed (exit \(process.terminationStatus)):\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n"))
        }
        return text
    }
}

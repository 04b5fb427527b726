import Foundation

/// Runs the command-line tools the tests check the output with (poppler-utils, chromium).
enum Tools {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Files rather than pipes: a chatty tool cannot block on a full pipe.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("folio-tool-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// The PDF's text in content-stream order (`-raw`): pdftotext's column detection would
    /// otherwise move a stacked interval (+0.5 over −0.4) onto lines of its own.
    static func pdftotext(_ pdf: URL) throws -> String {
        try run("/usr/bin/pdftotext", ["-raw", "-enc", "UTF-8", pdf.path, "-"]).stdout
    }

    static func pageCount(_ pdf: URL) throws -> Int? {
        let info = try run("/usr/bin/pdfinfo", [pdf.path]).stdout
        return info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }

    /// Folder for artefacts worth looking at after a test run (screenshot, page images).
    static var artefacts: URL {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/report-test-artefacts")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rebuilding the running `folio` after a Swift source changed, and replacing this process by the
/// new binary: a build must never run with code older than the sources, and keys include the code
/// fingerprints compiled into the binary, so only the new binary can plan the new code.
struct SelfRebuild {
    /// The running executable, e.g. `<package>/.build/x86_64-unknown-linux-gnu/debug/folio`.
    let executable: URL
    /// The package whose `swift build` makes it (the project root).
    let packageRoot: URL

    init(packageRoot: URL, executable: String = ExecutorOptions.currentExecutable) {
        self.packageRoot = packageRoot
        self.executable = URL(fileURLWithPath: executable)
    }

    /// `swift build` of this executable's product in the same configuration and build folder:
    /// `<scratch>/<triple>/<debug|release>/<product>`.
    var buildArguments: [String] {
        let configurationFolder = executable.deletingLastPathComponent()
        let scratch = configurationFolder.deletingLastPathComponent().deletingLastPathComponent()
        let configuration = configurationFolder.lastPathComponent == "release" ? "release" : "debug"
        return ["build", "--product", executable.lastPathComponent, "-c", configuration, "--scratch-path", scratch.path]
    }

    struct Failure: Error {
        /// The compiler's error lines (or the tail of its output when it printed none).
        var lines: [String]
    }

    /// Runs `swift build`; throws `Failure` with the compiler's errors when it fails.
    func compile() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + buildArguments
        process.currentDirectoryURL = packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["PWD"] = packageRoot.path  // Package.swift tells its own package from a dependency by PWD
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("folio-preview-swift-build-\(getpid()).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait without blocking a thread of the cooperative pool.
        while process.isRunning { try await Task.sleep(nanoseconds: 50_000_000) }
        try? handle.close()
        guard process.terminationStatus != 0 else { return }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw Failure(lines: Self.errorLines(output))
    }

    /// The diagnostics of a `swift build` log: each `error:` line with the source excerpt that
    /// follows it, once (swift build repeats them for every batch and job), without the driver's
    /// "command failed" lines; the last 40 lines when there are none (a linker or package error).
    static func errorLines(_ output: String) -> [String] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.contains("error:") && !line.hasPrefix(" ") && !line.contains(" | ") {
                if let current { blocks.append(current) }
                current = line.contains("command failed with exit code") ? nil : [line]
            } else if current != nil, line.hasPrefix(" ") || line.range(of: #"^\d+ \|"#, options: .regularExpression) != nil {
                current!.append(line)
            } else {
                if let block = current { blocks.append(block) }
                current = nil
            }
        }
        if let current { blocks.append(current) }
        var seen: Set<String> = []
        let unique = blocks.filter { seen.insert($0[0]).inserted }.flatMap { $0 }
        return unique.isEmpty ? Array(output.split(separator: "\n").suffix(40).map(String.init)) : unique
    }

    /// Replaces this process by the rebuilt executable with `arguments` (argv[1...]). File
    /// descriptors are closed on exec, so the listening socket and the output lock are free for
    /// the new process; the process id (and so the terminal's Ctrl-C) stays the same.
    func exec(arguments: [String]) -> Never {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap(Int32.init)
            ?? Array(3..<Int32(getdtablesize()))  // no /proc (macOS): every possible descriptor
        for fd in open where fd > 2 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        fflush(nil)  // all C streams
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        execv(executable.path, argv)
        printError("cannot run the rebuilt \(executable.path): \(String(cString: strerror(errno)))")
        Foundation.exit(1)
    }
}

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

    /// The `error:` lines of a `swift build` log with the source excerpt that follows each;
    /// the last 40 lines when it has none (a linker or package error).
    static func errorLines(_ output: String) -> [String] {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var picked: [String] = []
        var inExcerpt = false
        for line in lines {
            if line.contains("error:") && !line.hasPrefix("error: fatalError") {
                picked.append(line)
                inExcerpt = true
            } else if inExcerpt, line.hasPrefix(" ") || line.hasPrefix("\t") || line.contains(" | ") {
                picked.append(line)
            } else {
                inExcerpt = false
            }
        }
        // swift build repeats each diagnostic for every file it compiles in a batch.
        var seen: Set<String> = []
        let unique = picked.filter { !$0.contains("error:") || seen.insert($0).inserted }
        return unique.isEmpty ? Array(lines.suffix(40)) : unique
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

import Dispatch
import Foundation

/// What a scheduler command printed and how it ended.
public struct CommandOutput: Sendable, Equatable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs the scheduler's command-line tools (`sbatch`, `squeue`, `scancel`). The Slurm executor
/// talks to Slurm only through this, so tests can replay a scheduler that times out, errors or
/// loses jobs without a cluster (see FolioClusterTests' `FakeSlurm`).
public protocol CommandRunner: Sendable {
    /// Runs `command` (looked up on PATH) with `arguments`; throws `CommandError.timedOut` when it
    /// has not ended after `timeout` seconds (it is then killed).
    func run(_ command: String, _ arguments: [String], timeout: Double) async throws -> CommandOutput
}

public enum CommandError: Error, CustomStringConvertible, Equatable {
    case notFound(String)
    case timedOut(String, seconds: Double)
    case launchFailed(String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let c): return "'\(c)' is not on PATH (is this a Slurm login node? install slurm-client)"
        case .timedOut(let c, let s): return "'\(c)' did not answer within \(Int(s)) s"
        case .launchFailed(let c, let r): return "cannot run '\(c)': \(r)"
        }
    }
}

/// The real thing: `Foundation.Process`, with a time limit.
public struct ProcessCommandRunner: CommandRunner {
    public init() {}

    public func run(_ command: String, _ arguments: [String], timeout: Double) async throws -> CommandOutput {
        guard let executable = Self.find(command) else { throw CommandError.notFound(command) }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.runBlocking(executable, command: command, arguments, timeout: timeout) })
            }
        }
    }

    static func find(_ command: String) -> URL? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? URL(fileURLWithPath: command) : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    private static func runBlocking(_ executable: URL, command: String, _ arguments: [String], timeout: Double) throws -> CommandOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do { try process.run() } catch { throw CommandError.launchFailed(command, reason: "\(error)") }
        // Drain both pipes while the command runs, so a chatty command never blocks on a full pipe.
        let stdout = PipeReader(out.fileHandleForReading), stderr = PipeReader(err.fileHandleForReading)
        if ended.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if ended.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL); ended.wait() }
            throw CommandError.timedOut(command, seconds: timeout)
        }
        return CommandOutput(status: process.terminationStatus, stdout: stdout.text(), stderr: stderr.text())
    }
}

/// Reads a pipe to its end on a background thread.
private final class PipeReader: @unchecked Sendable {
    // @unchecked: `data` is written once before `done` is signalled and read after waiting on it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

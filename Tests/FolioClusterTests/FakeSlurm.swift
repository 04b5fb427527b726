import Foundation
@testable import FolioCluster

/// A Slurm controller simulated behind `CommandRunner`: it parses the very `sbatch`, `squeue` and
/// `scancel` command lines the executor sends and answers in Slurm's output formats, so the
/// executor's real parsing, back-off and resubmission code runs without a cluster.
///
/// Every `squeue` is one scheduling round: up to `maxJobs` pending elements start, and running
/// elements finish by calling `runElement` (which normally runs the chunk, e.g. through the real
/// `Builder.runWorkerChunks`, and writes it into the chunk store). Scripted misfortunes:
/// `failures[command]` makes the next calls of a command fail (error text or time-out);
/// `fate(job, index, attempt)` decides whether an element completes, fails, or vanishes while pending.
final class FakeSlurm: CommandRunner, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    enum Failure { case error(String), timeout, submitButTimeout }
    enum Fate { case complete, fail, vanishWhilePending }

    struct Element {
        var jobID: String
        var name: String
        var index: Int
        var state: String
    }

    private let lock = NSLock()
    private var nextJob = 100
    private(set) var elements: [Element] = []
    private(set) var calls: [(command: String, arguments: [String])] = []
    var failures: [String: [Failure]] = [:]
    /// How many times each chunk has been started, to give `fate` the attempt number.
    private var starts: [Int: Int] = [:]
    var fate: @Sendable (_ chunk: Int, _ attempt: Int) -> Fate = { _, _ in .complete }
    var runElement: @Sendable (_ chunk: Int) async -> Bool = { _ in true }
    var maxRunningPerRound = 2

    func withLock<T>(_ body: () throws -> T) rethrows -> T { lock.lock(); defer { lock.unlock() }; return try body() }

    var sbatchCalls: [[String]] { withLock { calls.filter { $0.command == "sbatch" }.map(\.arguments) } }
    /// The `--array=` values of every sbatch call, e.g. ["0-2,5%4"].
    var submittedArrays: [String] {
        sbatchCalls.compactMap { args in args.first { $0.hasPrefix("--array=") }.map { String($0.dropFirst("--array=".count)) } }
    }

    /// An element left queued by an earlier build.
    func addQueued(name: String, indices: [Int]) -> String {
        withLock {
            let id = String(nextJob); nextJob += 1
            for i in indices { elements.append(Element(jobID: id, name: name, index: i, state: "PENDING")) }
            return id
        }
    }

    func run(_ command: String, _ arguments: [String], timeout: Double) async throws -> CommandOutput {
        let failure: Failure? = withLock {
            calls.append((command, arguments))
            guard var list = failures[command], !list.isEmpty else { return nil }
            let f = list.removeFirst()
            failures[command] = list
            return f
        }
        switch failure {
        case .error(let text)?: return CommandOutput(status: 1, stdout: "", stderr: "\(command): error: \(text)\n")
        case .timeout?: throw CommandError.timedOut(command, seconds: timeout)
        case .submitButTimeout?:
            _ = submit(arguments)
            throw CommandError.timedOut(command, seconds: timeout)
        case nil: break
        }
        switch command {
        case "sbatch": return CommandOutput(status: 0, stdout: submit(arguments) + "\n", stderr: "")
        case "squeue": return await squeue(arguments)
        case "scancel":
            withLock {
                for id in arguments {
                    for i in elements.indices where elements[i].jobID == id || "\(elements[i].jobID)_\(elements[i].index)" == id {
                        if elements[i].state == "PENDING" || elements[i].state == "RUNNING" { elements[i].state = "CANCELLED" }
                    }
                }
            }
            return CommandOutput(status: 0, stdout: "", stderr: "")
        default:
            throw CommandError.notFound(command)
        }
    }

    private func submit(_ arguments: [String]) -> String {
        let value = { (flag: String) in arguments.first { $0.hasPrefix(flag) }.map { String($0.dropFirst(flag.count)) } }
        let spec = value("--array=")!.split(separator: "%")[0]
        let name = value("--job-name=")!
        return withLock {
            let id = String(nextJob); nextJob += 1
            for i in ArraySpec.parse(String(spec)) { elements.append(Element(jobID: id, name: name, index: i, state: "PENDING")) }
            return id
        }
    }

    /// One scheduling round, then the queue as `squeue --array --states=all --format=%i|%T|%r` prints it.
    private func squeue(_ arguments: [String]) async -> CommandOutput {
        let name = arguments.first { $0.hasPrefix("--name=") }.map { String($0.dropFirst("--name=".count)) }
        // Running elements finish.
        let running: [(Int, Int)] = withLock { elements.indices.filter { elements[$0].state == "RUNNING" }.map { ($0, elements[$0].index) } }
        for (position, chunk) in running {
            let attempt = withLock { starts[chunk, default: 0] }
            let ok: Bool
            switch fate(chunk, attempt) {
            case .complete: ok = await runElement(chunk)
            case .fail, .vanishWhilePending: ok = false
            }
            withLock { if elements[position].state == "RUNNING" { elements[position].state = ok ? "COMPLETED" : "FAILED" } }
        }
        // Pending elements start (or vanish, as one cancelled while pending does).
        withLock {
            var started = 0
            for i in elements.indices where elements[i].state == "PENDING" && started < maxRunningPerRound {
                let chunk = elements[i].index
                starts[chunk, default: 0] += 1
                if case .vanishWhilePending = fate(chunk, starts[chunk]!) {
                    elements[i].state = "GONE"
                    continue
                }
                elements[i].state = "RUNNING"
                started += 1
            }
        }
        let lines = withLock {
            elements.filter { (name == nil || $0.name == name) && $0.state != "GONE" }
                .map { "\($0.jobID)_\($0.index)|\($0.state)|\($0.state == "PENDING" ? "JobArrayTaskLimit" : "None")" }
        }
        return CommandOutput(status: 0, stdout: lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"), stderr: "")
    }
}

/// Records the back-off waits instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var recorded: [Double] = []
    var waits: [Double] { lock.lock(); defer { lock.unlock() }; return recorded }
    var sleep: @Sendable (Double) async throws -> Void {
        { [self] seconds in record(seconds) }
    }
    private func record(_ seconds: Double) {
        lock.lock(); recorded.append(seconds); lock.unlock()
    }
}

import Foundation

/// One element of a Slurm job array as `squeue` shows it.
public struct ArrayTask: Sendable, Hashable {
    /// The array's job id (`%A`), e.g. "1234".
    public var jobID: String
    /// The array index (`%a`); Folio uses the chunk index.
    public var index: Int
    /// PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, ...
    public var state: String
    public var reason: String

    public init(jobID: String, index: Int, state: String, reason: String = "") {
        self.jobID = jobID
        self.index = index
        self.state = state
        self.reason = reason
    }

    /// Still waiting or running: the chunk may yet appear.
    public var isActive: Bool { Self.activeStates.contains(state) }
    public var isRunning: Bool { ["RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT", "SIGNALING"].contains(state) }

    static let activeStates: Set<String> = [
        "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD",
        "RESIZING", "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD",
    ]
}

/// A scheduler command failed. Transient failures (time-outs, an unreachable or busy controller)
/// are retried with back-off; others (an invalid partition, a bad option) end the build at once.
public struct SchedulerError: Error, CustomStringConvertible, Equatable {
    public var command: String
    public var message: String
    public var isTransient: Bool
    public var description: String { "\(command): \(message)" }

    /// Messages that retrying cannot fix; anything else from a failing command is taken as transient.
    static let permanentMarkers = [
        "invalid partition", "invalid account", "invalid qos", "invalid job array specification", "unrecognized option",
        "invalid option", "requested time limit is invalid", "invalid time limit", "invalid user", "unable to open file",
        "batch script contains dos line breaks", "invalid feature specification", "requested node configuration is not available",
    ]

    static func classify(command: String, output: CommandOutput) -> SchedulerError {
        let text = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = text.isEmpty ? "exit status \(output.status)" : "\(text) (exit status \(output.status))"
        let lower = text.lowercased()
        return SchedulerError(command: command, message: message, isTransient: !permanentMarkers.contains { lower.contains($0) })
    }

    static func from(_ error: Error, command: String) -> Error {
        switch error {
        case CommandError.timedOut: return SchedulerError(command: command, message: "\(error)", isTransient: true)
        case let e as CommandError: return SchedulerError(command: command, message: e.description, isTransient: false)
        default: return error
        }
    }
}

/// What to submit: one job array whose element `i` runs `script` for chunk `i`.
public struct ArraySubmission: Sendable, Equatable {
    public var jobName: String
    public var indices: [Int]
    /// At most this many elements run at once (`--array=...%N`).
    public var maxRunning: Int
    public var script: URL
    /// `--output` pattern, e.g. `<dir>/%A_%a.out`.
    public var outputPattern: String
    public var workingDirectory: URL
    public var partition: String?
    public var timeLimit: String?
    public var extraArguments: [String]
}

/// The Slurm commands Folio needs, without accounting (`sacct` is often unavailable; see
/// stack.md): `sbatch --parsable --array`, `squeue -r -t all --name`, `scancel`.
public struct SlurmScheduler: Sendable {
    public let runner: any CommandRunner
    /// Seconds before a command counts as hung (then killed and retried).
    public let timeout: Double

    public init(runner: any CommandRunner = ProcessCommandRunner(), timeout: Double = 60) {
        self.runner = runner
        self.timeout = timeout
    }

    /// The `sbatch` arguments for `submission` (without the command name).
    public static func sbatchArguments(_ s: ArraySubmission) -> [String] {
        var args = ["--parsable", "--array=\(ArraySpec.format(s.indices))%\(max(1, s.maxRunning))", "--job-name=\(s.jobName)",
                    "--output=\(s.outputPattern)", "--chdir=\(s.workingDirectory.path)", "--cpus-per-task=1"]
        if let p = s.partition { args.append("--partition=\(p)") }
        if let t = s.timeLimit { args.append("--time=\(t)") }
        args += s.extraArguments
        args.append(s.script.path)
        return args
    }

    /// Submits the array and returns its job id.
    public func submit(_ submission: ArraySubmission) async throws -> String {
        let output = try await run("sbatch", Self.sbatchArguments(submission))
        guard output.status == 0 else { throw SchedulerError.classify(command: "sbatch", output: output) }
        // --parsable prints "<jobid>" or "<jobid>;<cluster>".
        let first = output.stdout.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = first.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SchedulerError(command: "sbatch", message: "unexpected output '\(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))'",
                                 isTransient: true)
        }
        return id
    }

    /// Every array element of the jobs named `name` that the controller still knows (pending,
    /// running, or ended within MinJobAge), one per element.
    public func tasks(named name: String) async throws -> [ArrayTask] {
        let output = try await run("squeue", Self.squeueArguments(name: name))
        guard output.status == 0 else { throw SchedulerError.classify(command: "squeue", output: output) }
        return Self.parseSqueue(output.stdout)
    }

    public static func squeueArguments(name: String) -> [String] {
        ["--noheader", "--array", "--states=all", "--name=\(name)", "--format=%i|%T|%r"]
    }

    /// Cancels jobs (whole arrays or `<job>_<index>` elements); ids the controller forgot are fine.
    public func cancel(_ ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        let output = try await run("scancel", ids)
        if output.status != 0 && !output.stderr.lowercased().contains("invalid job id") {
            throw SchedulerError.classify(command: "scancel", output: output)
        }
    }

    /// Parses `squeue --format=%i|%T|%r` lines: `12_3|RUNNING|None`, also the compact pending form
    /// `12_[4-9%2]|PENDING|JobArrayTaskLimit` older versions print even with `--array`.
    public static func parseSqueue(_ text: String) -> [ArrayTask] {
        var tasks: [ArrayTask] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 2, let underscore = fields[0].firstIndex(of: "_") else { continue }
            let job = String(fields[0][..<underscore])
            var rest = fields[0][fields[0].index(after: underscore)...]
            let reason = fields.count > 2 ? fields[2] : ""
            if rest.hasPrefix("[") {
                rest = rest.dropFirst().prefix { $0 != "]" }
                if let percent = rest.firstIndex(of: "%") { rest = rest[..<percent] }
                for index in ArraySpec.parse(String(rest)) {
                    tasks.append(ArrayTask(jobID: job, index: index, state: fields[1], reason: reason))
                }
            } else if let index = Int(rest) {
                tasks.append(ArrayTask(jobID: job, index: index, state: fields[1], reason: reason))
            }
        }
        return tasks
    }

    private func run(_ command: String, _ arguments: [String]) async throws -> CommandOutput {
        do {
            return try await runner.run(command, arguments, timeout: timeout)
        } catch {
            throw SchedulerError.from(error, command: command)
        }
    }
}

/// Slurm's index lists: `0-3,7,9-12` (ascending, ranges of consecutive indices).
public enum ArraySpec {
    public static func format(_ indices: [Int]) -> String {
        let sorted = Array(Set(indices)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    public static func parse(_ spec: String) -> [Int] {
        var result: [Int] = []
        for part in spec.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { result += Array(bounds[0]...bounds[1]) } else if bounds.count == 1 { result.append(bounds[0]) }
        }
        return result
    }
}

import Foundation
import FolioCache
import FolioRunner

/// How a job element starts `folio worker`: the binary and the arguments that name the analysis,
/// project, data and output folders. The executor appends `--step <name> --key <key>`; the worker
/// takes its chunk from `$SLURM_ARRAY_TASK_ID`.
public struct WorkerInvocation: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    public var workingDirectory: URL

    public init(executable: String, arguments: [String], workingDirectory: URL) {
        self.executable = executable
        self.arguments = arguments
        self.workingDirectory = workingDirectory
    }

    /// The job script: `cd` to the project and `exec folio worker ...` for this array element.
    func script(step: String, key: String) -> String {
        let command = ([executable] + arguments + ["--step", step, "--key", key]).map(shellQuoted).joined(separator: " ")
        return """
            #!/bin/sh
            # folio worker: one chunk of step '\(step)' (key \(key.prefix(12))) per array element.
            cd \(shellQuoted(workingDirectory.path)) || exit 1
            exec \(command) --chunk "$SLURM_ARRAY_TASK_ID"

            """
    }
}

func shellQuoted(_ s: String) -> String {
    if !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }) { return s }
    return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Runs chunks as elements of Slurm job arrays of `folio worker` processes on a shared output folder.
///
/// On the login node (this process): every missing chunk of a step becomes one element of ONE
/// array (`sbatch --array=<chunks>%maxJobs`, job name `folio-<key prefix>`); then, every
/// `pollSeconds`, the chunk store shows which chunks are done and `squeue` which are still pending or
/// running. A chunk neither stored nor active (its element failed, was cancelled, preempted, timed
/// out, or vanished while pending) is resubmitted, all such chunks in one new array, up to
/// `maxAttempts` attempts. Failing or hung `sbatch`/`squeue` calls are retried with exponential
/// back-off (`BackoffPolicy`). Elements of an earlier, interrupted build of the same step that are
/// still queued are adopted rather than submitted twice. `sacct` is never needed.
public final class SlurmExecutor: ChunkExecutor, @unchecked Sendable {
    // @unchecked: immutable after init.
    public let settings: SlurmSettings
    public let scheduler: SlurmScheduler
    public let worker: WorkerInvocation
    let sleep: @Sendable (Double) async throws -> Void

    public var name: String { "slurm" }

    public init(settings: SlurmSettings, worker: WorkerInvocation, scheduler: SlurmScheduler? = nil,
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) {
        self.settings = settings
        self.worker = worker
        self.scheduler = scheduler ?? SlurmScheduler(timeout: settings.commandTimeoutSeconds)
        self.sleep = sleep
    }

    public static func jobName(key: String) -> String { "folio-\(key.prefix(12))" }

    /// Per chunk: the array job that currently runs it, how often it was submitted, polls seen lost.
    struct Track {
        var jobID: String
        var attempts: Int
        var lostPolls = 0
        var lastState = "submitted"
    }

    public func produce(_ job: ChunkJob) async throws {
        let name = Self.jobName(key: job.key)
        let slurmDirectory = job.store.directory.appendingPathComponent("slurm")
        try FileManager.default.createDirectory(at: slurmDirectory, withIntermediateDirectories: true)
        let script = slurmDirectory.appendingPathComponent("worker.sh")
        try AtomicFile.write(worker.script(step: job.step, key: job.key), to: script)
        _ = chmod(script.path, 0o755)

        var tracks: [Int: Track] = [:]
        var done = Set(0..<job.chunkCount).subtracting(job.missing)
        var counts = ChunkCounts(total: job.chunkCount, done: done.count)

        // Adopt elements an interrupted build of this very step left queued or running.
        let existing = try await retrying("squeue", log: job.log) { try await self.scheduler.tasks(named: name) }
        for task in existing where task.isActive && job.missing.contains(task.index) && tracks[task.index] == nil {
            tracks[task.index] = Track(jobID: task.jobID, attempts: 1, lastState: task.state)
        }
        let adopted = Set(tracks.values.map(\.jobID)).sorted()
        if !adopted.isEmpty {
            job.log("  \(job.step): adopting \(tracks.count) chunks still queued from an earlier build (job \(adopted.joined(separator: ", ")))")
            counts.jobs += adopted
        }
        let fresh = job.missing.filter { tracks[$0] == nil }
        if !fresh.isEmpty {
            let id = try await submit(fresh, job: job, name: name, script: script, logs: slurmDirectory, knownJobs: Set(counts.jobs))
            for chunk in fresh { tracks[chunk] = Track(jobID: id, attempts: 1) }
            counts.jobs.append(id)
            job.log("  \(job.step): submitted \(fresh.count) chunks as Slurm job array \(id) (at most \(settings.maxJobs) at once)")
        }

        do {
            while done.count < job.chunkCount {
                try await sleep(settings.pollSeconds)
                for chunk in tracks.keys where job.store.isDone(chunk) { done.insert(chunk); tracks[chunk] = nil }
                if done.count == job.chunkCount { counts.queued = 0; counts.running = 0; counts.done = done.count; job.report(counts); break }

                let tasks = try await retrying("squeue", log: job.log) { try await self.scheduler.tasks(named: name) }
                var byElement: [String: ArrayTask] = [:]
                for t in tasks { byElement["\(t.jobID)_\(t.index)"] = t }
                var lost: [(chunk: Int, why: String)] = []
                var queued = 0, running = 0
                for chunk in tracks.keys.sorted() {
                    var track = tracks[chunk]!
                    if let task = byElement["\(track.jobID)_\(chunk)"], task.isActive {
                        track.lostPolls = 0
                        track.lastState = task.state
                        if task.isRunning { running += 1 } else { queued += 1 }
                    } else if job.store.isDone(chunk) {
                        done.insert(chunk)
                        tracks[chunk] = nil
                        continue
                    } else {
                        // Ended without a chunk. A failed, cancelled or timed-out element says so for
                        // MinJobAge; COMPLETED without a file may be a slow shared file system; an
                        // element cancelled while pending leaves no trace. Wait a few polls unless failed.
                        let state = byElement["\(track.jobID)_\(chunk)"]?.state
                        track.lostPolls += 1
                        track.lastState = state ?? "gone from squeue"
                        let definite = state != nil && state != "COMPLETED"
                        if definite || track.lostPolls >= settings.missingPollsBeforeLost {
                            lost.append((chunk, track.lastState))
                        } else {
                            queued += 1
                        }
                    }
                    tracks[chunk] = track
                }
                counts.done = done.count
                counts.queued = queued
                counts.running = running
                if !lost.isEmpty {
                    counts.failed += lost.count
                    for (chunk, why) in lost where tracks[chunk]!.attempts >= settings.maxAttempts {
                        let log = slurmDirectory.appendingPathComponent("\(tracks[chunk]!.jobID)_\(chunk).out").path
                        let note = job.store.failure(of: chunk).map { "; worker said: \($0)" } ?? ""
                        throw ChunkFailure(step: job.step, chunk: chunk, attempts: tracks[chunk]!.attempts,
                                           reason: "job \(tracks[chunk]!.jobID)_\(chunk) ended \(why)\(note) (log: \(log))")
                    }
                    let again = lost.map(\.chunk)
                    let id = try await submit(again, job: job, name: name, script: script, logs: slurmDirectory, knownJobs: Set(counts.jobs))
                    for chunk in again {
                        tracks[chunk]!.attempts += 1
                        tracks[chunk]!.jobID = id
                        tracks[chunk]!.lostPolls = 0
                        tracks[chunk]!.lastState = "submitted"
                    }
                    counts.resubmitted += again.count
                    counts.queued += again.count
                    counts.jobs.append(id)
                    job.log("  \(job.step): resubmitted chunk\(again.count > 1 ? "s" : "") "
                            + lost.map { "\($0.chunk) (\($0.why))" }.joined(separator: ", ") + " as job \(id)")
                }
                job.report(counts)
            }
        } catch {
            // Do not leave elements running for a build that gave up.
            let active = Set(tracks.values.map(\.jobID)).sorted()
            try? await scheduler.cancel(active)
            throw error
        }
    }

    /// `sbatch` with back-off. Before each retry it asks `squeue` whether a timed-out `sbatch`
    /// got through after all (a new job of this name), so a chunk is never submitted twice.
    private func submit(_ chunks: [Int], job: ChunkJob, name: String, script: URL, logs: URL, knownJobs: Set<String>) async throws -> String {
        let submission = ArraySubmission(jobName: name, indices: chunks, maxRunning: settings.maxJobs, script: script,
                                         outputPattern: logs.appendingPathComponent("%A_%a.out").path,
                                         workingDirectory: worker.workingDirectory, partition: settings.partition,
                                         timeLimit: settings.timeLimit, extraArguments: settings.sbatchArguments)
        let wanted = Set(chunks)
        let scheduler = self.scheduler
        return try await settings.backoff.retrying(
            "sbatch", sleep: sleep, log: job.log,
            beforeRetry: {
                guard let tasks = try? await scheduler.tasks(named: name) else { return nil }
                return tasks.first { !knownJobs.contains($0.jobID) && wanted.contains($0.index) }?.jobID
            },
            { try await scheduler.submit(submission) })
    }

    private func retrying<T: Sendable>(_ operation: String, log: @escaping @Sendable (String) -> Void,
                                       _ body: @Sendable () async throws -> T) async throws -> T {
        try await settings.backoff.retrying(operation, sleep: sleep, log: log, body)
    }
}

import Dispatch
import Foundation
import FolioStatistics
import FolioCache

/// Runs the missing chunks of a splittable step and leaves each finished chunk in the step's
/// `ChunkStore`. The runner prepares the step, asks the executor for the chunks that are not yet
/// stored, then reads them all back (verified) and calls the kind's `finish` itself, so every
/// executor yields the same bytes.
///
/// `LocalExecutor` (the default) runs chunks in this process on all cores; `SlurmExecutor`
/// (FolioCluster) submits them as one job array of `folio worker` processes.
public protocol ChunkExecutor: Sendable {
    /// "local" or "slurm", for logs and the status file.
    var name: String { get }
    /// Returns once every chunk in `job.missing` is in `job.store`, or throws.
    func produce(_ job: ChunkJob) async throws
}

/// One splittable step's chunks, as the runner hands them to an executor.
public struct ChunkJob: Sendable {
    public let analysis: String
    public let step: String
    /// The step's cache key: names its chunk store and, for Slurm, its job name and worker check.
    public let key: String
    public let chunkCount: Int
    /// Chunks not yet in the store, ascending.
    public let missing: [Int]
    public let store: ChunkStore
    /// Threads the step may use (local executor).
    public let threads: Int
    /// Computes one chunk in this process (what the local executor runs; a worker does the same).
    public let computeLocally: @Sendable (Int) throws -> Data
    /// Tell the progress bar and the status file where the chunks stand.
    public let report: @Sendable (ChunkCounts) -> Void
    /// One line for the build log.
    public let log: @Sendable (String) -> Void

    public init(analysis: String, step: String, key: String, chunkCount: Int, missing: [Int], store: ChunkStore, threads: Int,
                computeLocally: @escaping @Sendable (Int) throws -> Data, report: @escaping @Sendable (ChunkCounts) -> Void,
                log: @escaping @Sendable (String) -> Void) {
        self.analysis = analysis
        self.step = step
        self.key = key
        self.chunkCount = chunkCount
        self.missing = missing
        self.store = store
        self.threads = threads
        self.computeLocally = computeLocally
        self.report = report
        self.log = log
    }
}

/// Where the chunks of one step stand (status file and progress bar).
public struct ChunkCounts: Codable, Hashable, Sendable {
    public var total: Int
    /// Stored and verified (including chunks found from an interrupted build).
    public var done: Int
    public var queued: Int = 0
    public var running: Int = 0
    /// Attempts that ended without a chunk (failed, cancelled, preempted, timed out) so far.
    public var failed: Int = 0
    /// Chunks submitted again after a failed attempt.
    public var resubmitted: Int = 0
    /// Scheduler job ids (Slurm array job ids), oldest first.
    public var jobs: [String] = []

    public init(total: Int, done: Int, queued: Int = 0, running: Int = 0, failed: Int = 0, resubmitted: Int = 0, jobs: [String] = []) {
        self.total = total
        self.done = done
        self.queued = queued
        self.running = running
        self.failed = failed
        self.resubmitted = resubmitted
        self.jobs = jobs
    }

    /// "3 running, 5 queued, 1 failed (jobs 12, 20)" — what the progress bar shows after the counts.
    public var detail: String {
        var parts: [String] = []
        if running > 0 { parts.append("\(running) running") }
        if queued > 0 { parts.append("\(queued) queued") }
        if failed > 0 { parts.append("\(failed) failed") }
        if resubmitted > 0 { parts.append("\(resubmitted) resubmitted") }
        if !jobs.isEmpty { parts.append("job\(jobs.count > 1 ? "s" : "") \(jobs.joined(separator: ", "))") }
        return parts.joined(separator: ", ")
    }
}

/// The default executor: the missing chunks in this process, `job.threads` at a time. Each chunk is
/// stored as soon as it finishes, so a build killed midway resumes with the chunks already done.
public struct LocalExecutor: ChunkExecutor {
    public init() {}
    public var name: String { "local" }

    public func produce(_ job: ChunkJob) async throws {
        let missing = job.missing
        guard !missing.isEmpty else { return }
        let failures = ChunkSlots<Error>(count: missing.count)
        let counter = DoneCounter(done: job.chunkCount - missing.count)
        // Off the cooperative pool: chunks are long, blocking CPU work.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                let queue = DispatchQueue(label: "folio.chunks", attributes: .concurrent)
                let group = DispatchGroup()
                let limiter = DispatchSemaphore(value: max(1, job.threads))
                for (slot, chunk) in missing.enumerated() {
                    limiter.wait()
                    queue.async(group: group) {
                        defer { limiter.signal() }
                        do {
                            try job.store.write(try job.computeLocally(chunk), chunk: chunk)
                            let done = counter.increment()
                            job.report(ChunkCounts(total: job.chunkCount, done: done))
                        } catch {
                            failures[slot] = error
                        }
                    }
                }
                group.wait()
                continuation.resume()
            }
        }
        if let (slot, error) = failures.values.enumerated().first(where: { $0.element != nil }) {
            throw ChunkFailure(step: job.step, chunk: missing[slot], attempts: 1, reason: "\(error!)")
        }
    }
}

/// A chunk could not be produced (after `attempts` tries).
public struct ChunkFailure: Error, CustomStringConvertible {
    public var step: String
    public var chunk: Int
    public var attempts: Int
    public var reason: String
    public init(step: String, chunk: Int, attempts: Int, reason: String) {
        self.step = step
        self.chunk = chunk
        self.attempts = attempts
        self.reason = reason
    }
    public var description: String {
        "chunk \(chunk) failed" + (attempts > 1 ? " \(attempts) times" : "") + ": \(reason)"
    }
}

final class DoneCounter: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var done: Int
    init(done: Int) { self.done = done }
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; done += 1; return done }
}

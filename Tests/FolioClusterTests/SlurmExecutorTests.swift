import Foundation
import Testing
import FolioCache
import FolioRunner
import FolioTestSupport
@testable import FolioCluster

/// The Slurm executor against `FakeSlurm`: submission of exactly the missing chunks as one array,
/// resubmission of failed and vanished elements, giving up after `maxAttempts`, back-off on
/// transient scheduler failures, no double submission after a timed-out sbatch, adoption of an
/// interrupted build's queued elements.
@Suite struct SlurmExecutorTests {
    static let poll = 0.001

    /// A job of `count` chunks whose chunk c is the bytes "chunk c"; `done` chunks are stored already.
    func makeJob(_ dir: TemporaryDirectory, count: Int, done: [Int] = [], counts: CountsLog = CountsLog()) throws -> ChunkJob {
        let store = ChunkStore(cacheRoot: dir.path(".cache"), key: String(repeating: "ab", count: 32))
        for c in done { try store.write(Data("chunk \(c)".utf8), chunk: c) }
        return ChunkJob(analysis: "a", step: "trials", key: store.key, chunkCount: count,
                        missing: (0..<count).filter { !done.contains($0) }, store: store, threads: 1,
                        computeLocally: { Data("chunk \($0)".utf8) }, report: { counts.append($0) }, log: { counts.log($0) })
    }

    func makeExecutor(_ fake: FakeSlurm, sleeps: SleepRecorder, _ adjust: (inout SlurmSettings) -> Void = { _ in }) -> SlurmExecutor {
        var settings = SlurmSettings()
        settings.maxJobs = 4
        settings.pollSeconds = Self.poll
        settings.backoff = BackoffPolicy(initialDelay: 1, multiplier: 2, maximumDelay: 8, patience: 60)
        adjust(&settings)
        let worker = WorkerInvocation(executable: "/opt/folio/bin/folio", arguments: ["worker", "toy"], workingDirectory: URL(fileURLWithPath: "/project"))
        return SlurmExecutor(settings: settings, worker: worker, scheduler: SlurmScheduler(runner: fake, timeout: 5), sleep: sleeps.sleep)
    }

    /// The fake's elements write the chunk the way a worker would.
    func completing(_ fake: FakeSlurm, _ job: ChunkJob) {
        fake.runElement = { chunk in (try? job.store.write(job.computeLocally(chunk), chunk: chunk)) != nil }
    }

    func backoffWaits(_ sleeps: SleepRecorder) -> [Double] { sleeps.waits.filter { $0 != Self.poll } }

    @Test func submitsOnlyTheMissingChunksAsOneArray() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder(), counts = CountsLog()
        let job = try makeJob(dir, count: 10, done: [3, 4, 8], counts: counts)
        completing(fake, job)
        try await makeExecutor(fake, sleeps: sleeps).produce(job)

        #expect(fake.submittedArrays == ["0-2,5-7,9%4"])
        for c in 0..<10 { #expect(job.store.read(c) == .valid(Data("chunk \(c)".utf8))) }
        #expect(counts.last?.done == 10)
        #expect(counts.last?.jobs == ["100"])
        // The job script runs this binary's worker for the step, checking the key.
        let script = try String(contentsOf: job.store.directory.appendingPathComponent("slurm/worker.sh"), encoding: .utf8)
        #expect(script.contains("exec /opt/folio/bin/folio worker toy --step trials --key \(job.key) --chunk \"$SLURM_ARRAY_TASK_ID\""))
        #expect(script.contains("cd /project || exit 1"))
        let sbatch = try #require(fake.sbatchCalls.first)
        #expect(sbatch.contains("--job-name=folio-abababababab"))
        #expect(sbatch.contains("--output=\(job.store.directory.path)/slurm/%A_%a.out"))
    }

    @Test func resubmitsFailedAndVanishedChunksInOneArray() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder(), counts = CountsLog()
        let job = try makeJob(dir, count: 6, counts: counts)
        completing(fake, job)
        // Chunk 2's first element fails (a preempted or crashed job); chunk 5's first is cancelled while pending.
        fake.fate = { chunk, attempt in
            if chunk == 2 && attempt == 1 { return .fail }
            if chunk == 5 && attempt == 1 { return .vanishWhilePending }
            return .complete
        }
        try await makeExecutor(fake, sleeps: sleeps).produce(job)

        for c in 0..<6 { #expect(job.store.isDone(c)) }
        #expect(fake.submittedArrays.first == "0-5%4")
        #expect(fake.submittedArrays.count >= 2)
        // Every resubmission holds only the lost chunks; together they are exactly 2 and 5.
        let resubmitted = fake.submittedArrays.dropFirst().flatMap { ArraySpec.parse(String($0.split(separator: "%")[0])) }
        #expect(Set(resubmitted) == [2, 5])
        #expect(counts.last?.resubmitted == 2)
        #expect(counts.last?.failed == 2)
        #expect(counts.lines.contains { $0.contains("resubmitted chunk") && $0.contains("2 (FAILED)") })
        #expect(counts.lines.contains { $0.contains("resubmitted chunk") && $0.contains("5 (gone from squeue)") })
    }

    @Test func givesUpOnAChunkAfterMaxAttemptsNamingTheWorkersError() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder()
        let job = try makeJob(dir, count: 3)
        fake.runElement = { chunk in
            if chunk == 1 { job.store.writeFailure("step 'trials': input 'fit' cannot be read", chunk: 1); return false }
            return (try? job.store.write(job.computeLocally(chunk), chunk: chunk)) != nil
        }
        await #expect {
            try await makeExecutor(fake, sleeps: sleeps) { $0.maxAttempts = 3 }.produce(job)
        } throws: { error in
            guard let failure = error as? ChunkFailure else { return false }
            return failure.chunk == 1 && failure.attempts == 3 && failure.description.contains("ended FAILED")
                && failure.description.contains("worker said: step 'trials': input 'fit' cannot be read")
        }
        #expect(fake.submittedArrays == ["0-2%4", "1%4", "1%4"])
    }

    @Test func retriesTransientSchedulerFailuresWithExponentialBackoff() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder(), counts = CountsLog()
        let job = try makeJob(dir, count: 4, counts: counts)
        completing(fake, job)
        fake.failures["squeue"] = [.error("Socket timed out on send/recv operation"), .timeout,
                                   .error("Unable to contact slurm controller (connect failure)")]
        fake.failures["sbatch"] = [.error("Slurm temporarily unable to accept job, sleeping and retrying")]
        try await makeExecutor(fake, sleeps: sleeps).produce(job)

        for c in 0..<4 { #expect(job.store.isDone(c)) }
        // squeue (the adoption check comes first): 1, 2, 4 s; then sbatch: one retry after 1 s.
        #expect(backoffWaits(sleeps) == [1, 2, 4, 1])
        #expect(fake.submittedArrays == ["0-3%4", "0-3%4"])  // the refused sbatch and its retry
        #expect(Set(fake.elements.map(\.jobID)) == ["100"])
        #expect(counts.lines.contains { $0.contains("warning: sbatch failed (sbatch: sbatch: error: Slurm temporarily unable") && $0.contains("retry 1 in 1.0 s") })
    }

    @Test func aTimedOutSbatchThatGotThroughIsNotSubmittedTwice() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder()
        let job = try makeJob(dir, count: 4)
        completing(fake, job)
        fake.failures["sbatch"] = [.submitButTimeout]
        try await makeExecutor(fake, sleeps: sleeps).produce(job)
        for c in 0..<4 { #expect(job.store.isDone(c)) }
        #expect(fake.sbatchCalls.count == 1)  // the retry found the job by name instead of submitting again
        #expect(Set(fake.elements.map(\.jobID)) == ["100"])
    }

    @Test func aPermanentSchedulerErrorEndsTheBuildAtOnce() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder()
        let job = try makeJob(dir, count: 2)
        fake.failures["sbatch"] = [.error("Batch job submission failed: Invalid partition name specified")]
        await #expect {
            try await makeExecutor(fake, sleeps: sleeps).produce(job)
        } throws: { error in
            (error as? SchedulerError)?.isTransient == false && "\(error)".contains("Invalid partition name specified")
        }
        #expect(backoffWaits(sleeps).isEmpty)
    }

    @Test func aSchedulerGoneForGoodFailsAfterThePatience() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder()
        let job = try makeJob(dir, count: 2)
        completing(fake, job)
        fake.failures["squeue"] = Array(repeating: .timeout, count: 1000)
        await #expect {
            try await makeExecutor(fake, sleeps: sleeps).produce(job)
        } throws: { error in
            guard let e = error as? SchedulerUnavailable else { return false }
            return e.operation == "squeue" && e.lastError.contains("did not answer within 5 s")
        }
        // 1 + 2 + 4 + 8 + 8 + ... within the 60 s patience.
        #expect(backoffWaits(sleeps) == [1, 2, 4, 8, 8, 8, 8, 8, 8])
    }

    @Test func adoptsElementsAnInterruptedBuildLeftQueued() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder(), counts = CountsLog()
        let job = try makeJob(dir, count: 5, done: [0], counts: counts)
        completing(fake, job)
        let earlier = fake.addQueued(name: SlurmExecutor.jobName(key: job.key), indices: [1, 2])
        try await makeExecutor(fake, sleeps: sleeps).produce(job)
        for c in 0..<5 { #expect(job.store.isDone(c)) }
        #expect(fake.submittedArrays == ["3-4%4"])
        #expect(counts.last?.jobs == [earlier, "101"])
        #expect(counts.lines.contains { $0.contains("adopting 2 chunks still queued from an earlier build (job \(earlier))") })
    }

    @Test func cancelsItsElementsWhenItGivesUp() async throws {
        let dir = TemporaryDirectory("slurm-exec")
        let fake = FakeSlurm(), sleeps = SleepRecorder()
        let job = try makeJob(dir, count: 8)
        fake.maxRunningPerRound = 1
        fake.runElement = { chunk in chunk == 0 ? false : ((try? job.store.write(job.computeLocally(chunk), chunk: chunk)) != nil) }
        await #expect(throws: ChunkFailure.self) {
            try await makeExecutor(fake, sleeps: sleeps) { $0.maxAttempts = 1 }.produce(job)
        }
        let scancel = fake.withLock { fake.calls.filter { $0.command == "scancel" } }
        #expect(scancel.count == 1)
        #expect(fake.elements.contains { $0.state == "CANCELLED" })
    }
}

/// Collects what the executor reports.
final class CountsLog: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var counts: [ChunkCounts] = []
    private var logged: [String] = []
    func append(_ c: ChunkCounts) { lock.lock(); counts.append(c); lock.unlock() }
    func log(_ line: String) { lock.lock(); logged.append(line); lock.unlock() }
    var last: ChunkCounts? { lock.lock(); defer { lock.unlock() }; return counts.last }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return logged }
}

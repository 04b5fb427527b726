import Foundation
import Testing
import FolioCache
import FolioModel
import FolioTestSupport
@testable import FolioCluster

/// The command lines Folio sends to Slurm and how it reads the answers, the `folio.json`
/// configuration, the back-off schedule and the chunk store's checks.
@Suite struct SchedulerCommandTests {
    @Test func arraySpecsCompressAndExpand() {
        #expect(ArraySpec.format([9, 0, 1, 2, 5, 6, 7, 2]) == "0-2,5-7,9")
        #expect(ArraySpec.format([4]) == "4")
        #expect(ArraySpec.parse("0-2,5-7,9") == [0, 1, 2, 5, 6, 7, 9])
    }

    @Test func squeueLinesBecomeArrayElements() {
        let text = """
            5_0|CANCELLED|None
            5_3|PENDING|JobArrayTaskLimit
            5_2|RUNNING|None
            7_[4-6,9%2]|PENDING|JobArrayTaskLimit
            8|RUNNING|None
            garbage
            """
        let tasks = SlurmScheduler.parseSqueue(text)
        #expect(tasks == [
            ArrayTask(jobID: "5", index: 0, state: "CANCELLED", reason: "None"),
            ArrayTask(jobID: "5", index: 3, state: "PENDING", reason: "JobArrayTaskLimit"),
            ArrayTask(jobID: "5", index: 2, state: "RUNNING", reason: "None"),
            ArrayTask(jobID: "7", index: 4, state: "PENDING", reason: "JobArrayTaskLimit"),
            ArrayTask(jobID: "7", index: 5, state: "PENDING", reason: "JobArrayTaskLimit"),
            ArrayTask(jobID: "7", index: 6, state: "PENDING", reason: "JobArrayTaskLimit"),
            ArrayTask(jobID: "7", index: 9, state: "PENDING", reason: "JobArrayTaskLimit"),
        ])
        #expect(tasks.filter(\.isActive).count == 6)
        #expect(!tasks[0].isActive)
    }

    @Test func sbatchGetsOneThrottledArray() {
        let s = ArraySubmission(jobName: "folio-abc", indices: [3, 1, 2, 8], maxRunning: 50, script: URL(fileURLWithPath: "/o/w.sh"),
                                outputPattern: "/o/%A_%a.out", workingDirectory: URL(fileURLWithPath: "/p"), partition: "short",
                                timeLimit: "00:10:00", extraArguments: ["--account=icecube"])
        #expect(SlurmScheduler.sbatchArguments(s) == [
            "--parsable", "--array=1-3,8%50", "--job-name=folio-abc", "--output=/o/%A_%a.out", "--chdir=/p", "--cpus-per-task=1",
            "--partition=short", "--time=00:10:00", "--account=icecube", "/o/w.sh",
        ])
    }

    @Test func schedulerErrorsAreTransientUnlessRetryingCannotHelp() {
        func classify(_ stderr: String) -> Bool {
            SchedulerError.classify(command: "sbatch", output: CommandOutput(status: 1, stdout: "", stderr: stderr)).isTransient
        }
        #expect(classify("sbatch: error: Batch job submission failed: Socket timed out on send/recv operation"))
        #expect(classify("squeue: error: Unable to contact slurm controller (connect failure)"))
        #expect(!classify("sbatch: error: Batch job submission failed: Invalid partition name specified"))
        #expect(!classify("sbatch: unrecognized option '--bogus'"))
        #expect((SchedulerError.from(CommandError.timedOut("squeue", seconds: 60), command: "squeue") as? SchedulerError)?.isTransient == true)
        #expect((SchedulerError.from(CommandError.notFound("sbatch"), command: "sbatch") as? SchedulerError)?.isTransient == false)
    }

    @Test func theRealCommandRunnerKillsAHungCommand() async throws {
        // The error comes only after the killed process has ended, so it proves the kill (a
        // `sleep 600` left alone would hold the test for ten minutes).
        await #expect(throws: CommandError.timedOut("sleep", seconds: 0.3)) {
            _ = try await ProcessCommandRunner().run("sleep", ["600"], timeout: 0.3)
        }
        let echo = try await ProcessCommandRunner().run("sh", ["-c", "echo out; echo err >&2; exit 3"], timeout: 10)
        #expect(echo == CommandOutput(status: 3, stdout: "out\n", stderr: "err\n"))
        await #expect(throws: CommandError.notFound("no-such-command-folio")) {
            _ = try await ProcessCommandRunner().run("no-such-command-folio", [], timeout: 1)
        }
    }

    @Test func backoffDoublesUpToItsMaximumWithinThePatience() {
        #expect(BackoffPolicy(initialDelay: 1, multiplier: 2, maximumDelay: 60, patience: 300).delays == [1, 2, 4, 8, 16, 32, 60, 60, 60])
        #expect(BackoffPolicy(initialDelay: 5, multiplier: 2, maximumDelay: 60, patience: 0).delays == [])
    }

    @Test func folioJSONConfiguresTheExecutor() throws {
        let json = """
            {"executor": "slurm", "slurm": {"partition": "short", "maxJobs": 20, "sbatchArguments": ["--mem=4G"],
             "backoff": {"patience": 600}}}
            """
        let c = try ExecutorConfiguration.parse(Data(json.utf8), path: "/p/folio.json")
        #expect(c.kind == .slurm)
        #expect(c.slurm.partition == "short")
        #expect(c.slurm.maxJobs == 20)
        #expect(c.slurm.maxAttempts == 3)
        #expect(c.slurm.sbatchArguments == ["--mem=4G"])
        #expect(c.slurm.backoff == BackoffPolicy(initialDelay: 1, multiplier: 2, maximumDelay: 60, patience: 600))
        #expect(try ExecutorConfiguration.load(projectRoot: URL(fileURLWithPath: "/nonexistent")) == ExecutorConfiguration())
    }

    @Test func aBadFolioJSONNamesTheFileAndField() {
        func problem(_ json: String) -> String {
            do {
                _ = try ExecutorConfiguration.parse(Data(json.utf8), path: "/p/folio.json")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(problem(#"{"executor": "condor"}"#) == #"/p/folio.json: field 'executor': expected "local" or "slurm", found "condor""#)
        #expect(problem(#"{"slurm": {"maxjobs": 3}}"#).hasPrefix("/p/folio.json: unknown field 'slurm.maxjobs' (known: "))
        #expect(problem(#"{"slurm": {"maxJobs": "many"}}"#) == "/p/folio.json: field 'slurm.maxJobs': expected an integer, found a string")
        #expect(problem(#"{"slurm": {"maxJobs": 0}}"#) == "/p/folio.json: field 'slurm.maxJobs': must be at least 1, found 0")
        #expect(problem("{") .hasPrefix("/p/folio.json: not valid JSON"))
    }

    @Test func theChunkStoreVerifiesKeyChunkAndHash() throws {
        let dir = TemporaryDirectory("chunk-store")
        let store = ChunkStore(cacheRoot: dir.url, key: String(repeating: "1", count: 64))
        #expect(store.read(0) == .absent)
        try store.write(Data("[1.5,2.25]".utf8), chunk: 0)
        #expect(store.read(0) == .valid(Data("[1.5,2.25]".utf8)))
        // A chunk file copied under another index, or from another step's key, is not accepted.
        try FileManager.default.copyItem(at: store.url(of: 0), to: store.url(of: 1))
        guard case .corrupt(let why) = store.read(1) else { Issue.record("a misplaced chunk must be rejected"); return }
        #expect(why.contains("belongs to chunk 0"))
        let other = ChunkStore(cacheRoot: dir.url, key: String(repeating: "2", count: 64))
        try FileManager.default.createDirectory(at: other.directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: store.url(of: 0), to: other.url(of: 0))
        #expect(!other.isDone(0))
        // A truncated file is rejected too.
        let bytes = try Data(contentsOf: store.url(of: 0))
        try bytes.prefix(bytes.count / 2).write(to: store.url(of: 0))
        #expect(!store.isDone(0))
        store.writeFailure("boom", chunk: 0)
        #expect(store.failure(of: 0) == "boom")
        store.removeAll()
        #expect(!FileManager.default.fileExists(atPath: store.directory.path))
    }
}

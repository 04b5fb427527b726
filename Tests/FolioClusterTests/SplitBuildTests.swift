import Foundation
import Testing
import FolioCache
import FolioModel
import FolioRunner
@testable import FolioSteps
import FolioTestSupport
import FolioStatistics
@testable import FolioCluster

/// Whole builds of a toy analysis whose trials are split into chunks: Slurm (simulated by
/// `FakeSlurm`, whose elements run the real `folio worker` code path) against local, byte for byte;
/// resuming an interrupted build from the chunks it left; damaged chunks recomputed.
@Suite struct SplitBuildTests {
    static let analysis = Analysis("split", title: "Split trials", seed: 11) {
        ToySample("sample", events: 300, signalFraction: 0.05)
        ToyFit("fit", on: "sample")
        ToyTrials("background", of: "fit", trials: 240, chunkSize: 20)
    }
    static let chunkCount = 12

    func environment(_ dir: TemporaryDirectory, _ output: String) -> BuildEnvironment {
        BuildEnvironment(projectRoot: dir.url, dataRoot: dir.path("data"), outputDirectory: dir.path(output), jobs: 2,
                         toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
    }

    func builder(_ dir: TemporaryDirectory, _ output: String, executor: any ChunkExecutor = LocalExecutor(),
                 log: @escaping @Sendable (String) -> Void = { _ in }) -> Builder {
        Builder(registry: StandardKinds.registry, environment: environment(dir, output), executor: executor, log: log)
    }

    func published(_ dir: TemporaryDirectory, _ output: String) -> [String: Data] {
        fileTree(dir.path("\(output)/split"), excluding: ["build.json"])
    }

    @Test func aSlurmBuildIsByteIdenticalToALocalOne() async throws {
        let dir = TemporaryDirectory("split-build")
        _ = try await builder(dir, "local").build(Self.analysis)

        let fake = FakeSlurm()
        let worker = builder(dir, "slurm")
        fake.runElement = { chunk in
            // What `folio worker split --step background --key <key> --chunk <chunk>` does.
            (try? await worker.runWorkerChunks([chunk], ofStep: "background", in: Self.analysis, expectedKey: nil)) != nil
        }
        // One element fails once, as a preempted job would: it must be resubmitted and change nothing.
        fake.fate = { chunk, attempt in chunk == 7 && attempt == 1 ? .fail : .complete }
        var settings = SlurmSettings()
        settings.pollSeconds = 0.001
        let slurm = SlurmExecutor(settings: settings, worker: WorkerInvocation(executable: "folio", arguments: [], workingDirectory: dir.url),
                                  scheduler: SlurmScheduler(runner: fake, timeout: 5), sleep: { _ in })
        let summary = try await builder(dir, "slurm", executor: slurm).build(Self.analysis)
        #expect(summary.ranSteps.contains("background"))
        #expect(fake.submittedArrays.first == "0-11%100")
        #expect(fake.submittedArrays.dropFirst().contains("7%100"))

        let local = published(dir, "local"), cluster = published(dir, "slurm")
        #expect(local.keys.sorted() == cluster.keys.sorted())
        for (path, bytes) in local { #expect(cluster[path] == bytes, "\(path) differs between the local and the Slurm build") }
        #expect(local["results.json"] != nil && local["manifest.json"] != nil && local["tables/background-ts.csv"] != nil)
        // The chunks are removed once the step's entry holds the merged trials.
        let chunks = dir.path("slurm/.cache/chunks")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: chunks.path)) ?? []).isEmpty)
    }

    @Test func chunkedTrialsEqualTheTrialsDrawnDirectly() async throws {
        // ts.json must equal the TS of the pseudo-experiments drawn from (seed, chunk) without any
        // chunk store in between: the JSON round trip of every Double is exact.
        let dir = TemporaryDirectory("split-build")
        let b = builder(dir, "out")
        _ = try await b.build(Self.analysis)
        let plan = try b.plan(Self.analysis)
        let key = try #require(plan.step(named: "background")).key
        let stored = try JSONDecoder().decode([Double].self, from: Data(contentsOf: dir.path("out/.cache/steps/\(key)/files/out/ts.json")))
        let fitKey = try #require(plan.step(named: "fit")).key
        let fit = try JSONDecoder().decode(ToyFitResult.self, from: Data(contentsOf: dir.path("out/.cache/steps/\(fitKey)/files/out/fit.json")))
        var direct: [Double] = []
        for chunk in 0..<Self.chunkCount {
            var rng = Xoshiro256StarStar(seed: SeedDerivation.seed(analysisSeed: 11, step: "background", set: "background", chunk: chunk))
            for _ in 0..<20 {
                let xs = (0..<fit.events).map { _ in fit.shapes.drawBackground(rng.nextUniform()) }
                direct.append(fit.shapes.fit(xs).ts)
            }
        }
        #expect(stored.count == 240)
        #expect(stored.map(\.bitPattern) == direct.map(\.bitPattern))
        #expect(stored.contains { $0 > 0 })
    }

    @Test func anInterruptedBuildResumesWithTheChunksItFinished() async throws {
        let dir = TemporaryDirectory("split-build")
        await #expect(throws: StepFailure.self) {
            _ = try await builder(dir, "out", executor: InterruptingExecutor(finishing: 5)).build(Self.analysis)
        }
        let lines = LineLog()
        let counting = CountingExecutor()
        _ = try await builder(dir, "out", executor: counting, log: lines.append).build(Self.analysis)
        #expect(counting.requested == [Array(5..<Self.chunkCount)])
        #expect(lines.all.contains("  background: resuming with 5 of 12 chunks already done"))

        _ = try await builder(dir, "fresh").build(Self.analysis)
        #expect(published(dir, "out") == published(dir, "fresh"))
    }

    @Test func aDamagedChunkIsRecomputedNotUsed() async throws {
        let dir = TemporaryDirectory("split-build")
        await #expect(throws: StepFailure.self) {
            _ = try await builder(dir, "out", executor: InterruptingExecutor(finishing: 3)).build(Self.analysis)
        }
        let key = try builder(dir, "out").plan(Self.analysis).step(named: "background")!.key
        let store = ChunkStore(cacheRoot: dir.path("out/.cache"), key: key)
        // Flip one payload character of chunk 1 (as a bad disk or a truncated copy would).
        var text = try String(contentsOf: store.url(of: 1), encoding: .utf8)
        let payload = try #require(text.range(of: "\"payload\" : \""))
        let at = text.index(payload.upperBound, offsetBy: 5)
        text.replaceSubrange(at...at, with: text[at] == "A" ? "B" : "A")
        try text.write(to: store.url(of: 1), atomically: true, encoding: .utf8)
        guard case .corrupt = store.read(1) else { Issue.record("a flipped payload byte must fail the sha256 check"); return }

        let lines = LineLog(), counting = CountingExecutor()
        _ = try await builder(dir, "out", executor: counting, log: lines.append).build(Self.analysis)
        #expect(counting.requested == [[1] + Array(3..<Self.chunkCount)])
        #expect(lines.all.contains { $0.hasPrefix("warning: step 'background': chunk 1 of \(key.prefix(12)): payload fails its sha256 check") })
        _ = try await builder(dir, "fresh").build(Self.analysis)
        #expect(published(dir, "out") == published(dir, "fresh"))
    }

    @Test func theStatusFileTracksStepsAndChunks() async throws {
        let dir = TemporaryDirectory("split-build")
        _ = try await builder(dir, "out").build(Self.analysis)
        let status = try JSONDecoder().decode(BuildStatusFile.self, from: Data(contentsOf: dir.path("out/.status.json")))
        #expect(status.analysis == "split")
        #expect(status.state == "finished")
        #expect(status.executor == "local")
        #expect(status.steps.map(\.name) == ["sample", "fit", "background"])
        #expect(status.steps.map(\.state) == ["done", "done", "done"])
        #expect(status.steps[2].chunks == ChunkCounts(total: 12, done: 12))
    }
}

/// Produces the first `finishing` missing chunks, then fails, as a killed build would leave them.
struct InterruptingExecutor: ChunkExecutor {
    struct Interrupted: Error {}
    var finishing: Int
    var name: String { "interrupting" }
    func produce(_ job: ChunkJob) async throws {
        for chunk in job.missing.prefix(finishing) { try job.store.write(try job.computeLocally(chunk), chunk: chunk) }
        throw Interrupted()
    }
}

/// The local executor, recording which chunks it was asked for.
final class CountingExecutor: ChunkExecutor, @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var asked: [[Int]] = []
    var name: String { "local" }
    var requested: [[Int]] { lock.lock(); defer { lock.unlock() }; return asked }
    private func record(_ missing: [Int]) { lock.lock(); asked.append(missing); lock.unlock() }
    func produce(_ job: ChunkJob) async throws {
        record(job.missing)
        try await LocalExecutor().produce(job)
    }
}

final class LineLog: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    var append: @Sendable (String) -> Void { { [self] line in lock.lock(); lines.append(line); lock.unlock() } }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

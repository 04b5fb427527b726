import Foundation
import Testing
import FolioCache
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

@Suite struct CachingTests {
    @Test func secondBuildRunsNothing() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir)
        let first = try await builder.build(twoChains())
        #expect(first.ranSteps == ["a", "b", "fitA", "fitB", "trialsA"])
        #expect(first.published)
        let second = try await builder.build(twoChains())
        #expect(second.ranSteps.isEmpty)
        #expect(second.cachedSteps.count == 5)
        #expect(!second.published)  // the folder already held exactly this build
    }

    @Test func changingOneParameterRerunsExactlyThatStepAndItsDependents() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir)
        _ = try await builder.build(twoChains())
        let changed = try await builder.build(twoChains(eventsA: 401), options: BuildOptions(explain: true))
        #expect(changed.ranSteps == ["a", "fitA", "trialsA"])
        #expect(changed.outcomes["a"] == .ran([.parametersChanged(["'events' (400 -> 401)"])]))
        #expect(changed.outcomes["fitA"] == .ran([.upstreamChanged(input: "sample", step: "a")]))

        let trialsOnly = try await builder.build(twoChains(eventsA: 401, trialsA: 50))
        #expect(trialsOnly.ranSteps == ["trialsA"])

        // The analysis seed enters only the keys of steps that draw random numbers.
        let reseeded = try await builder.build(twoChains(eventsA: 401, trialsA: 50, seed: 2))
        #expect(reseeded.ranSteps == ["a", "b", "fitA", "fitB", "trialsA"])
        #expect(reseeded.outcomes["a"] == .ran([.seedChanged]))
        #expect(reseeded.outcomes["fitB"] == .ran([.upstreamChanged(input: "sample", step: "b")]))
    }

    @Test func corruptEntriesAreDetectedRecomputedAndGiveIdenticalOutputs() async throws {
        let clean = TemporaryDirectory()
        _ = try await makeBuilder(clean).build(twoChains())
        let reference = fileTree(clean.path("output/chains"), excluding: ["build.json"])
        #expect(reference.keys.contains("results.json"))
        #expect(reference.keys.contains("tables/trialsA-ts.csv"))

        let dir = TemporaryDirectory()
        let log = LogLines()
        let builder = makeBuilder(dir, log: log.append)
        let first = try await builder.build(twoChains())
        _ = first
        let store = ArtifactStore(root: dir.path("output/.cache"))
        let plan = try builder.plan(twoChains())
        // Truncate the sample of chain a, flip a byte in the TS table of trialsA.
        let sampleKey = plan.step(named: "a")!.key
        let sampleFile = store.filesDirectory(for: sampleKey).appendingPathComponent("out/sample.json")
        let sample = try Data(contentsOf: sampleFile)
        try sample.prefix(sample.count / 2).write(to: sampleFile)
        let trialsKey = plan.step(named: "trialsA")!.key
        let table = store.filesDirectory(for: trialsKey).appendingPathComponent("pub/tables/trialsA-ts.csv")
        var bytes = try Data(contentsOf: table)
        bytes[bytes.count / 2] ^= 0x04
        try bytes.write(to: table)
        // Damage the published copy too: the build must restore it.
        try Data("garbage".utf8).write(to: dir.path("output/chains/results.json"))

        let rebuilt = try await builder.build(twoChains())
        #expect(rebuilt.ranSteps == ["a", "trialsA"])
        guard case .ran(let reasons)? = rebuilt.outcomes["a"], case .corruptEntry(let why)? = reasons.first else {
            Issue.record("step a should report a corrupt entry"); return
        }
        #expect(why == "file out/sample.json has the wrong size (truncated?)")
        #expect(log.lines.contains { $0.hasPrefix("warning: step 'trialsA': cache entry") && $0.hasSuffix("file pub/tables/trialsA-ts.csv fails its sha256 check; recomputing") })
        #expect(fileTree(dir.path("output/chains"), excluding: ["build.json"]) == reference)
    }

    @Test func resultsCarryTheirStepKeyAndUnits() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir)
        _ = try await builder.build(twoChains())
        let results = try StableJSON.read([String: ResultValue].self, from: dir.path("output/chains/results.json"))
        let plan = try builder.plan(twoChains())
        #expect(results["a.events"]?.value == 400)
        #expect(results["a.events"]?.unit == .events)
        #expect(results["fitA.signalFraction"]?.step == "fitA")
        #expect(results["fitA.signalFraction"]?.key == plan.step(named: "fitA")!.key)
        let manifest = try StableJSON.read(Manifest.self, from: dir.path("output/chains/manifest.json"))
        #expect(manifest.steps.map(\.name) == ["a", "b", "fitA", "fitB", "trialsA"])
        #expect(manifest.step(named: "trialsA")?.outputs.map(\.path) == ["out/ts.json", "pub/tables/trialsA-ts.csv"])
        #expect(manifest.step(named: "trialsA")?.seed != nil)
        #expect(manifest.step(named: "fitA")?.seed == nil)
    }

    @Test func trialsAreIdenticalWhateverTheNumberOfJobs() async throws {
        let one = TemporaryDirectory(), two = TemporaryDirectory()
        _ = try await makeBuilder(one, jobs: 1).build(twoChains())
        _ = try await makeBuilder(two, jobs: 2).build(twoChains())
        let a = fileTree(one.path("output/chains"), excluding: ["build.json"])
        let b = fileTree(two.path("output/chains"), excluding: ["build.json"])
        #expect(a == b)
    }

    @Test func noCacheRerunsEverythingWithTheSameResult() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir)
        _ = try await builder.build(twoChains())
        let before = fileTree(dir.path("output/chains"), excluding: ["build.json"])
        let again = try await builder.build(twoChains(), options: BuildOptions(noCache: true))
        #expect(again.ranSteps.count == 5)
        #expect(again.outcomes["b"] == .ran([.cacheDisabled]))
        #expect(fileTree(dir.path("output/chains"), excluding: ["build.json"]) == before)
    }

    /// The no-op check of output/ compares published files by SHA-256 (remembered by stat), not
    /// by size: a same-size edit of a published table is replaced.
    @Test func sameSizeEditOfAPublishedFileIsRestored() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir)
        _ = try await builder.build(twoChains())
        let reference = fileTree(dir.path("output/chains"), excluding: ["build.json"])
        let table = dir.path("output/chains/tables/trialsA-ts.csv")
        var bytes = try Data(contentsOf: table)
        bytes[bytes.count / 2] ^= 0x04
        try bytes.write(to: table)
        let again = try await builder.build(twoChains())
        #expect(again.ranSteps.isEmpty)
        #expect(again.published)
        #expect(fileTree(dir.path("output/chains"), excluding: ["build.json"]) == reference)
        // And with every stat distrusted (`--verify-cache`) the same.
        try bytes.write(to: table)
        #expect(try await builder.build(twoChains(), options: BuildOptions(verifyCache: true)).published)
        #expect(fileTree(dir.path("output/chains"), excluding: ["build.json"]) == reference)
    }

    /// A data file rewritten with the same size reruns the step that reads it (the stat memo
    /// of input files hashes it again: its stamp changed).
    @Test func sameSizeEditOfAnInputFileRerunsItsStep() async throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.path("data"), withIntermediateDirectories: true)
        try Data("1 2 3\n".utf8).write(to: dir.path("data/numbers.txt"))
        let builder = makeBuilder(dir, extra: [SumKind.self])
        let analysis = Analysis("sum", title: "Sum") { StepSpec("sum", SumKind.Parameters(), inputs: ["numbers": .file("numbers.txt")]) }
        let first = try await builder.build(analysis)
        #expect(first.ranSteps == ["sum"])
        #expect(try await builder.build(analysis).ranSteps.isEmpty)
        try Data("1 2 4\n".utf8).write(to: dir.path("data/numbers.txt"))
        let changed = try await builder.build(analysis, options: BuildOptions(explain: true))
        #expect(changed.ranSteps == ["sum"])
        let results = try JSONDecoder().decode([String: ResultValue].self, from: Data(contentsOf: dir.path("output/sum/results.json")))
        #expect(results["sum.total"]?.value == 7)
    }

    /// A data folder input lists every file below it (hidden ones and links to folders left out),
    /// once per plan however many steps read it, and a change to any listed file reruns the steps.
    @Test func folderInputsListTheirFilesAndNoticeAChangedOne() async throws {
        let dir = TemporaryDirectory()
        let fm = FileManager.default
        for folder in ["data/release/season/deep", "data/release/.hidden", "data/elsewhere"] {
            try fm.createDirectory(at: dir.path(folder), withIntermediateDirectories: true)
        }
        try Data("1 2 3\n".utf8).write(to: dir.path("data/release/a.txt"))
        try Data("4\n".utf8).write(to: dir.path("data/release/season/deep/b.txt"))
        try Data("99\n".utf8).write(to: dir.path("data/release/.dotfile"))
        try Data("98\n".utf8).write(to: dir.path("data/release/.hidden/c.txt"))
        try Data("5\n".utf8).write(to: dir.path("data/elsewhere/d.txt"))
        try fm.createSymbolicLink(atPath: dir.path("data/release/linked.txt").path, withDestinationPath: dir.path("data/elsewhere/d.txt").path)
        try fm.createSymbolicLink(atPath: dir.path("data/release/linked-folder").path, withDestinationPath: dir.path("data/elsewhere").path)
        let builder = makeBuilder(dir, extra: [FolderSumKind.self])
        let analysis = Analysis("folder", title: "Folder") {
            StepSpec("one", FolderSumKind.Parameters(), inputs: ["release": .directory("release")])
            StepSpec("two", FolderSumKind.Parameters(scale: 2), inputs: ["release": .directory("release")])
        }
        let plan = try builder.plan(analysis)
        let listing = try #require(plan.steps.first?.folderContents["release"])
        #expect(listing.map(\.path) == ["release/a.txt", "release/linked.txt", "release/season/deep/b.txt"])
        #expect(listing.map(\.bytes) == [6, UInt64(dir.path("data/elsewhere/d.txt").path.utf8.count), 2])  // a link counts its own size
        #expect(listing[2].sha256 == ContentHash.sha256(Data("4\n".utf8)))
        #expect(plan.steps[1].folderContents["release"] == listing)

        #expect(try await builder.build(analysis).ranSteps == ["one", "two"])
        #expect(try await builder.build(analysis).ranSteps.isEmpty)
        try Data("9\n".utf8).write(to: dir.path("data/release/season/deep/b.txt"))  // same size, deep inside
        #expect(try await builder.build(analysis).ranSteps == ["one", "two"])
        try Data("7\n".utf8).write(to: dir.path("data/release/.hidden/c.txt"))  // hidden: not part of the input
        #expect(try await builder.build(analysis).ranSteps.isEmpty)
        try Data("1\n".utf8).write(to: dir.path("data/release/season/new.txt"))
        #expect(try await builder.build(analysis).ranSteps == ["one", "two"])
        let results = try JSONDecoder().decode([String: ResultValue].self, from: Data(contentsOf: dir.path("output/folder/results.json")))
        #expect(results["one.total"]?.value == 21)  // 1 + 2 + 3 + 5 (the linked file) + 9 + 1
    }

    /// The status file: a running step is written at once, a cached or done one within the
    /// interval even when nothing else happens, the end at once.
    @Test func statusFileCatchesUpWithoutLaterChanges() async throws {
        let dir = TemporaryDirectory()
        let status = BuildStatus(outputDirectory: dir.url, analysis: "a", executor: "local", steps: ["x", "y"], minimumInterval: 0.3)
        func read() throws -> BuildStatusFile {
            try JSONDecoder().decode(BuildStatusFile.self, from: Data(contentsOf: BuildStatusFile.url(in: dir.url)))
        }
        #expect(try read().steps.map(\.state) == ["waiting", "waiting"])
        status.step("x", state: "running")
        #expect(try read().steps.map(\.state) == ["running", "waiting"])
        status.step("x", state: "done")
        status.step("y", state: "cached")
        var states: [String] = []
        for _ in 0..<100 {  // the later write comes after 0.3 s; allow a loaded machine 10 s
            states = try read().steps.map(\.state)
            if states == ["done", "cached"] { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(states == ["done", "cached"])
        status.finished(success: true)
        #expect(try read().state == "finished")
    }

    @Test func onlyBuildsTheStepAndWhatItNeedsWithoutPublishing() async throws {
        let dir = TemporaryDirectory()
        let summary = try await makeBuilder(dir).build(twoChains(), options: BuildOptions(only: ["fitB"]))
        #expect(summary.ranSteps == ["b", "fitB"])
        #expect(!summary.published)
        #expect(!FileManager.default.fileExists(atPath: dir.path("output/chains").path))
    }
}

/// Sums the whitespace-separated numbers of its file input `numbers`.
private struct SumKind: StepKind {
    struct Parameters: StepParameters { static let kind = "test.sum" }
    static let version = 1
    static func resultNames(_: Parameters) -> Set<String> { ["total"] }
    static func run(_ p: Parameters, in context: StepContext) async throws {
        let text = try String(contentsOf: try context.file("numbers"), encoding: .utf8)
        let total = text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }.reduce(0, +)
        context.record("total", ResultValue(total, unit: .dimensionless))
    }
}

/// Sums the numbers of every file of its folder input `release`, times `scale`.
private struct FolderSumKind: StepKind {
    struct Parameters: StepParameters {
        static let kind = "test.folderSum"
        var scale: Double = 1
    }
    static let version = 1
    static func resultNames(_: Parameters) -> Set<String> { ["total"] }
    static func run(_ p: Parameters, in context: StepContext) async throws {
        let folder = try context.directory("release")
        var total = 0.0
        for relative in FileManager.default.subpaths(atPath: folder.path) ?? [] where !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            let text = (try? String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)) ?? ""
            total += text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }.reduce(0, +)
        }
        context.record("total", ResultValue(total * p.scale, unit: .dimensionless))
    }
}

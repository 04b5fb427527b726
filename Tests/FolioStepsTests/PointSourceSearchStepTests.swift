import Foundation
import Testing
import FolioCache
import FolioIceCube
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

/// The staged public IceCube data next to the repository (CI has it).
let stagedData = packageRoot.appendingPathComponent("../shared/data").standardizedFileURL
let hasStagedData = FileManager.default.fileExists(atPath: stagedData.appendingPathComponent("icecube_10year_ps/events/IC40_exp.csv").path)

@Suite(.enabled(if: hasStagedData, "needs the public IceCube data in ../shared/data"))
struct PointSourceSearchStepTests {
    /// Through the whole runner, the TXS 0506+056 fit reproduces SkyLLH 26.1.0 on the same files
    /// (TS 3.44517, ns 1.0251, gamma 1.7990; see Tests/CrossCheck/README.md), and the background
    /// trials give a p-value consistent with the trial fraction.
    @Test func txsFitMatchesSkyLLHThroughTheRunner() async throws {
        let dir = TemporaryDirectory()
        let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: stagedData, outputDirectory: dir.path("output"), jobs: 2,
                                           toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
        let builder = Builder(registry: StandardKinds.registry, environment: environment)
        let analysis = Analysis("ps", title: "TXS", seed: 1) {
            IceCubeData("data")
            PointSourceSearch("txs", data: "data", sources: [.init("TXS 0506+056", ra: 77.36, dec: 5.69)], backgroundTrials: 500)
        }
        _ = try await builder.build(analysis)
        let results = try StableJSON.read([String: ResultValue].self, from: dir.path("output/ps/results.json"))
        #expect(abs(results["txs.ts"]!.value! - 3.44517) / 3.44517 < 0.01)
        #expect(abs(results["txs.ns"]!.value! - 1.0251) / 1.0251 < 0.01)
        #expect(abs(results["txs.gamma"]!.value! - 1.7990) / 1.7990 < 0.01)
        let p = results["txs.pValue"]!.value!
        #expect(p > 0.01 && p < 0.2)   // SkyLLH's own trials give p = 0.06 at this TS
        #expect(results["txs.trials"]?.value == 500)
    }

    /// The data step owns the selection: a search downstream fits exactly the events the data step
    /// selected and reports (here only IC40 with log10 E ≥ 3.5), not a selection of its own.
    @Test func theSearchFitsTheDataStepsSelection() async throws {
        let dir = TemporaryDirectory()
        let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: stagedData, outputDirectory: dir.path("output"), jobs: 2,
                                           toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
        let selection = IceCubeSelection(seasons: ["IC40"], cut: .log10Energy >= 3.5)
        let analysis = Analysis("ps-cut", title: "TXS, cut", seed: 1) {
            IceCubeData("data", selection: selection)
            PointSourceSearch("txs", data: "data", sources: [.init("TXS 0506+056", ra: 77.36, dec: 5.69)], backgroundTrials: 10)
        }
        _ = try await Builder(registry: StandardKinds.registry, environment: environment).build(analysis)
        let results = try StableJSON.read([String: ResultValue].self, from: dir.path("output/ps-cut/results.json"))
        let all = try IceCubeDataset.load(root: stagedData, seasons: [.ic40])
        let selected = all.filteringEvents { _, e, i in e.log10Energy[i] >= 3.5 }
        #expect(results["data.events"]?.value == Double(selected.totalEvents) && selected.totalEvents < all.totalEvents)
        let direct = try PointSourceAnalysis(dataset: selected, source: SkyDirection(raDegrees: 77.36, decDegrees: 5.69)).fitData()
        #expect(results["txs.ts"]?.value == direct.ts)
        #expect(results["txs.ns"]?.value == direct.ns)
    }
}

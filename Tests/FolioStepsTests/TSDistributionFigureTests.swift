import Foundation
import Testing
import FolioCache
import FolioModel
import FolioPlot
import FolioStatistics
import FolioSteps
import FolioTestSupport

/// The TS-distribution figure draws what the p-values are computed from: the trials, the
/// asymptotic ½δ(0) + ½χ²₁, and the η·χ²ₖ tail fitted to the same trials.
@Suite struct TSDistributionFigureTests {
    @Test func fittedTailIsTheOneThePValuesUse() async throws {
        let dir = TemporaryDirectory()
        let analysis = Analysis("tsfig", title: "TS figure", seed: 7) {
            ToySample("sample", events: 500, signalFraction: 0.02)
            ToyFit("fit", on: "sample")
            ToyTrials("background", of: "fit", trials: 400)
            TSDistributionFigure("ts-distribution", trials: "background", observed: "fit.testStatistic", bins: 20)
        }
        _ = try await makeBuilder(dir).build(analysis)
        let figure = try JSONDecoder().decode(Figure.self, from: Data(contentsOf: dir.path("output/tsfig/figures/ts-distribution.json")))
        guard case .plot(let panel) = try #require(figure.panels.first) else { Issue.record("not a plot panel"); return }
        var histogram: Histogram?
        var tail: Line?
        for series in panel.series {
            if case .histogram(let h) = series { histogram = h }
            if case .line(let l) = series, l.label?.hasPrefix("fitted tail") == true { tail = l }
        }
        let h = try #require(histogram), fitted = try #require(tail)

        // The same trials, refitted here, give the curve: n·η·(Q(lo) − Q(hi)) per bin.
        let trials = try StableJSON.read([Double].self, from: trialsFile(dir))
        let distribution = BackgroundTSDistribution(trials: trials)
        #expect(distribution.eta > 0.2 && distribution.eta < 0.8)
        let chi2 = ChiSquare(degreesOfFreedom: distribution.degreesOfFreedom)
        for i in [0, 3, 8] {
            let expected = Double(trials.count) * distribution.eta * (chi2.survival(h.edges[i]) - chi2.survival(h.edges[i + 1]))
            #expect(abs(fitted.y[i] - max(expected, 1e-3)) < 1e-9 * max(1, expected), "bin \(i)")
        }
        #expect(fitted.label!.contains(String(format: "k = %.2f", distribution.degreesOfFreedom)))
    }

    /// The trials step's private `ts.json` in the cache.
    private func trialsFile(_ dir: TemporaryDirectory) throws -> URL {
        let steps = dir.path("output/.cache/steps")
        for key in try FileManager.default.contentsOfDirectory(atPath: steps.path) {
            let file = steps.appendingPathComponent(key).appendingPathComponent("files/out/ts.json")
            if FileManager.default.fileExists(atPath: file.path) { return file }
        }
        throw CocoaError(.fileNoSuchFile)
    }
}

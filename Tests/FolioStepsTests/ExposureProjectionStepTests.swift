import Foundation
import Testing
import FolioCache
import FolioIceCube
import FolioModel
import FolioRunner
import FolioSky
import FolioStatistics
import FolioSteps
import FolioTestSupport

@Suite(.enabled(if: hasStagedData, "needs the public IceCube data in ../shared/data"))
struct ExposureProjectionStepTests {
    static let seed: UInt64 = 7

    static let analysis = Analysis("projection-test", title: "Projection", seed: seed) {
        IceCubeData("data")
        GalacticTemplate("pi0", model: .pi0, nside: 8)
        TemplateFit("fit-pi0", data: "data", template: "pi0", backgroundTrials: 100, upperLimitTrials: 10)
        PublishedFlux("published-pi0")
        ExposureProjection("projection", template: "pi0", fit: "fit-pi0", published: "published-pi0",
                           signalTrials: 20, backgroundTrials: 20, exposureFactors: [2], siteExposureFactors: [1])
        ProjectionFigure("projection-years", projection: "projection", panel: .calendar)
        ProjectionFigure("site-exposure", projection: "projection", panel: .exposure)
    }

    /// The trials of one trial set recomputed from the formula the methods appendix states:
    /// chunk c draws from xoshiro256** seeded with the first 8 bytes of
    /// SHA-256("<analysis seed>/<step>/<set>/<c>"), spelled out here rather than called.
    static func trialTS(_ ana: TemplateAnalysis, step: String, set: String, trials: Int, chunkSize: Int, injectMean: Double = 0) -> [Double] {
        stride(from: 0, to: trials, by: chunkSize).enumerated().flatMap { c, first -> [Double] in
            let hex = ContentHash.sha256("\(seed)/\(step)/\(set)/\(c)")    // SHA-256 in hexadecimal
            var g = Xoshiro256StarStar(seed: UInt64(hex.prefix(16), radix: 16)!)  // its first 8 bytes, big-endian
            return ana.trials(count: min(chunkSize, trials - first), injectMean: injectMean, using: &g).map(\.ts)
        }
    }

    /// Through the runner: the injected events are the published flux times the likelihood's own
    /// yield, the expected significance is TemplateAnalysis' injection trials (same seeds) read
    /// against the fit's background trials, the figures exist, and every projection number the
    /// flagship report quotes is recorded.
    @Test func stepMatchesTheLikelihoodModuleAndRecordsWhatTheReportQuotes() async throws {
        let dir = TemporaryDirectory()
        let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: stagedData, outputDirectory: dir.path("output"), jobs: 2,
                                           toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
        let builder = Builder(registry: StandardKinds.registry, environment: environment)
        _ = try await builder.build(Self.analysis)
        let results = try StableJSON.read([String: ResultValue].self, from: dir.path("output/projection-test/results.json"))

        // The likelihood module called directly on the same inputs.
        let plan = try builder.plan(Self.analysis)
        let store = ArtifactStore(root: dir.path("output/.cache"))
        let map = try HEALPixMap.read(from: store.filesDirectory(for: plan.step(named: "pi0")!.key).appendingPathComponent("out/template.fits"))
            .rotated(to: .equatorial)
        let data = try IceCubeDataset.load(root: stagedData)
        let ana = try TemplateAnalysis(dataset: data, template: SkyTemplate(nside: map.nside, values: map.values), gamma: 2.7)
        let mu = 2.18e-18 * pow(100, 2.7) * ana.signalYield
        #expect(abs(results["projection.injectedEvents"]!.value! / mu - 1) < 1e-9)
        let background = Self.trialTS(ana, step: "fit-pi0", set: "background", trials: 100, chunkSize: 50)
        let signal = Self.trialTS(ana, step: "projection", set: "data-signal", trials: 20, chunkSize: 25, injectMean: mu)
        // fit-pi0's background trials as stored by the build: bit for bit the formula's.
        let stored = try JSONDecoder().decode([Double].self, from: Data(contentsOf:
            store.filesDirectory(for: plan.step(named: "fit-pi0")!.key).appendingPathComponent("out/ts.json")))
        #expect(stored.count == 100)
        #expect(stored.map(\.bitPattern) == background.map(\.bitPattern), "fit-pi0's background trials are not the documented seed derivation's")
        let direct = ExpectedSignificance(signalTS: signal, background: BackgroundTSDistribution(trials: background), injectedMean: mu)
        let recorded = results["projection.expectedSignificance"]!
        let median = try #require(direct.median), lower = try #require(direct.lower), upper = try #require(direct.upper)
        #expect(abs(recorded.value! - median) < 1e-9)
        #expect(abs(recorded.minus! - (median - lower)) < 1e-9 && abs(recorded.plus! - (upper - median)) < 1e-9)
        #expect(abs(results["projection.expectedSignificanceAsymptotic"]!.value! - direct.asymptoticMedian) < 1e-9)
        #expect(abs(results["projection.expectedTS"]!.value! - direct.medianTS) < 1e-9)

        // Projections rise with exposure; the Gen2-like scenario exceeds IceCube alone; the site's
        // exposure to the Galactic centre far exceeds IceCube's (tracks from below the horizon).
        let z = { (key: String) in results["projection.\(key)"]!.value! }
        #expect(z("icecubeRecorded") < z("icecube2030") && z("icecube2030") < z("icecubeLast") && z("icecubeLast") < z("gen2Last"))
        #expect(z("combinedSiteYears") > max(z("icecubeSiteYears"), z("siteSiteYears")))
        #expect(z("siteToIceCubeGalacticCentre") > 10)
        #expect(z("ic86ExposurePerYear") > 1)   // an IC86 year holds more exposure than IC40's season
        // Gen2: 8× the volume is 8^(2/3) = 4× the track area; beyond the measured exposures every
        // projection carries its extrapolation range (exponent ½ up to the last measured one).
        #expect(abs(z("gen2AreaFactor") - 4) < 1e-12 && z("gen2VolumeFactor") == 8)
        let last = try #require(results["projection.icecubeLast"])
        #expect(try #require(last.minus) >= 0 && (try #require(last.plus)) >= 0)
        #expect(z("icecubeExponent") >= 0.5)

        for figure in ["projection-years", "site-exposure"] {
            #expect(FileManager.default.fileExists(atPath: dir.path("output/projection-test/figures/\(figure).png").path))
        }

        // Every `results.projection.*` the flagship report names is recorded.
        // (the prose in report.md, the tables in GalacticPlaneReport.swift)
        let report = try ["report.md", "GalacticPlaneReport.swift"].map {
            try String(contentsOf: packageRoot.appendingPathComponent("analyses/GalacticPlane/\($0)"), encoding: .utf8)
        }.joined()
        let quoted = Set(report.matches(of: /projection\.([A-Za-z0-9]+)/).map { String($0.output.1) })
        #expect(quoted.count > 15)
        for key in quoted { #expect(results["projection.\(key)"] != nil, "the report quotes projection.\(key), which the step does not record") }
    }
}

import Foundation
import Testing
import Folio
import MyFirstAnalysis

@Test func fitRecoversAKnownIndexOnAGeneratedSample() throws {
    var rng = Xoshiro256StarStar(seed: 2024)
    let energies = TruncatedPowerLaw.sample(count: 20_000, index: 3.2, lower: 1e3, upper: 1e6, using: &rng)
    let fit = try #require(TruncatedPowerLaw.fit(energies, lower: 1e3, upper: 1e6))
    // σ ≈ 0.016 for 20000 events; a correct fit lies within 4σ of the truth for all but ~1/16000 seeds.
    #expect(abs(fit.index - 3.2) < 4 * fit.error)
    #expect(fit.error > 0.01 && fit.error < 0.03)
}

@Test func curvatureErrorMatchesTheLikelihoodCurve() throws {
    // The curvature error is where ln L falls by ½ for a parabola; on 20000 events the curve is
    // parabolic to well under 5% within ±1σ.
    var rng = Xoshiro256StarStar(seed: 11)
    let energies = TruncatedPowerLaw.sample(count: 20_000, index: 2.0, lower: 1e3, upper: 1e5, using: &rng)
    let fit = try #require(TruncatedPowerLaw.fit(energies, lower: 1e3, upper: 1e5))
    let peak = TruncatedPowerLaw.logLikelihood(index: fit.index, energies: energies, lower: 1e3, upper: 1e5)
    let drop = peak - TruncatedPowerLaw.logLikelihood(index: fit.index + fit.error, energies: energies, lower: 1e3, upper: 1e5)
    #expect(abs(drop - 0.5) < 0.025)
}

@Test(.enabled(if: MyFirstAnalysis.folioDataRoot != nil || ProcessInfo.processInfo.environment["FOLIO_DATA"] != nil,
               "needs the public IceCube data (../shared/data beside Folio, or $FOLIO_DATA)"))
func buildOfTheAnalysisWritesTheReport() async throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("my-first-analysis-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    let data = ProcessInfo.processInfo.environment["FOLIO_DATA"].map { URL(fileURLWithPath: $0) } ?? MyFirstAnalysis.folioDataRoot
    let summary = try await FolioBuild.run(MyFirstAnalysis.analysis, kinds: MyFirstAnalysis.kinds, outputDirectory: output, dataRoot: data)
    let folder = summary.analysisDirectory
    let report = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(report.contains("spectral index"))
    for file in ["figures/north.svg", "figures/south.svg", "tables/north.csv", "results.json"] {
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
    }
    // Steep spectra in both bands: a sanity range, not a reference value.
    let results = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("results.json"))) as? [String: Any]
    let north = (results?["north.index"] as? [String: Any])?["value"] as? Double
    #expect(north.map { $0 > 1.5 && $0 < 5 } == true)
}

@Test func kindsMergeWithTheStandardOnesAndDuplicatesAreRefused() {
    let setup = FolioSetup(analyses: [MyFirstAnalysis.analysis], kinds: MyFirstAnalysis.kinds)
    #expect(setup.problems.isEmpty)
    #expect(setup.registry.kinds["example.spectralIndexFit"] != nil)
    #expect(setup.registry.kinds["icecube.data"] != nil)
    let twice = FolioSetup(analyses: [MyFirstAnalysis.analysis, MyFirstAnalysis.analysis],
                           kinds: MyFirstAnalysis.kinds + MyFirstAnalysis.kinds)
    #expect(twice.problems.contains { $0.contains("'example.spectralIndexFit' is registered twice") })
    #expect(twice.problems.contains { $0.contains("analysis 'my-first-analysis' is listed twice") })
}

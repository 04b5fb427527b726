import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube

/// Likelihoods over several seasons (the SYNTHETIC ten-season sample of Benchmarks/scale, the flagship's
/// pseudo-seasons of the exposure projection) keep the bits of the plain per-season computation:
/// `TemplateAnalysis` smooths every season's acceptance-weighted template in one kernel pass, and the
/// point-source profile skips the division and the log1p sum at ns = 0.
@Suite(.enabled(if: TestData.available)) struct MultiSeasonTests {
    /// IC40 and a pseudo-season of it seen from another latitude (another acceptance in declination, so
    /// the two seasons' smoothed maps differ), as `ExposureProjection` builds them.
    static func twoSeasons() throws -> IceCubeDataset {
        let ic40 = try #require(TestData.ic40)
        var g = Xoshiro256StarStar(seed: 20_261_202)
        let other = PseudoSample.season(ic40.seasons[0], exposureFactor: 0.5, site: .mediterranean, using: &g)
        return PseudoSample.dataset([ic40.seasons[0], other], root: ic40.root)
    }

    static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test func seasonsSmoothedTogetherKeepEachSeasonsMaps() throws {
        let data = try Self.twoSeasons()
        let template = SkyTemplate(nside: 16) { ra, dec in exp(-0.5 * pow((dec - 0.2) / 0.15, 2)) * (1 + cos(ra)) }
        let analysis = try TemplateAnalysis(dataset: data, template: template, gamma: 2.7)
        #expect(analysis.models.count == 2)
        for (j, season) in data.seasons.enumerated() {
            // The season's density and its smoothing alone, as the construction did season by season.
            let density = template.normalised { dec in
                season.effectiveArea.expectedEvents(phi0: 1, gamma: 2.7, decDegrees: dec * 180 / .pi,
                                                    livetimeSeconds: season.goodRuns.livetimeSeconds)
            }
            let alone = template.smoothed(density, sigmas: analysis.sigmaGrid)
            let built = analysis.models[j].maps[0].values, own = SignalLookup.interleaved(alone).values
            #expect(Self.sameBits(built, own), "season \(j): maps")
            let rings = TemplateAnalysis.ringAverages(template, [alone])[0]
            #expect(analysis.models[j].ringAverages[0].indices.allSatisfy { Self.sameBits(analysis.models[j].ringAverages[0][$0], rings[$0]) },
                    "season \(j): ring averages")
        }
        // Not a comparison of one map with itself: the seasons' acceptances differ.
        #expect(analysis.models[0].maps[0].values != analysis.models[1].maps[0].values)
    }

    @Test func pointSourceTrialsOverSeasonsKeepTheirBits() throws {
        let analysis = try PointSourceAnalysis(dataset: try Self.twoSeasons(), source: FastTrialPathTests.txs)
        #expect(analysis.likelihood.models.count == 2 && !analysis.likelihood.sharesAreOne)
        FastTrialPathTests().check(analysis, trials: 100, seed: 99)
    }
}

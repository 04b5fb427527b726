import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

@Suite(.enabled(if: TestData.available)) struct SensitivityTests {
    /// Sensitivity and discovery potentials from small trial sets: ordered as they must be
    /// (sensitivity <= 3 sigma DP <= 5 sigma DP), the power reached at the returned flux, and
    /// fluxes in TeV cm^-2 s^-1 that follow from the mean signal through the exposure.
    @Test func sensitivityAndDiscoveryPotential() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: 5.69))
        let bkg = BackgroundTSDistribution(trials: ana.parallelTrials(seed: 1, count: 600, chunkSize: 150).map(\.ts))
        let sens = ana.sensitivity(background: bkg, seed: 5, trialsPerStep: 60, top: 20)
        let dp3 = ana.discoveryPotential(sigma: 3, background: bkg, seed: 6, trialsPerStep: 60)
        let dp5 = ana.discoveryPotential(sigma: 5, background: bkg, seed: 7, trialsPerStep: 60)
        #expect(sens.tsThreshold == bkg.median)
        #expect(dp3.tsThreshold > sens.tsThreshold && dp5.tsThreshold > dp3.tsThreshold)
        #expect(sens.meanSignal > 0.5 && sens.meanSignal < 20)
        #expect(dp5.meanSignal >= sens.meanSignal)
        // The scan brackets the requested power.
        #expect(sens.scan.contains { $0[1] < 0.9 } && sens.scan.contains { $0[1] >= 0.9 })
        // Flux <-> mean signal, E^-2 so E^2 dN/dE is the same at 1 and 100 TeV.
        #expect(abs(ana.expectedSignal(sens.flux) - sens.meanSignal) < 1e-9)
        #expect(abs(sens.e2dNdEAt1TeV - sens.flux.phi0 * 1e6 / 1e3) < 1e-25)
        #expect(sens.e2dNdEAt1TeV > 1e-13 && sens.e2dNdEAt1TeV < 1e-10)
    }

    /// The TS threshold for a p-value: trial quantile where trials suffice, fitted tail beyond.
    @Test func thresholdInvertsTheTail() {
        var g = Xoshiro256StarStar(seed: 8)
        let trials = (0..<5000).map { _ -> Double in
            let z = (-2 * log(1 - g.uniform())).squareRoot() * cos(2 * .pi * g.uniform()); return z * z
        }
        let d = BackgroundTSDistribution(trials: trials)
        let p5 = Significance.pValue(sigma: 5)
        let t = PointSourceAnalysis.tsThreshold(background: d, pValue: p5)
        #expect(abs(d.eta * ChiSquare(degreesOfFreedom: d.degreesOfFreedom).survival(t) / p5 - 1) < 1e-6)
        #expect(abs(PointSourceAnalysis.tsThreshold(background: d, pValue: 0.1) - d.quantile(0.9)) < 1e-12)
    }
}

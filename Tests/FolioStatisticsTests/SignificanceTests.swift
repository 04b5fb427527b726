import Foundation
import Testing
@testable import FolioStatistics

@Suite struct SignificanceTests {
    @Test func chiSquareSurvivalMatchesScipy() {
        #expect(abs(ChiSquare(degreesOfFreedom: 1).survival(3.841458820694124) - 0.05) < 1e-12)
        #expect(abs(ChiSquare(degreesOfFreedom: 3.5).survival(7.3) - 0.08920845311865488) < 1e-12)
        for x in [0.1, 1.0, 7.0, 40.0] { #expect(abs(ChiSquare(degreesOfFreedom: 2).survival(x) - exp(-x / 2)) < 1e-13) }
        #expect(ChiSquare(degreesOfFreedom: 2).survival(0) == 1)
    }

    @Test func sigmaAndPValueRoundTrip() {
        #expect(abs(Significance.pValue(sigma: 3) - 1.3498980316301e-3) < 1e-15)
        #expect(abs(Significance.pValue(sigma: 5) - 2.866515718791939e-7) < 1e-19)
        #expect(abs(Significance(pValue: 1e-9).sigma - 5.9978070150076865) < 1e-9)
        for z in [-1.0, 0.0, 0.5, 2.0, 4.0, 7.5] {
            #expect(abs(Significance(pValue: Significance.pValue(sigma: z)).sigma - z) < 1e-9)
        }
    }

    @Test func trialCorrection() {
        let post = Significance(pValue: 0.01).trialCorrected(hypotheses: 10)
        #expect(abs(post.pValue - (1 - pow(0.99, 10))) < 1e-15)
        #expect(abs(Significance(pValue: 1e-12).trialCorrected(hypotheses: 1000).pValue - 1e-9) < 1e-15)
    }

    /// Half the trials at 0, half chi2 with 1 dof: the fit recovers eta = 0.5 and k = 1, and the
    /// tail p-value beyond the trials follows eta * chi2_1.
    @Test func backgroundDistributionTailFit() {
        var g = Xoshiro256StarStar(seed: 11)
        var ts: [Double] = []
        for _ in 0..<20_000 {
            if g.uniform() < 0.5 { ts.append(0); continue }
            let z = (-2 * log(1 - g.uniform())).squareRoot() * cos(2 * .pi * g.uniform())
            ts.append(z * z)
        }
        let d = BackgroundTSDistribution(trials: ts)
        #expect(abs(d.eta - 0.5) < 0.015)                 // 4 sigma of the binomial error 0.0035
        #expect(abs(d.degreesOfFreedom - 1) < 0.05)        // ~4 sigma of the MLE error (~0.013)
        #expect(d.median == 0 || d.median < 0.02)
        let far = d.significance(of: 30)
        guard case .chiSquareTail = far.method else { Issue.record("expected the tail fit"); return }
        #expect(abs(far.pValue / (0.5 * ChiSquare(degreesOfFreedom: 1).survival(30)) - 1) < 0.3)
        let near = d.significance(of: 2)
        guard case .trialFraction(let k, _) = near.method else { Issue.record("expected the trial fraction"); return }
        #expect(abs(Double(k) / 20_000 - 0.5 * ChiSquare(degreesOfFreedom: 1).survival(2)) < 0.01)
    }

    @Test func poissonMeanAndVariance() {
        var g = Xoshiro256StarStar(seed: 3)
        for mean in [0.7, 12.0, 85.0] {
            let n = 20_000
            let xs = (0..<n).map { _ in Double(g.poisson(mean: mean)) }
            let m = xs.reduce(0, +) / Double(n)
            let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            #expect(abs(m - mean) < 5 * (mean / Double(n)).squareRoot())
            #expect(abs(v / mean - 1) < 0.05)
        }
    }
}

import Foundation
import Testing
@testable import FolioStatistics

@Suite struct GumbelFitTests {
    /// Gumbel draws by inversion: x = μ − β log(−log u).
    static func sample(_ n: Int, location: Double, scale: Double, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed)
        return (0..<n).map { _ in
            let u = max(1e-300, Double(g.next() >> 11) * 0x1.0p-53)
            return location - scale * log(-log(u))
        }
    }

    /// The fit recovers known parameters within a few of its own Fisher errors, and those errors
    /// are the closed form (β²/n) · [[h, −g], [−g, 1]] / (h − g²).
    @Test func recoversKnownParametersWithFisherErrors() throws {
        let x = Self.sample(2000, location: 13.7, scale: 2.4, seed: 7)
        let fit = try #require(GumbelFit(sample: x))
        #expect(abs(fit.location - 13.7) < 4 * fit.varianceLocation.squareRoot(), "μ = \(fit.location)")
        #expect(abs(fit.scale - 2.4) < 4 * fit.varianceScale.squareRoot(), "β = \(fit.scale)")
        // Var β̂ ≈ 0.608 β²/n, Var μ̂ ≈ 1.109 β²/n (Coles 2001, §3.3).
        #expect(abs(fit.varianceScale / (fit.scale * fit.scale / 2000) - 0.6079) < 1e-3)
        #expect(abs(fit.varianceLocation / (fit.scale * fit.scale / 2000) - 1.1087) < 1e-3)
        // A sample of equal values (or too few) has no fit.
        #expect(GumbelFit(sample: [1, 1, 1, 1]) == nil && GumbelFit(sample: [1, 2]) == nil)
    }

    /// The fitted survival agrees with the fraction of a second, independent sample above a
    /// threshold (within 3 binomial σ), and its 68% interval brackets it.
    @Test func survivalMatchesTheEmpiricalFraction() throws {
        let fit = try #require(GumbelFit(sample: Self.sample(100, location: 13.7, scale: 3.0, seed: 11)))
        let check = Self.sample(100_000, location: 13.7, scale: 3.0, seed: 12)
        for t in [12.0, 17.0, 20.2, 25.0] {
            let empirical = Double(check.filter { $0 >= t }.count) / Double(check.count)
            let s = fit.survivalInterval(t)
            #expect(s.lower < s.pValue && s.pValue < s.upper)
            // The fit to 100 maxima carries most of the uncertainty: compare with its interval.
            let width = 0.5 * (s.upper - s.lower)
            #expect(abs(s.pValue - empirical) < 3 * width + 3 * (empirical * (1 - empirical) / 1e5).squareRoot(),
                    "t = \(t): fit \(s.pValue) [\(s.lower), \(s.upper)], empirical \(empirical)")
        }
        // The exact survival of the generating law at the southern hot spot's TS (20.19): 0.1086.
        #expect(abs(GumbelFit.survival(z: (20.19 - 13.7) / 3.0) - 0.10858) < 1e-5)
    }

    /// Clopper–Pearson one-sided bounds: closed form at k = 0, and P(X ≤ k | bound) = 1 − CL.
    @Test func binomialUpperBounds() {
        #expect(abs(BinomialBound.upper(successes: 0, trials: 1000) - 0.002300) < 1e-6)
        #expect(BinomialBound.upper(successes: 30, trials: 30) == 1)
        let b = BinomialBound.upper(successes: 1, trials: 30)
        // P(X ≤ 1) = (1 − p)^30 + 30 p (1 − p)^29 = 0.1 at the bound.
        #expect(abs(pow(1 - b, 30) + 30 * b * pow(1 - b, 29) - 0.1) < 1e-9)
        #expect(abs(b - 0.12357) < 1e-5)
    }
}

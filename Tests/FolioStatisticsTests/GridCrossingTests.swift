import Foundation
import Testing
import FolioStatistics

@Suite struct GridCrossingTests {
    /// Linear between the bracketing grid points, with the binomial error over the local slope.
    @Test func interpolatesBetweenTheBracketingPoints() {
        let c = GridCrossing.find(strengths: [10, 20, 30, 40], passing: [50, 70, 85, 95], trials: 100, target: 0.9)
        #expect(!c.aboveGrid)
        #expect(abs(c.strength - 35) < 1e-12)                                   // 0.85 -> 0.95 over 30 -> 40
        #expect(abs(c.statisticalError - (0.9 * 0.1 / 100).squareRoot() / 0.01) < 1e-12)
    }

    /// A dip (finite trials) cannot produce an earlier crossing: the fraction is made monotone first.
    @Test func aDipDoesNotMoveTheCrossing() {
        let c = GridCrossing.find(strengths: [10, 20, 30], passing: [80, 75, 100], trials: 100, target: 0.9)
        #expect(abs(c.strength - 25) < 1e-12)                                   // 0.80 (held) -> 1.0 over 20 -> 30
    }

    /// Never reaching the target flags the grid's top as a lower bound.
    @Test func aboveTheGridIsFlagged() {
        let c = GridCrossing.find(strengths: [10, 20], passing: [10, 60], trials: 100, target: 0.9)
        #expect(c.aboveGrid && c.strength == 20 && c.statisticalError.isNaN)
        #expect(GridCrossing.grid(top: 50, count: 5) == [10, 20, 30, 40, 50])
    }
}

@Suite struct GridCrossingBootstrapTests {
    /// The bootstrap error of the crossing agrees with the spread of the crossing over
    /// independent repetitions of the whole experiment (200 trials, 10 strengths, a smooth
    /// passing probability, common random numbers: one uniform per trial decides every strength).
    @Test func bootstrapErrorMatchesTheScatterOfRepeatedExperiments() {
        let strengths = GridCrossing.grid(top: 140, count: 10)
        func pass(_ s: Double) -> Double { 1 - exp(-s / 25) }   // 0.9 at s = 57.6
        func experiment(_ g: inout Xoshiro256StarStar) -> [[Bool]] {
            (0..<200).map { _ in
                let u = Double(g.next() >> 11) * 0x1.0p-53
                return strengths.map { u < pass($0) }
            }
        }
        func crossing(_ rows: [[Bool]]) -> Double {
            GridCrossing.find(strengths: strengths, passing: strengths.indices.map { k in rows.filter { $0[k] }.count },
                              trials: rows.count, target: 0.9).strength
        }
        var g = Xoshiro256StarStar(seed: 3)
        let repeats = (0..<300).map { _ in crossing(experiment(&g)) }
        let mean = repeats.reduce(0, +) / 300
        let spread = (repeats.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 299).squareRoot()
        var errors: [Double] = []
        for _ in 0..<20 {
            let rows = experiment(&g)
            var b = Xoshiro256StarStar(seed: 99)
            errors.append(GridCrossing.bootstrapError(strengths: strengths, passes: rows, target: 0.9, using: &b))
        }
        let typical = errors.sorted()[10]
        #expect(typical > 0.6 * spread && typical < 1.6 * spread, "bootstrap \(typical) vs repeated-experiment spread \(spread)")
        // Deterministic for a given generator.
        let rows = experiment(&g)
        var b1 = Xoshiro256StarStar(seed: 5), b2 = Xoshiro256StarStar(seed: 5)
        #expect(GridCrossing.bootstrapError(strengths: strengths, passes: rows, target: 0.9, using: &b1)
                == GridCrossing.bootstrapError(strengths: strengths, passes: rows, target: 0.9, using: &b2))
    }
}

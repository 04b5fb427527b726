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

import Foundation
import Testing
@testable import FolioStatistics

@Suite struct MinimizerTests {
    @Test func brentFindsInteriorMinimum() {
        let r = BrentMinimizer(absoluteTolerance: 1e-8).minimize(lower: 0, upper: 5) { ($0 - 2.3) * ($0 - 2.3) + 1 }
        #expect(abs(r.x - 2.3) < 1e-6)
        #expect(abs(r.value - 1) < 1e-12)
    }

    @Test func brentFindsBoundaryMinimumExactly() {
        let r = BrentMinimizer().minimize(lower: 1, upper: 4) { $0 * $0 }
        #expect(r.x == 1 && r.value == 1)
    }

    /// A function with a shallow local minimum near 0.6 and the global one near 3.4: the scanned
    /// variant must find the global one.
    @Test func scannedBrentFindsGlobalMinimum() {
        let f: (Double) -> Double = { x in -exp(-20 * (x - 0.6) * (x - 0.6)) * 0.5 - exp(-8 * (x - 3.4) * (x - 3.4)) }
        let r = BrentMinimizer(absoluteTolerance: 1e-7).minimizeScanned(lower: 0, upper: 4, gridPoints: 13, f)
        #expect(abs(r.x - 3.4) < 1e-4)
    }

    @Test func concaveMaximizerInteriorAndBoundary() {
        let m = ConcaveMaximizer1D(tolerance: 1e-12)
        // g = log(1 + 3x) - x: maximum at x = 2/3.
        let interior = m.maximize(lower: 0, upper: 100, start: 1) { x in (3 / (1 + 3 * x) - 1, -9 / ((1 + 3 * x) * (1 + 3 * x))) }
        #expect(abs(interior.x - 2.0 / 3) < 1e-9)
        // g = -(x + 1)^2 on [0, 10]: maximum at the bound 0, found without iterating.
        let boundary = m.maximize(lower: 0, upper: 10, start: 5) { x in (-2 * (x + 1), -2) }
        #expect(boundary.x == 0 && boundary.calls == 1)
        // Increasing everywhere: the upper bound.
        #expect(m.maximize(lower: 0, upper: 10, start: 5) { _ in (1, 0) }.x == 10)
    }
}

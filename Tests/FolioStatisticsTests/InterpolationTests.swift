import Foundation
import Testing
@testable import FolioStatistics

@Suite struct InterpolationTests {
    /// Reference values from scipy 1.17.1 PchipInterpolator(x, y, extrapolate=False).
    @Test func pchipMatchesScipy() throws {
        let p = PchipInterpolator(x: [0, 1, 2.5, 3, 4.5, 6], y: [0, 2, 2.5, 1, 1, 3])
        let want = [0.7861999999999999, 2.3445037037037038, 1.1560000000000006, 1.0, 2.800296296296297]
        for (t, w) in zip([0.3, 1.7, 2.9, 4.0, 5.9], want) { #expect(abs(try #require(p(t)) - w) < 1e-12) }
        #expect(abs(p.integralOverKnots() - 9.659722222222221) < 1e-12)
        #expect(p(-0.1) == nil && p(6.1) == nil)
    }

    @Test func pchipPreservesMonotonicity() {
        let p = PchipInterpolator(x: [0, 1, 2, 3, 4], y: [0, 0, 1, 1, 10])
        var last = -Double.infinity
        for i in 0...400 { let v = p(Double(i) / 100)!; #expect(v >= last - 1e-12); last = v }
    }

    /// Not-a-knot cubic and quadratic interpolating splines reproduce polynomials of their degree
    /// exactly, inside and (extrapolating) outside the data range.
    @Test func splineReproducesPolynomials() {
        let x = (0..<9).map { Double($0) * 0.7 - 1 }
        let cubic: (Double) -> Double = { 1 - 2 * $0 + 0.5 * $0 * $0 - 0.3 * $0 * $0 * $0 }
        let s3 = InterpolatingSpline(x: x, y: x.map(cubic), degree: 3)
        for t in stride(from: -1.5, through: 5.5, by: 0.37) { #expect(abs(s3(t) - cubic(t)) < 1e-9) }
        let quad: (Double) -> Double = { 3 + $0 - 2 * $0 * $0 }
        let s2 = InterpolatingSpline(x: x, y: x.map(quad), degree: 2)
        for t in stride(from: -1.2, through: 5.2, by: 0.41) { #expect(abs(s2(t) - quad(t)) < 1e-9) }
    }

    /// FITPACK's knots and values: scipy InterpolatedUnivariateSpline(linspace(0,1,8), sin(3x), k=2).
    @Test func quadraticSplineMatchesScipy() {
        let x = (0..<8).map { Double($0) / 7 }
        let s = InterpolatingSpline(x: x, y: x.map { sin(3 * $0) }, degree: 2)
        let interior = Array(s.knots.dropFirst(3).dropLast(3))
        let want = [0.21428571, 0.35714286, 0.5, 0.64285714, 0.78571429]
        #expect(interior.count == want.count)
        for (a, b) in zip(interior, want) { #expect(abs(a - b) < 1e-8) }
        #expect(abs(s(1.3) - -0.9860300302499108) < 1e-12)
        #expect(abs(s(-0.2) - -0.6920854413744145) < 1e-12)
    }

    @Test func clampedSplineHoldsEndValues() {
        let x = [0.0, 1, 2, 3, 4, 5]
        let s = InterpolatingSpline(x: x, y: x.map { $0 * $0 }, degree: 3, outside: .clamp)
        #expect(abs(s(-3) - 0) < 1e-12 && abs(s(9) - 25) < 1e-9)
    }

    @Test func gaussLegendreIsExactForPolynomials() {
        let gl = GaussLegendre(order: 128)
        #expect(abs(gl.nodes.reduce(0, +)) < 1e-12)
        #expect(abs(gl.weights.reduce(0, +) - 2) < 1e-13)
        #expect(abs(gl.integrate(0, 2) { pow($0, 9) } - 102.4) < 1e-11)
        #expect(abs(gl.integrate(0, .pi) { sin($0) } - 2) < 1e-13)
        let g5 = GaussLegendre(order: 5)  // exact up to degree 9
        #expect(abs(g5.integrate(-1, 3) { pow($0, 9) - $0 } - (pow(3.0, 10) - 1) / 10 + 4) < 1e-9)
    }
}

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

    /// The factored collocation gives the coefficients the dense elimination it replaced gave, bit for
    /// bit (that elimination is written out below), for splines of both degrees through many ordinates
    /// on the same abscissae; its `basis(at:into:)` with `value(span:basis:)` gives the spline's values
    /// bit for bit, clamped or extrapolated.
    @Test func factoredCollocationReplaysTheDenseSolve() {
        let x = (0..<60).map { 2 + 0.125 * (Double($0) + 0.5) }
        for (k, outside) in [(3, InterpolatingSpline.Outside.clamp), (2, .extrapolate)] {
            let c = InterpolatingSpline.Collocation(x: x, degree: k, outside: outside)
            var a = [Double](repeating: 0, count: x.count * x.count)
            for i in x.indices {
                let (span, basis) = InterpolatingSpline.basis(t: c.knots, k: k, at: x[i])
                for r in 0...k { a[i * x.count + span - k + r] = basis[r] }
            }
            for row in 0..<20 {
                let y = x.map { -3 - 0.4 * $0 + 0.3 * sin(Double(row) * $0) + (Double(row) * $0).truncatingRemainder(dividingBy: 0.37) }
                let s = c.spline(y: y)
                #expect(s.coefficients == Self.denseSolve(matrix: a, rhs: y, n: x.count))
                #expect(s.knots == c.knots && s.degree == k)
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * (k + 1)) { buffer in
                    for u in stride(from: 0.5, through: 11.5, by: 0.0731) {
                        let span = c.basis(at: u, into: buffer)
                        #expect(s.value(span: span, basis: UnsafePointer(buffer.baseAddress!)) == s(u))
                    }
                }
            }
        }
    }

    /// Gaussian elimination with partial pivoting, solving as it eliminates: the spline fit's former solver.
    static func denseSolve(matrix: [Double], rhs: [Double], n: Int) -> [Double] {
        var a = matrix, b = rhs
        for col in 0..<n {
            var piv = col
            for r in (col + 1)..<max(n, col + 1) where abs(a[r * n + col]) > abs(a[piv * n + col]) { piv = r }
            if piv != col {
                for c in 0..<n { a.swapAt(col * n + c, piv * n + c) }
                b.swapAt(col, piv)
            }
            let p = a[col * n + col]
            for r in (col + 1)..<max(n, col + 1) {
                let f = a[r * n + col] / p
                if f == 0 { continue }
                for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
                b[r] -= f * b[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<max(n, r + 1) { s -= a[r * n + c] * x[c] }
            x[r] = s / a[r * n + r]
        }
        return x
    }

    /// The quadrature from the integrand's values by index equals the one from the integrand.
    @Test func gaussLegendreByIndexEqualsByAbscissa() {
        let gl = GaussLegendre(order: 128), f: (Double) -> Double = { exp(-$0) * sin(3 * $0) }
        let x = gl.abscissae(2, 9.5)
        #expect(x.count == 128 && x.allSatisfy { $0 > 2 && $0 < 9.5 })
        #expect(gl.integrate(2, 9.5, valueAt: { f(x[$0]) }) == gl.integrate(2, 9.5, f))
    }
}

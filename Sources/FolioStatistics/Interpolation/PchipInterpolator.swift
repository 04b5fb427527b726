/// Piecewise-cubic Hermite interpolation that preserves monotonicity (Fritsch & Carlson 1980;
/// Fritsch & Butland 1984), with the same slope rules as `scipy.interpolate.PchipInterpolator`:
/// interior slopes are the weighted harmonic mean of the neighbouring secants (zero where the
/// secants change sign or vanish) and the end slopes use the one-sided three-point formula,
/// limited so the curve does not overshoot.
///
/// Evaluation outside [x_first, x_last] returns `nil` (scipy's `extrapolate=False`).
public struct PchipInterpolator: Sendable {
    public let x: [Double]
    public let y: [Double]
    /// dy/dx at each knot.
    public let slopes: [Double]

    /// - Parameters: x strictly increasing (at least 2 points), y the values at x.
    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && x.count >= 2, "PCHIP needs at least two points")
        self.x = x; self.y = y
        let n = x.count
        var h = [Double](repeating: 0, count: n - 1), m = h
        for k in 0..<(n - 1) {
            h[k] = x[k + 1] - x[k]
            m[k] = (y[k + 1] - y[k]) / h[k]
        }
        var d = [Double](repeating: 0, count: n)
        if n == 2 {
            d[0] = m[0]; d[1] = m[0]
        } else {
            for k in 1..<(n - 1) {
                if m[k - 1] == 0 || m[k] == 0 || (m[k - 1] > 0) != (m[k] > 0) {
                    d[k] = 0
                } else {
                    let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
                    d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k])
                }
            }
            d[0] = Self.edgeSlope(h0: h[0], h1: h[1], m0: m[0], m1: m[1])
            d[n - 1] = Self.edgeSlope(h0: h[n - 2], h1: h[n - 3], m0: m[n - 2], m1: m[n - 3])
        }
        slopes = d
    }

    private static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// One-sided three-point end slope, limited as in scipy (`_edge_case`).
    private static func edgeSlope(h0: Double, h1: Double, m0: Double, m1: Double) -> Double {
        var d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
        if sign(d) != sign(m0) {
            d = 0
        } else if sign(m0) != sign(m1) && abs(d) > 3 * abs(m0) {
            d = 3 * m0
        }
        return d
    }

    /// Index k with x[k] <= t <= x[k+1], or nil outside the knot range.
    @inline(__always)
    func segment(_ t: Double) -> Int? {
        guard t >= x[0] && t <= x[x.count - 1] else { return nil }
        var lo = 0, hi = x.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if x[mid] <= t { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The interpolant at t, or nil outside [x_first, x_last].
    public func callAsFunction(_ t: Double) -> Double? {
        guard let k = segment(t) else { return nil }
        let h = x[k + 1] - x[k], s = (t - x[k]) / h
        let s2 = s * s, s3 = s2 * s
        let h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2
        return h00 * y[k] + h10 * h * slopes[k] + h01 * y[k + 1] + h11 * h * slopes[k + 1]
    }

    /// The interpolant at t, or `outside` beyond the knot range.
    @inlinable public func value(at t: Double, outside: Double) -> Double { self(t) ?? outside }

    /// Exact integral of the interpolant over [x_first, x_last] (Simpson's rule is exact for cubics).
    public func integralOverKnots() -> Double {
        var total = 0.0
        for k in 0..<(x.count - 1) {
            let h = x[k + 1] - x[k]
            // Integral of a cubic Hermite segment: h(y0+y1)/2 + h^2(d0-d1)/12.
            total += h * (y[k] + y[k + 1]) / 2 + h * h * (slopes[k] - slopes[k + 1]) / 12
        }
        return total
    }
}

/// An interpolating B-spline of degree k through (x_i, y_i), with FITPACK's knot placement for
/// smoothing factor s = 0 (the knots `scipy.interpolate.InterpolatedUnivariateSpline` and
/// `RectBivariateSpline(s=0)` use): for odd k the interior knots are the data points
/// x[(k+1)/2] ... x[m-1-(k+1)/2] (for cubics this is the "not-a-knot" spline); for even k they are
/// the midpoints (x[j]+x[j+1])/2, j = k/2 ... m-2-k/2. The end knots are repeated k+1 times.
///
/// Outside [x_first, x_last] the spline either continues the end polynomials (`.extrapolate`,
/// FITPACK `splev` ext=0) or holds the end value (`.clamp`, FITPACK `bispev`).
public struct InterpolatingSpline: Sendable {
    public enum Outside: Sendable { case extrapolate, clamp }
    public let degree: Int
    public let knots: [Double]
    public let coefficients: [Double]
    public let outside: Outside

    public init(x: [Double], y: [Double], degree k: Int, outside: Outside = .extrapolate) {
        self = Collocation(x: x, degree: k, outside: outside).spline(y: y)
    }

    init(degree: Int, knots: [Double], coefficients: [Double], outside: Outside) {
        self.degree = degree; self.knots = knots; self.coefficients = coefficients; self.outside = outside
    }

    /// The knots and the factored collocation matrix of interpolating splines through fixed abscissae x:
    /// both depend on x alone, so splines through many ordinates on the same x (a histogram's rows, again
    /// in every pseudo-experiment) cost one forward and back substitution each instead of a dense solve,
    /// with the same arithmetic, so the same coefficients bit for bit. Its `basis(at:into:)` is every such
    /// spline's basis at u (`InterpolatingSpline.value(span:basis:)`).
    public struct Collocation: Sendable {
        public let degree: Int
        public let knots: [Double]
        public let outside: Outside
        let solve: LinearSolve

        public init(x: [Double], degree k: Int, outside: Outside = .extrapolate) {
            let m = x.count
            precondition(m > k, "an interpolating spline of degree \(k) needs more than \(k) points")
            degree = k; self.outside = outside
            var t = [Double](repeating: x[0], count: k + 1)
            if k % 2 == 1 {
                let h = (k + 1) / 2
                if m - 1 - h >= h { for j in h...(m - 1 - h) { t.append(x[j]) } }
            } else {
                let h = k / 2
                if m - 2 - h >= h { for j in h...(m - 2 - h) { t.append(0.5 * (x[j] + x[j + 1])) } }
            }
            t.append(contentsOf: [Double](repeating: x[m - 1], count: k + 1))
            knots = t
            // Collocation: sum_j c_j B_j(x_i) = y_i, a dense m x m system (m is small here).
            var a = [Double](repeating: 0, count: m * m)
            for i in 0..<m {
                let (span, basis) = InterpolatingSpline.basis(t: t, k: k, at: x[i])
                for r in 0...k { a[i * m + span - k + r] = basis[r] }
            }
            solve = LinearSolve(matrix: a, n: m)
        }

        /// The interpolating spline through (x_i, y_i).
        public func spline(y: [Double]) -> InterpolatingSpline {
            precondition(y.count == solve.n, "an interpolating spline through \(solve.n) points needs \(solve.n) values, found \(y.count)")
            return InterpolatingSpline(degree: degree, knots: knots, coefficients: solve.solve(y), outside: outside)
        }

        /// Writes the k+1 non-zero basis values at u (clamped as the splines clamp) to `buffer[0...k]`
        /// (which needs 3 (k + 1) elements: the rest is scratch) and returns their span, for
        /// `InterpolatingSpline.value(span:basis:)`.
        public func basis(at u: Double, into buffer: UnsafeMutableBufferPointer<Double>) -> Int {
            var v = u
            if outside == .clamp { v = min(max(u, knots[degree]), knots[knots.count - degree - 1]) }
            return InterpolatingSpline.basis(t: knots, k: degree, at: v, into: buffer)
        }
    }

    /// Knot span index l with t[l] <= u < t[l+1], limited to the valid range [k, n-k-2].
    @inline(__always)
    static func span(t: [Double], k: Int, u: Double) -> Int {
        let nCoef = t.count - k - 1
        if u >= t[nCoef] { return nCoef - 1 }
        if u <= t[k] { return k }
        var lo = k, hi = nCoef
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if t[mid] <= u { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The k+1 non-zero B-spline values at u (Cox-de Boor), with the span they start at; u may be
    /// outside the knot range, which extrapolates the end polynomial.
    static func basis(t: [Double], k: Int, at u: Double) -> (Int, [Double]) {
        var n = [Double](repeating: 0, count: 3 * (k + 1))
        let l = n.withUnsafeMutableBufferPointer { basis(t: t, k: k, at: u, into: $0) }
        return (l, Array(n[0...k]))
    }

    /// `basis(t:k:at:)` written to `buffer[0...k]` (which needs 3 (k + 1) elements: the rest is
    /// scratch); returns the span.
    static func basis(t: [Double], k: Int, at u: Double, into buffer: UnsafeMutableBufferPointer<Double>) -> Int {
        let l = span(t: t, k: k, u: u)
        let n = UnsafeMutableBufferPointer(rebasing: buffer[0...k])
        let left = UnsafeMutableBufferPointer(rebasing: buffer[(k + 1)...(2 * k + 1)])
        let right = UnsafeMutableBufferPointer(rebasing: buffer[(2 * k + 2)...(3 * k + 2)])
        n[0] = 1
        if k > 0 {
            for j in 1...k {
                left[j] = u - t[l + 1 - j]
                right[j] = t[l + j] - u
                var saved = 0.0
                for r in 0..<j {
                    let temp = n[r] / (right[r + 1] + left[j - r])
                    n[r] = saved + right[r + 1] * temp
                    saved = left[j - r] * temp
                }
                n[j] = saved
            }
        }
        return l
    }

    public func callAsFunction(_ u: Double) -> Double {
        var v = u
        if outside == .clamp { v = min(max(u, knots[degree]), knots[knots.count - degree - 1]) }
        // The basis on the stack: the same arithmetic without three heap arrays per call (a template
        // trial with injected signal evaluates ~74k splines).
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * (degree + 1)) { buffer in
            let l = Self.basis(t: knots, k: degree, at: v, into: buffer)
            return value(span: l, basis: UnsafePointer(buffer.baseAddress!))
        }
    }

    /// The spline's value from its basis at u (`Collocation.basis(at:into:)`, from the same knots):
    /// the same sum as `callAsFunction(u)`, without finding the span and the basis again.
    @inlinable @inline(__always)
    public func value(span l: Int, basis: UnsafePointer<Double>) -> Double {
        var s = 0.0
        for r in 0...degree { s += coefficients[l - degree + r] * basis[r] }
        return s
    }
}

/// Dense Gaussian elimination with partial pivoting (for the small systems of spline fits), factored
/// once: each column's pivot row and its non-zero row multipliers are recorded with the final upper
/// triangle, and `solve` replays on a right-hand side exactly the operations the elimination did to it.
struct LinearSolve: Sendable {
    let n: Int
    /// Row swapped into each column's pivot position.
    let pivots: [Int]
    /// Per column, the (row, multiplier) pairs of its elimination, in order: `start[col]..<start[col + 1]`.
    let rows: [Int], factors: [Double], start: [Int]
    /// The eliminated matrix (upper triangle used).
    let upper: [Double]

    init(matrix: [Double], n: Int) {
        var a = matrix, pivots: [Int] = [], rows: [Int] = [], factors: [Double] = [], start = [0]
        for col in 0..<n {
            var piv = col
            for r in (col + 1)..<max(n, col + 1) where abs(a[r * n + col]) > abs(a[piv * n + col]) { piv = r }
            if piv != col {
                for c in 0..<n { a.swapAt(col * n + c, piv * n + c) }
            }
            pivots.append(piv)
            let p = a[col * n + col]
            precondition(p != 0, "singular spline collocation matrix")
            for r in (col + 1)..<max(n, col + 1) {
                let f = a[r * n + col] / p
                if f == 0 { continue }
                for c in col..<n { a[r * n + c] -= f * a[col * n + c] }
                rows.append(r); factors.append(f)
            }
            start.append(rows.count)
        }
        self.n = n; self.pivots = pivots; self.rows = rows; self.factors = factors; self.start = start; upper = a
    }

    func solve(_ rhs: [Double]) -> [Double] {
        var b = rhs
        for col in 0..<n {
            if pivots[col] != col { b.swapAt(col, pivots[col]) }
            for e in start[col]..<start[col + 1] { b[rows[e]] -= factors[e] * b[col] }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<max(n, r + 1) { s -= upper[r * n + c] * x[c] }
            x[r] = s / upper[r * n + r]
        }
        return x
    }
}

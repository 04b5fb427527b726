/// Brent's method for the minimum of a function of one variable on a closed interval
/// (Brent 1973, ch. 5: golden-section steps combined with parabolic interpolation), the method
/// of `scipy.optimize.fminbound`. It needs no derivatives and never leaves [lower, upper], so it
/// is safe for functions that are only piecewise smooth.
public struct BrentMinimizer: Sendable {
    /// Absolute tolerance on the abscissa.
    public var absoluteTolerance: Double
    public var maxIterations: Int

    public init(absoluteTolerance: Double = 1e-5, maxIterations: Int = 200) {
        self.absoluteTolerance = absoluteTolerance; self.maxIterations = maxIterations
    }

    /// The result: argmin, minimum and the number of function calls.
    public struct Result: Sendable, Equatable {
        public var x: Double
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises f on [lower, upper]; the end points themselves are compared too, so a minimum on
    /// the boundary is found exactly.
    public func minimize(lower: Double, upper: Double, _ f: (Double) -> Double) -> Result {
        precondition(lower <= upper)
        let golden = 0.381_966_011_250_105_1
        var a = lower, b = upper
        var x = a + golden * (b - a), w = x, v = x
        var fx = f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        var calls = 1
        for _ in 0..<maxIterations {
            let m = 0.5 * (a + b)
            let tol1 = 1.5e-8 * abs(x) + absoluteTolerance / 3, tol2 = 2 * tol1
            if abs(x - m) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(e) > tol1 {
                var r = (x - w) * (fx - fv), q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                r = e; e = d
                if abs(p) < abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x) {
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = x < m ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = (x >= m ? a : b) - x
                d = golden * e
            }
            let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = f(u); calls += 1
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw; w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        var best = Result(x: x, value: fx, evaluations: calls)
        for edge in [lower, upper] {
            let fe = f(edge); best.evaluations += 1
            if fe < best.value { best.x = edge; best.value = fe }
        }
        return best
    }

    /// Global-leaning search: evaluate f on `gridPoints` equally spaced points, then refine with
    /// Brent in the bracket around the best grid point. Protects against the local minima a
    /// single Brent run could settle in.
    public func minimizeScanned(lower: Double, upper: Double, gridPoints: Int, _ f: (Double) -> Double) -> Result {
        precondition(gridPoints >= 2)
        let step = (upper - lower) / Double(gridPoints - 1)
        var bestIndex = 0, bestValue = Double.infinity
        for i in 0..<gridPoints {
            let value = f(lower + Double(i) * step)
            if value < bestValue { bestValue = value; bestIndex = i }
        }
        let lo = lower + Double(max(bestIndex - 1, 0)) * step
        let hi = lower + Double(min(bestIndex + 1, gridPoints - 1)) * step
        var refined = minimize(lower: lo, upper: hi, f)
        refined.evaluations += gridPoints
        if bestValue < refined.value {
            refined.x = lower + Double(bestIndex) * step; refined.value = bestValue
        }
        return refined
    }
}

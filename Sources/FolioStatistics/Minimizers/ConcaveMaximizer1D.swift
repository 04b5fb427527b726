/// Maximises a concave, twice-differentiable function g on [lower, upper] by safeguarded Newton
/// steps on g' (Newton where it stays inside the bracket, bisection otherwise).
///
/// Robust at the boundary: if g'(lower) <= 0 the maximum is at `lower` and no step is taken. This
/// is the case ns -> 0 of a likelihood fit, where unbounded minimisers wander to negative ns.
public struct ConcaveMaximizer1D: Sendable {
    public var tolerance: Double
    public var maxIterations: Int
    public init(tolerance: Double = 1e-8, maxIterations: Int = 100) {
        self.tolerance = tolerance; self.maxIterations = maxIterations
    }

    /// - Parameter derivatives: returns (g'(x), g''(x)); g'' <= 0 by concavity.
    /// - Returns: the arg max in [lower, upper] and the number of derivative calls.
    public func maximize(lower: Double, upper: Double, start: Double,
                         derivatives: (Double) -> (first: Double, second: Double)) -> (x: Double, calls: Int) {
        let (g0, _) = derivatives(lower)
        if g0 <= 0 { return (lower, 1) }
        var calls = 1
        var lo = lower, hi = upper
        let (gHi, _) = derivatives(upper); calls += 1
        if gHi >= 0 { return (upper, calls) }
        var x = min(max(start, lo), hi)
        if x == lo || x == hi { x = 0.5 * (lo + hi) }
        for _ in 0..<maxIterations {
            let (g1, g2) = derivatives(x); calls += 1
            if g1 > 0 { lo = x } else { hi = x }
            var next = g2 < 0 ? x - g1 / g2 : 0.5 * (lo + hi)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) <= tolerance * max(1, abs(x)) || hi - lo <= tolerance {
                return (next, calls)
            }
            x = next
        }
        return (x, calls)
    }
}

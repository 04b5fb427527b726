import Foundation

/// A power law dN/dE ∝ E^−γ between E₀ and E₁, and the maximum-likelihood fit of γ.
///
/// With x = ln(E/E₀) and g = γ − 1 the density is a truncated exponential,
/// p(x) = g e^(−g x) / (1 − e^(−g L)) on [0, L], L = ln(E₁/E₀), so for n events with Σx = S
///
///     ln L(g)   = n ln g − g S − n ln(1 − e^(−g L))
///     ∂ln L/∂g  = n/g − S − n L e^(−g L)/(1 − e^(−g L))
///     ∂²ln L/∂g² = −n/g² + n L² e^(−g L)/(1 − e^(−g L))²   (< 0: one maximum)
///
/// The error is σ = (−∂²ln L/∂g²)^(−1/2) at the maximum (the curvature of the likelihood; exact
/// for large n). γ ≤ 1 is allowed on a bounded range (g < 0 is a rising spectrum); g = 0 is the
/// flat-in-ln E limit, handled by continuity.
///
/// ```swift
/// let fit = TruncatedPowerLaw.fit(energies, lower: 1e3, upper: 1e6)   // fit.index ± fit.error
/// ```
public enum TruncatedPowerLaw {
    /// The fit result: γ̂ and its error from the curvature, and the events used.
    public struct Fit: Codable, Hashable, Sendable {
        public var index: Double
        public var error: Double
        public var events: Int
    }

    /// Draws `count` energies by inverting the cumulative distribution.
    public static func sample(count: Int, index: Double, lower: Double, upper: Double,
                              using rng: inout some RandomNumberGenerator) -> [Double] {
        let g = index - 1, span = log(upper / lower)
        return (0..<count).map { _ in
            let u = Double.random(in: 0..<1, using: &rng)
            let x = abs(g) < 1e-12 ? u * span : -log(1 - u * (1 - exp(-g * span))) / g
            return lower * exp(x)
        }
    }

    /// The maximum-likelihood γ of `energies` (all within [lower, upper]); nil for fewer than 2 events.
    public static func fit(_ energies: [Double], lower: Double, upper: Double) -> Fit? {
        guard energies.count >= 2 else { return nil }
        let n = Double(energies.count), span = log(upper / lower)
        let s = energies.reduce(0) { $0 + log($1 / lower) }
        // The score is decreasing in g; bisect it on a range wide enough for any physical spectrum.
        var lo = -20.0, hi = 20.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if score(mid, n: n, sum: s, span: span) > 0 { lo = mid } else { hi = mid }
        }
        let g = (lo + hi) / 2
        return Fit(index: 1 + g, error: 1 / (-curvature(g, n: n, span: span)).squareRoot(), events: energies.count)
    }

    /// ln L(γ) up to a constant, for plots of the likelihood curve.
    public static func logLikelihood(index: Double, energies: [Double], lower: Double, upper: Double) -> Double {
        let g = index - 1, n = Double(energies.count), span = log(upper / lower)
        let s = energies.reduce(0) { $0 + log($1 / lower) }
        if abs(g) < 1e-9 { return -n * log(span) }
        return n * log(abs(g)) - g * s - n * log(abs(1 - exp(-g * span)))
    }

    /// Expected events between energies `a` and `b` for `total` events and index γ.
    public static func expected(between a: Double, and b: Double, total: Double, index: Double, lower: Double, upper: Double) -> Double {
        func cdf(_ e: Double) -> Double {
            let g = index - 1, span = log(upper / lower), x = log(e / lower)
            return abs(g) < 1e-12 ? x / span : (1 - exp(-g * x)) / (1 - exp(-g * span))
        }
        return total * (cdf(b) - cdf(a))
    }

    static func score(_ g: Double, n: Double, sum: Double, span: Double) -> Double {
        if abs(g) < 1e-9 { return n * span / 2 - sum }   // limit of n/g − n L e^(−gL)/(1−e^(−gL)) as g → 0
        let e = exp(-g * span)
        return n / g - sum - n * span * e / (1 - e)
    }

    static func curvature(_ g: Double, n: Double, span: Double) -> Double {
        if abs(g) < 1e-6 { return -n * span * span / 12 }  // limit as g → 0
        let e = exp(-g * span)
        return -n / (g * g) + n * span * span * e / ((1 - e) * (1 - e))
    }
}

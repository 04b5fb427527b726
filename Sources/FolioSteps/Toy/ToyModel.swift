import Foundation

/// The toy experiment of the example analysis: a Gaussian signal peak on a falling exponential
/// background, observed as N values of x in [0, `upper`].
///
/// It exercises the whole loop (seeded sampling, an unbinned likelihood fit, background trials and
/// a significance) without any external data. The densities are normalised on [0, upper].
public struct ToyShapes: Codable, Hashable, Sendable {
    /// Signal peak position and width.
    public var peak: Double
    public var width: Double
    /// Background density ∝ exp(-x / slope).
    public var slope: Double
    public var upper: Double

    public init(peak: Double = 5, width: Double = 0.3, slope: Double = 3, upper: Double = 10) {
        self.peak = peak
        self.width = width
        self.slope = slope
        self.upper = upper
    }

    var problems: [String] {
        var p: [String] = []
        if !(upper > 0) { p.append("parameter 'shapes.upper' must be positive, found \(upper)") }
        if !(width > 0) { p.append("parameter 'shapes.width' must be positive, found \(width)") }
        if !(slope > 0) { p.append("parameter 'shapes.slope' must be positive, found \(slope)") }
        if !(0...upper).contains(peak) { p.append("parameter 'shapes.peak' must lie in [0, \(upper)], found \(peak)") }
        return p
    }

    func signalDensity(_ x: Double) -> Double {
        let z = (x - peak) / width
        let norm = 0.5 * (erf((upper - peak) / (width * 2.0.squareRoot())) - erf(-peak / (width * 2.0.squareRoot())))
        return exp(-0.5 * z * z) / (width * (2 * Double.pi).squareRoot() * norm)
    }

    func backgroundDensity(_ x: Double) -> Double {
        exp(-x / slope) / (slope * (1 - exp(-upper / slope)))
    }

    func drawBackground(_ u: Double) -> Double {
        -slope * log(1 - u * (1 - exp(-upper / slope)))
    }

    /// Box-Muller, rejecting values outside [0, upper].
    func drawSignal(_ uniform: () -> Double) -> Double {
        while true {
            let r = (-2 * log(1 - uniform())).squareRoot()
            let x = peak + width * r * cos(2 * Double.pi * uniform())
            if x >= 0 && x <= upper { return x }
        }
    }

    /// Maximum-likelihood signal fraction f in [0, 1] of ln L(f) = Σ ln(f s + (1 - f) b), with
    /// TS = 2 [ln L(f̂) - ln L(0)]. ln L is concave in f, so bisection on its derivative is exact
    /// to the tolerance.
    func fit(_ xs: [Double]) -> (fraction: Double, ts: Double) {
        let s = xs.map(signalDensity), b = xs.map(backgroundDensity)
        func derivative(_ f: Double) -> Double {
            var d = 0.0
            for i in s.indices { d += (s[i] - b[i]) / (f * s[i] + (1 - f) * b[i]) }
            return d
        }
        var f = 0.0
        if derivative(0) > 0 {
            if derivative(1) >= 0 {
                f = 1
            } else {
                var lo = 0.0, hi = 1.0
                for _ in 0..<60 {
                    let mid = 0.5 * (lo + hi)
                    if derivative(mid) > 0 { lo = mid } else { hi = mid }
                }
                f = 0.5 * (lo + hi)
            }
        }
        return (f, 2 * (logLikelihood(f, s, b) - logLikelihood(0, s, b)))
    }

    /// The 68% interval of f from the profile likelihood (Δ ln L = 1/2), clipped to [0, 1].
    func interval(_ xs: [Double], best: Double) -> (lower: Double, upper: Double) {
        let s = xs.map(signalDensity), b = xs.map(backgroundDensity)
        let target = logLikelihood(best, s, b) - 0.5
        func solve(_ from: Double, _ to: Double) -> Double {
            guard logLikelihood(to, s, b) < target else { return to }
            var inside = from, outside = to
            for _ in 0..<60 {
                let mid = 0.5 * (inside + outside)
                if logLikelihood(mid, s, b) >= target { inside = mid } else { outside = mid }
            }
            return 0.5 * (inside + outside)
        }
        return (solve(best, 0), solve(best, 1))
    }

    private func logLikelihood(_ f: Double, _ s: [Double], _ b: [Double]) -> Double {
        var l = 0.0
        for i in s.indices { l += log(f * s[i] + (1 - f) * b[i]) }
        return l
    }
}

/// One-sided Gaussian significance of a p-value: Z with P(N(0,1) > Z) = p, by bisection on erfc.
func oneSidedSigma(pValue p: Double) -> Double {
    guard p > 0 else { return .infinity }
    guard p < 1 else { return -.infinity }
    var lo = -40.0, hi = 40.0
    for _ in 0..<200 {
        let mid = 0.5 * (lo + hi)
        if 0.5 * erfc(mid / 2.0.squareRoot()) > p { lo = mid } else { hi = mid }
    }
    return 0.5 * (lo + hi)
}

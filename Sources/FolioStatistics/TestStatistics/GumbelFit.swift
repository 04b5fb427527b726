import Foundation

/// A Gumbel (type-I extreme-value) distribution fitted by maximum likelihood to a sample of
/// maxima: the model of the hottest TS of a scrambled all-sky scan. The maximum of many
/// independent statistics with exponential-type tails (TS ~ χ², a sky of nearly independent
/// positions) tends to a Gumbel law (Fisher–Tippett–Gnedenko; Coles, *An Introduction to
/// Statistical Modeling of Extreme Values*, Springer 2001, ch. 3), so a post-trial p-value beyond
/// the scans' reach comes from this fit rather than from a χ² fitted to the maxima, whose spread
/// it does not model.
///
/// F(x) = exp(−exp(−(x − μ)/β)); the p-value of an observed maximum t is 1 − F(t). The
/// parameters' covariance is the inverse Fisher information of n observations (Coles 2001, §3.3),
/// I = (n/β²) [[1, γ−1], [γ−1, π²/6 + (1−γ)²]] with γ Euler's constant, and it is carried to the
/// p-value through z = (t − μ)/β (delta method), so the interval stays within (0, 1).
public struct GumbelFit: Sendable, Equatable {
    /// Location μ and scale β (the sample's unit).
    public let location: Double
    public let scale: Double
    /// Covariance of (μ, β) from the Fisher information.
    public let varianceLocation: Double
    public let varianceScale: Double
    public let covariance: Double
    public let sampleSize: Int

    static let eulerGamma = 0.577_215_664_901_532_9

    /// Maximum-likelihood fit. Needs at least 3 values that are not all equal.
    public init?(sample: [Double]) {
        let n = Double(sample.count)
        guard sample.count >= 3, let lo = sample.min(), let hi = sample.max(), hi > lo else { return nil }
        let mean = sample.reduce(0, +) / n
        let sd = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        /// μ̂(β) = −β log(mean e^(−x/β)), computed relative to the smallest value to avoid overflow.
        func location(_ beta: Double) -> Double {
            lo - beta * log(sample.reduce(0) { $0 + exp(-($1 - lo) / beta) } / n)
        }
        // With μ̂(β) inserted, Σ e^(−(x−μ̂)/β) = n and −log L = n log β + Σ(x − μ̂)/β + n.
        let profile: (Double) -> Double = { beta in n * log(beta) + (n * mean - n * location(beta)) / beta + n }
        let beta = BrentMinimizer(absoluteTolerance: 1e-9 * sd).minimize(lower: 1e-3 * sd, upper: 10 * sd, profile).x
        self.location = location(beta)
        scale = beta
        sampleSize = sample.count
        // Inverse of I = (n/β²) [[1, g], [g, h]]: (β²/n) / (h − g²) · [[h, −g], [−g, 1]].
        let g = Self.eulerGamma - 1, h = Double.pi * Double.pi / 6 + g * g
        let factor = beta * beta / (n * (h - g * g))
        varianceLocation = factor * h
        varianceScale = factor
        covariance = -factor * g
    }

    /// P(X ≥ x) = 1 − exp(−e^(−z)), z = (x − μ)/β, accurate for small p (−expm1).
    public func survival(_ x: Double) -> Double { Self.survival(z: (x - location) / scale) }

    static func survival(z: Double) -> Double { -expm1(-exp(-z)) }

    /// The p-value of `x` with its 68% interval from the parameters' uncertainty: z ± σ_z with
    /// σ_z² = (Var μ + z² Var β + 2z Cov(μ, β)) / β².
    public func survivalInterval(_ x: Double) -> (pValue: Double, lower: Double, upper: Double) {
        let z = (x - location) / scale
        let sigmaZ = max(0, varianceLocation + z * z * varianceScale + 2 * z * covariance).squareRoot() / scale
        return (Self.survival(z: z), Self.survival(z: z + sigmaZ), Self.survival(z: z - sigmaZ))
    }
}

/// Binomial bounds on a fraction measured by trials.
public enum BinomialBound {
    /// One-sided upper bound at confidence `cl` on the probability p of an event seen `k` times
    /// in `n` trials (Clopper–Pearson): the p with P(X ≤ k | n, p) = 1 − cl. For k = 0 this is
    /// 1 − (1 − cl)^(1/n) (≈ 2.3/n at 90%): the smallest p-value the trials can bound.
    public static func upper(successes k: Int, trials n: Int, confidenceLevel cl: Double = 0.9) -> Double {
        precondition(n > 0 && k >= 0 && k <= n && cl > 0 && cl < 1)
        if k == n { return 1 }
        if k == 0 { return -expm1(log1p(-cl) / Double(n)) }
        var a = Double(k) / Double(n), b = 1.0
        for _ in 0..<200 where b - a > 1e-14 {
            let m = 0.5 * (a + b)
            if cdf(k, n, m) > 1 - cl { a = m } else { b = m }
        }
        return 0.5 * (a + b)
    }

    /// P(X ≤ k) for X ~ Binomial(n, p), summed in logs.
    static func cdf(_ k: Int, _ n: Int, _ p: Double) -> Double {
        let lp: Double = log(p), lq: Double = log1p(-p), nn = Double(n)
        let lnFactorialN: Double = lgamma(nn + 1)
        var total = 0.0
        for j in 0...k {
            let jj = Double(j)
            let lnChoose: Double = lnFactorialN - lgamma(jj + 1) - lgamma(nn - jj + 1)
            let lnTerm: Double = lnChoose + jj * lp + (nn - jj) * lq
            total += exp(lnTerm)
        }
        return min(1, total)
    }
}

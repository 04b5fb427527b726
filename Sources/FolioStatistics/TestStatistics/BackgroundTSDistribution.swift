import Foundation

/// The distribution of a test statistic under the background hypothesis, built from trials.
///
/// Tail model: a point mass at TS = 0 (fits that end at ns = 0) plus a chi-square with free
/// degrees of freedom k for the rest, P(TS > t) = eta * Q(k/2, t/2), with eta the fraction of
/// trials above `zeroThreshold` and k fitted by maximum likelihood to those trials. Where at least
/// `minimumTailCount` trials lie at or above the observed TS the p-value is the trial fraction;
/// beyond that (trials run out) it comes from the fitted tail.
public struct BackgroundTSDistribution: Sendable {
    /// Trials' TS, sorted ascending.
    public let sortedTS: [Double]
    /// Fraction of trials with TS > zeroThreshold.
    public let eta: Double
    /// Fitted chi-square degrees of freedom of the TS > 0 part.
    public let degreesOfFreedom: Double
    public let zeroThreshold: Double
    public let minimumTailCount: Int

    public init(trials: [Double], zeroThreshold: Double = 1e-6, minimumTailCount: Int = 20) {
        precondition(!trials.isEmpty, "no background trials")
        sortedTS = trials.sorted()
        self.zeroThreshold = zeroThreshold
        self.minimumTailCount = minimumTailCount
        let positive = sortedTS.filter { $0 > zeroThreshold }
        eta = Double(positive.count) / Double(sortedTS.count)
        degreesOfFreedom = positive.count >= 2 ? Self.fitDegreesOfFreedom(positive) : 1
    }

    /// MLE of k for a chi-square sample: maximise sum log f_k(t_i); f_k has a closed form.
    static func fitDegreesOfFreedom(_ t: [Double]) -> Double {
        let n = Double(t.count)
        var sumLog = 0.0, total = 0.0
        for v in t { sumLog += Foundation.log(v); total += v }
        let ln2: Double = log(2.0)
        let negLogL: (Double) -> Double = { k in
            let half: Double = k / 2
            let norm: Double = half * ln2 + Foundation.lgamma(half)
            let shape: Double = (half - 1) * sumLog
            return -(shape - 0.5 * total - n * norm)
        }
        return BrentMinimizer(absoluteTolerance: 1e-6).minimize(lower: 0.05, upper: 20, negLogL).x
    }

    /// Median TS of the trials.
    public var median: Double { quantile(0.5) }

    /// Empirical quantile (linear interpolation between order statistics).
    public func quantile(_ q: Double) -> Double { Self.quantile(sorted: sortedTS, q) }

    /// Empirical quantile of ascending `sorted` values (linear between order statistics).
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let i = Int(pos.rounded(.down)), f = pos - Double(i)
        return i + 1 < sorted.count ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i]
    }

    /// Number of trials with TS >= ts.
    public func count(atLeast ts: Double) -> Int {
        var lo = 0, hi = sortedTS.count
        while lo < hi { let mid = (lo + hi) / 2; if sortedTS[mid] < ts { lo = mid + 1 } else { hi = mid } }
        return sortedTS.count - lo
    }

    /// p-value of an observed TS, one-sided significance and how it was obtained.
    public func significance(of ts: Double) -> Significance {
        let k = count(atLeast: ts)
        if k >= minimumTailCount || ts <= zeroThreshold {
            let p = Double(k) / Double(sortedTS.count)
            return Significance(pValue: p, method: .trialFraction(count: k, trials: sortedTS.count))
        }
        let p = eta * ChiSquare(degreesOfFreedom: degreesOfFreedom).survival(ts)
        return Significance(pValue: p, method: .chiSquareTail(eta: eta, degreesOfFreedom: degreesOfFreedom))
    }
}

/// A p-value with its one-sided Gaussian equivalent.
public struct Significance: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        /// Fraction of background trials at or above the observed TS.
        case trialFraction(count: Int, trials: Int)
        /// Fitted tail eta * chi2_k survival (trials ran out).
        case chiSquareTail(eta: Double, degreesOfFreedom: Double)
        /// Given directly.
        case given
    }
    /// Probability of a TS at least this large under background.
    public let pValue: Double
    public let method: Method
    public init(pValue: Double, method: Method = .given) { self.pValue = pValue; self.method = method }

    /// One-sided significance in sigma: the z with P(N(0,1) > z) = p (0 for p >= 0.5 is not
    /// clipped: p = 0.5 gives 0, p > 0.5 negative). Infinite for p = 0.
    public var sigma: Double {
        if pValue <= 0 { return .infinity }
        if pValue >= 1 { return -.infinity }
        return SpecialFunctions.inverseNormalSurvival(pValue)
    }

    /// One-sided p-value of a given significance in sigma.
    public static func pValue(sigma: Double) -> Double { SpecialFunctions.normalSurvival(sigma) }

    /// Post-trial p-value for the best of `hypotheses` independent tests (Sidak):
    /// 1 - (1 - p)^n, computed as -expm1(n log1p(-p)) to keep small p accurate.
    public func trialCorrected(hypotheses n: Int) -> Significance {
        precondition(n >= 1)
        return Significance(pValue: -expm1(Double(n) * log1p(-pValue)), method: method)
    }
}

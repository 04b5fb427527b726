import Foundation

/// Draws from common distributions with any generator (here: a seeded `Xoshiro256StarStar`).
public extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    @inlinable mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [a, b).
    @inlinable mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Poisson-distributed count with mean `mean` >= 0: multiplication method for mean < 30,
    /// otherwise the PTRS transformed-rejection method (Hoermann 1993).
    mutating func poisson(mean: Double) -> Int {
        precondition(mean >= 0)
        if mean == 0 { return 0 }
        if mean < 30 {
            let limit = exp(-mean)
            var k = 0, p = uniform()
            while p > limit { k += 1; p *= uniform() }
            return k
        }
        let slam = mean.squareRoot(), loglam = log(mean)
        let b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b
        let invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5, v = uniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invalpha) - log(a / (us * us) + b) <= -mean + k * loglam - lgamma(k + 1) {
                return Int(k)
            }
        }
    }

    /// Index i drawn with probability cumulative[i] - cumulative[i-1] from an ascending
    /// cumulative array whose last entry is the total weight.
    mutating func index(cumulative: [Double]) -> Int {
        let u = uniform() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] <= u { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}

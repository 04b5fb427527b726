import Foundation

/// Where a passing fraction crosses a target on a fixed grid of injected signal strengths: the
/// 90% CL upper limit (fraction of injection trials above the observed TS reaching 0.9) or a
/// sensitivity. A fixed grid (instead of a bisection) lets every strength's trials run as chunks
/// of one trial set; with common random numbers across the grid the fraction rises nearly
/// monotonically, and a running maximum makes it monotone before interpolating linearly.
public struct GridCrossing: Codable, Equatable, Sendable {
    /// The interpolated strength; the grid's largest strength when `aboveGrid`.
    public var strength: Double
    /// Binomial statistical uncertainty of `strength`: √(t(1−t)/n) divided by the local slope of
    /// the passing fraction (n trials per strength, t the target).
    public var statisticalError: Double
    /// The fraction never reached the target on the grid: `strength` is then only a lower bound.
    public var aboveGrid: Bool

    /// - Parameters: `strengths` ascending and positive; `passing[k]` of `trials` trials at
    ///   `strengths[k]` passed; `target` in (0, 1).
    public static func find(strengths: [Double], passing: [Int], trials: Int, target: Double) -> GridCrossing {
        precondition(strengths.count == passing.count && !strengths.isEmpty && trials > 0)
        var fractions: [Double] = []
        for k in passing.indices { fractions.append(max(fractions.last ?? 0, Double(passing[k]) / Double(trials))) }
        let sigmaF = (target * (1 - target) / Double(trials)).squareRoot()
        guard let k = fractions.firstIndex(where: { $0 >= target }) else {
            return GridCrossing(strength: strengths.last!, statisticalError: .nan, aboveGrid: true)
        }
        // Below the first grid point the fraction is unknown; take the line from (0, 0) there.
        let (s0, f0) = k == 0 ? (0.0, 0.0) : (strengths[k - 1], fractions[k - 1])
        let (s1, f1) = (strengths[k], fractions[k])
        let slope = (f1 - f0) / (s1 - s0)
        let strength = slope > 0 ? s0 + (target - f0) / slope : s1
        return GridCrossing(strength: strength, statisticalError: slope > 0 ? sigmaF / slope : s1 - s0, aboveGrid: false)
    }

    /// Bootstrap standard deviation of the crossing strength: the trials are resampled with
    /// replacement `resamples` times and the crossing found again each time. `passes[t][k]` says
    /// whether trial t passed at strength k; with common random numbers a trial is one
    /// pseudo-experiment replayed at every strength, so whole rows are resampled, which keeps the
    /// correlation between strengths that the binomial formula ignores (and that formula's slope
    /// comes from two noisy fractions, so it misjudges the error when they happen to lie close or
    /// far apart). Resamples whose fraction never reaches the target count at the grid's top.
    /// Deterministic: `g` is the caller's generator.
    public static func bootstrapError<G: RandomNumberGenerator>(strengths: [Double], passes: [[Bool]], target: Double,
                                                                resamples: Int = 400, using g: inout G) -> Double {
        let n = passes.count
        precondition(n > 0 && resamples > 1 && passes.allSatisfy { $0.count == strengths.count })
        var values: [Double] = []
        values.reserveCapacity(resamples)
        var counts = [Int](repeating: 0, count: strengths.count)
        for _ in 0..<resamples {
            for k in counts.indices { counts[k] = 0 }
            for _ in 0..<n {
                let row = passes[Int(g.next() % UInt64(n))]
                for k in row.indices where row[k] { counts[k] += 1 }
            }
            values.append(find(strengths: strengths, passing: counts, trials: n, target: target).strength)
        }
        let mean = values.reduce(0, +) / Double(resamples)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(resamples - 1)).squareRoot()
    }

    /// `count` strengths evenly spaced in (0, top].
    public static func grid(top: Double, count: Int) -> [Double] {
        (1...max(1, count)).map { top * Double($0) / Double(max(1, count)) }
    }
}

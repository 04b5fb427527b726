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

    /// `count` strengths evenly spaced in (0, top].
    public static func grid(top: Double, count: Int) -> [Double] {
        (1...max(1, count)).map { top * Double($0) / Double(max(1, count)) }
    }
}

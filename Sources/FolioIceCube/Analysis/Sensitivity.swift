import FolioStatistics
import Foundation

/// The flux for which a fraction `power` of signal trials exceeds a TS threshold: sensitivity
/// (threshold = median background TS, power 0.9) or discovery potential (threshold = TS with
/// background p-value of n sigma, power 0.5), as in IceCube's point-source papers.
public struct SensitivityResult: Sendable, Equatable, Codable {
    /// Mean number of injected signal events at the result.
    public var meanSignal: Double
    public var flux: PowerLawFlux
    /// E^2 dN/dE at 1 TeV and at 100 TeV, TeV cm^-2 s^-1.
    public var e2dNdEAt1TeV: Double
    public var e2dNdEAt100TeV: Double
    public var tsThreshold: Double
    public var power: Double
    /// (mean signal, fraction above threshold, trials) of every evaluated point.
    public var scan: [[Double]]
}

extension PointSourceAnalysis {
    /// TS threshold whose background p-value equals p: the trial quantile where enough trials
    /// exist, else the fitted eta x chi2 tail inverted by bisection.
    public static func tsThreshold(background: BackgroundTSDistribution, pValue p: Double) -> Double {
        if Double(background.sortedTS.count) * p >= Double(background.minimumTailCount) {
            return background.quantile(1 - p)
        }
        var lo = 0.0, hi = 200.0
        for _ in 0..<100 {
            let mid = 0.5 * (lo + hi)
            if background.eta * ChiSquare(degreesOfFreedom: background.degreesOfFreedom).survival(mid) > p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// The result for a grid of injected means: `passing[k]` of `trials` signal trials with mean
    /// `means[k]` (spectrum E^-gamma, common random numbers across the grid) had TS > `threshold`;
    /// the mean where the fraction reaches `power` comes from `GridCrossing`.
    public func fluxForPower(threshold: Double, power: Double, gamma: Double, means: [Double], passing: [Int],
                             trials: Int) -> (result: SensitivityResult, crossing: GridCrossing) {
        let crossing = GridCrossing.find(strengths: means, passing: passing, trials: trials, target: power)
        let flux = self.flux(ns: crossing.strength, gamma: gamma)
        let scan = zip(means, passing).map { [$0, Double($1) / Double(trials), Double(trials)] }
        let result = SensitivityResult(meanSignal: crossing.strength, flux: flux, e2dNdEAt1TeV: flux.e2dNdE(atTeV: 1),
                                       e2dNdEAt100TeV: flux.e2dNdE(atTeV: 100), tsThreshold: threshold, power: power, scan: scan)
        return (result, crossing)
    }

    /// Signal trials above `threshold` at each of `means`, `count` trials each, replaying the same
    /// generator state for every mean (common random numbers): `makeGenerator` must return the
    /// same stream on every call (e.g. `TrialChunk.generator`).
    public func passingCounts<G: RandomNumberGenerator>(threshold: Double, gamma: Double, means: [Double], count: Int,
                                                        makeGenerator: () -> G) -> [Int] {
        means.map { mean in
            var g = makeGenerator()
            return trials(count: count, injectMean: mean, injectGamma: gamma, using: &g).filter { $0.ts > threshold }.count
        }
    }
}

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

    /// Finds the mean injected signal for which `power` of the trials have TS > `threshold`, by
    /// bisection on the mean (each step `trialsPerStep` signal trials, seeded by (seed, step)),
    /// then linear interpolation between the bracketing points. Spectrum E^-gamma.
    public func fluxForPower(threshold: Double, power: Double, gamma: Double, seed: UInt64,
                             trialsPerStep: Int = 200, maxMean: Double = 200, steps: Int = 10) -> SensitivityResult {
        var scan: [[Double]] = []
        func fraction(_ mean: Double, step: Int) -> Double {
            let fits = parallelTrials(seed: seed &+ UInt64(step) &* 1_000_003, count: trialsPerStep,
                                      chunkSize: max(1, trialsPerStep / 4), injectMean: mean, injectGamma: gamma)
            let f = Double(fits.filter { $0.ts > threshold }.count) / Double(trialsPerStep)
            scan.append([mean, f, Double(trialsPerStep)])
            return f
        }
        var lo = 0.0, fLo = 0.0, hi = maxMean, fHi = fraction(hi, step: 0)
        for step in 1...steps {
            let mid = 0.5 * (lo + hi), f = fraction(mid, step: step)
            if f < power { lo = mid; fLo = f } else { hi = mid; fHi = f }
        }
        let mean = fHi > fLo ? lo + (power - fLo) / (fHi - fLo) * (hi - lo) : hi
        let flux = self.flux(ns: mean, gamma: gamma)
        return SensitivityResult(meanSignal: mean, flux: flux, e2dNdEAt1TeV: flux.e2dNdE(atTeV: 1),
                                 e2dNdEAt100TeV: flux.e2dNdE(atTeV: 100), tsThreshold: threshold, power: power,
                                 scan: scan.sorted { $0[0] < $1[0] })
    }

    /// Sensitivity: 90% of signal trials above the median background TS.
    public func sensitivity(background: BackgroundTSDistribution, gamma: Double = 2, seed: UInt64,
                            trialsPerStep: Int = 200) -> SensitivityResult {
        fluxForPower(threshold: background.median, power: 0.9, gamma: gamma, seed: seed, trialsPerStep: trialsPerStep)
    }

    /// Discovery potential at `sigma` (e.g. 3 or 5): 50% of signal trials above the TS whose
    /// background p-value is the one-sided p of `sigma`.
    public func discoveryPotential(sigma: Double, background: BackgroundTSDistribution, gamma: Double = 2,
                                   seed: UInt64, trialsPerStep: Int = 200) -> SensitivityResult {
        let threshold = Self.tsThreshold(background: background, pValue: Significance.pValue(sigma: sigma))
        return fluxForPower(threshold: threshold, power: 0.5, gamma: gamma, seed: seed, trialsPerStep: trialsPerStep)
    }
}

import FolioStatistics
import Foundation

/// The unbinned likelihood ratio of Braun et al. (Astropart. Phys. 29, 299 (2008)) for one or more
/// sources sharing one ns and gamma, over several seasons:
///
///   log Lambda(ns, gamma) = sum_j [ sum_{i in selected_j} log(1 + ns_j X_ij)
///                                   + (N_j - N'_j) log(1 - ns_j / N_j) ],
///   X_ij = (R_ij(gamma) - 1) / N_j,   ns_j = ns f_j(gamma),
///   R_ij = sum_k w_jk(gamma) (S_ik / B_i)_spatial (S_ik / B_i)_energy(gamma),
///
/// with f_j the season's share of the expected signal (acceptance x livetime) and w_jk the
/// sources' share within the season (catalogue weight x acceptance, normalised). For one source
/// w = 1. TS = 2 log Lambda at the maximum with ns >= 0.
public struct PointSourceLikelihood: Sendable {
    public let models: [SeasonSourceModel]
    /// Catalogue weights of the sources (stacking); [1] for a single source.
    public let sourceWeights: [Double]
    public var nsBounds: ClosedRange<Double> = 0...1000
    public var gammaBounds: ClosedRange<Double> = 1...4

    public init(models: [SeasonSourceModel], sourceWeights: [Double]) {
        precondition(!models.isEmpty)
        self.models = models; self.sourceWeights = sourceWeights
    }

    /// Season shares f_j(gamma) and in-season source shares w_jk(gamma).
    public func weights(gamma: Double) -> (season: [Double], source: [[Double]]) {
        var perSeason: [Double] = [], perSource: [[Double]] = []
        for m in models {
            let y = (0..<m.sourceCount).map { sourceWeights[$0] * m.signalYield(source: $0, gamma: gamma) }
            let s = y.reduce(0, +)
            perSeason.append(s); perSource.append(y.map { $0 / s })
        }
        let total = perSeason.reduce(0, +)
        return (perSeason.map { $0 / total }, perSource)
    }

    /// X_ij and dX_ij/dgamma (at fixed shares) of every selected event at gamma, per season;
    /// with `shareDerivatives` the in-season source shares' gamma-dependence is added to dX.
    func eventTerms(_ data: TrialData, gamma: Double, sourceShares: [[Double]],
                    shareDerivatives: [[Double]]? = nil) -> [(x: [Double], dx: [Double])] {
        var out: [(x: [Double], dx: [Double])] = []
        for (j, s) in data.seasons.enumerated() {
            let k = models[j].sourceCount, n = s.selectedCount
            var x = [Double](repeating: 0, count: n), dx = x
            s.energyRatio.withUnsafeBufferPointer { er in
                for i in 0..<n {
                    var r = 0.0, dr = 0.0
                    for src in 0..<k {
                        let (e, de) = GammaGrid.interpolate(er.baseAddress! + (i * k + src) * GammaGrid.count, gamma: gamma)
                        let spatial = s.spatialRatio[i * k + src]
                        let sp = spatial * sourceShares[j][src]
                        r += sp * e; dr += sp * de
                        if let shareDerivatives { dr += spatial * shareDerivatives[j][src] * e }
                    }
                    x[i] = (r - 1) / s.totalEvents; dx[i] = dr / s.totalEvents
                }
            }
            out.append((x, dx))
        }
        return out
    }

    /// log Lambda and its gradient (d/dns, d/dgamma). d/dgamma includes the gamma-dependence of
    /// the energy ratios (analytic, from the parabola) and of the acceptance shares f_j and w_jk
    /// (central difference of the shares, h = 1e-5; they are smooth in gamma).
    public func logLambda(_ data: TrialData, ns: Double, gamma: Double) -> (value: Double, dns: Double, dgamma: Double) {
        let w = weights(gamma: gamma)
        let h = 1e-5
        let wPlus = weights(gamma: gamma + h), wMinus = weights(gamma: gamma - h)
        let dSeason = w.season.indices.map { (wPlus.season[$0] - wMinus.season[$0]) / (2 * h) }
        let dSource = w.source.indices.map { j in w.source[j].indices.map { (wPlus.source[j][$0] - wMinus.source[j][$0]) / (2 * h) } }
        let terms = eventTerms(data, gamma: gamma, sourceShares: w.source, shareDerivatives: dSource)
        var value = 0.0, dns = 0.0, dg = 0.0
        for (j, s) in data.seasons.enumerated() {
            let f = w.season[j], df = dSeason[j], nsj = ns * f, rest = s.totalEvents - Double(s.selectedCount)
            for i in 0..<s.selectedCount {
                let a = 1 + nsj * terms[j].x[i]
                value += log(a)
                dns += f * terms[j].x[i] / a
                dg += (nsj * terms[j].dx[i] + ns * df * terms[j].x[i]) / a
            }
            value += rest * log1p(-nsj / s.totalEvents)
            dns -= f * rest / (s.totalEvents - nsj)
            dg -= ns * df * rest / (s.totalEvents - nsj)
        }
        return (value, dns, dg)
    }

    /// Best ns >= 0 at fixed gamma (log Lambda is concave in ns) and the value there.
    public func profile(_ data: TrialData, gamma: Double) -> (ns: Double, logLambda: Double) {
        let w = weights(gamma: gamma)
        let terms = eventTerms(data, gamma: gamma, sourceShares: w.source)
        let seasons = data.seasons
        func derivatives(_ ns: Double) -> (Double, Double) {
            var g1 = 0.0, g2 = 0.0
            for j in seasons.indices {
                let f = w.season[j], nsj = ns * f, n = seasons[j].totalEvents
                let rest = n - Double(seasons[j].selectedCount)
                terms[j].x.withUnsafeBufferPointer { x in
                    for xi in x {
                        let q = xi / (1 + nsj * xi)
                        g1 += f * q; g2 -= f * f * q * q
                    }
                }
                let d = n - nsj
                g1 -= f * rest / d; g2 -= f * f * rest / (d * d)
            }
            return (g1, g2)
        }
        let upper = min(nsBounds.upperBound, 0.999 * seasons.map { $0.totalEvents }.min()!)
        let ns = ConcaveMaximizer1D(tolerance: 1e-9).maximize(lower: nsBounds.lowerBound, upper: upper, start: 1,
                                                                derivatives: derivatives).x
        var value = 0.0
        for j in seasons.indices {
            let nsj = ns * w.season[j], n = seasons[j].totalEvents
            for xi in terms[j].x { value += log1p(nsj * xi) }
            value += (n - Double(seasons[j].selectedCount)) * log1p(-nsj / n)
        }
        return (ns, value)
    }

    /// The maximum-likelihood fit: ns >= 0, gamma in `gammaBounds`. gamma is found by a 13-point
    /// scan of the profile likelihood refined by Brent's method (robust against the profile's
    /// local maxima and its small steps where the parabolic gamma interpolation changes grid point).
    public func fit(_ data: TrialData) -> PointSourceFit {
        var best = (ns: 0.0, logLambda: 0.0)
        let result = BrentMinimizer(absoluteTolerance: 1e-4).minimizeScanned(
            lower: gammaBounds.lowerBound, upper: gammaBounds.upperBound, gridPoints: 13) { g in
            let p = profile(data, gamma: g)
            return -p.logLambda
        }
        best = profile(data, gamma: result.x)
        if best.ns <= 0 {
            return PointSourceFit(ns: 0, gamma: result.x, ts: 0, injected: data.injectedSignal)
        }
        return PointSourceFit(ns: best.ns, gamma: result.x, ts: 2 * best.logLambda, injected: data.injectedSignal)
    }
}

/// Result of one fit. `ts` = 2 log Lambda(ns, gamma) at the maximum (0 when ns = 0).
public struct PointSourceFit: Sendable, Equatable, Codable {
    /// Fitted number of signal events (all seasons together).
    public var ns: Double
    /// Fitted spectral index of dN/dE ∝ E^-gamma.
    public var gamma: Double
    public var ts: Double
    /// Number of signal events injected into the trial (0 for data and background trials).
    public var injected: Int
}

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
    public var gammaBounds: ClosedRange<Double> = Self.defaultGammaBounds
    static let defaultGammaBounds: ClosedRange<Double> = 1...4

    /// One season and one source with a positive, finite yield: every share is exactly 1 at every
    /// gamma (y / y and s / s), so `weights` needs no effective-area integrals (pow per energy bin).
    let sharesAreOne: Bool
    /// Otherwise, the shares at the gammas of the fit's 13-point scan (`fit`), the same in every fit: each
    /// costs four pow per effective-area energy bin and season (`pow` was 6.5% of a ten-season trial), and
    /// the scan asks for about half of a fit's profiles.
    let scanShares: [(gamma: Double, season: [Double], source: [[Double]])]

    public init(models: [SeasonSourceModel], sourceWeights: [Double]) {
        precondition(!models.isEmpty)
        self.models = models; self.sourceWeights = sourceWeights
        // The yield is a sum of positive terms over the same energy bins at every gamma, so checking
        // a few gammas checks them all.
        let sharesAreOne = models.count == 1 && models[0].sourceCount == 1
            && [1.0, 2.0, 3.0, 4.0].allSatisfy { g in
                let w = Self.shares(models: models, sourceWeights: sourceWeights, gamma: g)
                return w.season == [1] && w.source == [[1]]
            }
        self.sharesAreOne = sharesAreOne
        // The scan's gammas by BrentMinimizer.minimizeScanned's expression; a gamma found here is the same
        // Double, so its shares are the same bits (other gammas, or other `gammaBounds`, compute as before).
        let (lower, upper) = (Self.defaultGammaBounds.lowerBound, Self.defaultGammaBounds.upperBound), step = (upper - lower) / Double(Self.scanPoints - 1)
        scanShares = sharesAreOne ? [] : (0..<Self.scanPoints).map { i in
            let g = lower + Double(i) * step, w = Self.shares(models: models, sourceWeights: sourceWeights, gamma: g)
            return (g, w.season, w.source)
        }
    }

    /// Points of the fit's scan in gamma before Brent's refinement.
    static let scanPoints = 13

    /// Season shares f_j(gamma) and in-season source shares w_jk(gamma).
    public func weights(gamma: Double) -> (season: [Double], source: [[Double]]) {
        if sharesAreOne { return ([1], [[1]]) }
        if let w = scanShares.first(where: { $0.gamma == gamma }) { return (w.season, w.source) }
        return Self.shares(models: models, sourceWeights: sourceWeights, gamma: gamma)
    }

    private static func shares(models: [SeasonSourceModel], sourceWeights: [Double],
                               gamma: Double) -> (season: [Double], source: [[Double]]) {
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
        var x = data.seasons.map { [Double](repeating: 0, count: $0.selectedCount) }
        return profile(data, gamma: gamma, terms: &x)
    }

    /// `profile` with the X_ij of every season written into `x` (one buffer per season of
    /// `selectedCount` entries, reused across the gammas of a fit).
    func profile(_ data: TrialData, gamma: Double, terms x: inout [[Double]]) -> (ns: Double, logLambda: Double) {
        let w = weights(gamma: gamma)
        fillTerms(data, gamma: gamma, sourceShares: w.source, into: &x)
        let seasons = data.seasons
        func derivatives(_ ns: Double) -> (Double, Double) {
            var g1 = 0.0, g2 = 0.0
            for j in seasons.indices {
                let f = w.season[j], nsj = ns * f, n = seasons[j].totalEvents
                let rest = n - Double(seasons[j].selectedCount)
                x[j].withUnsafeBufferPointer { x in
                    if nsj == 0 {
                        // 1 + 0 X is exactly 1, so q = X: no division (the first call of every maximisation,
                        // and the only one of a profile that ends at ns = 0).
                        for xi in x { let q = xi; g1 += f * q; g2 -= f * f * q * q }
                    } else {
                        for xi in x {
                            let q = xi / (1 + nsj * xi)
                            g1 += f * q; g2 -= f * f * q * q
                        }
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
        // At ns = 0 every term is log1p(+-0) = +-0 and the sum stays +0: skip the log1p of every event (about
        // half the profiles of background fits end there, and with several seasons no fit skips them all).
        for j in seasons.indices where ns != 0 {
            let nsj = ns * w.season[j], n = seasons[j].totalEvents
            x[j].withUnsafeBufferPointer { x in
                for xi in x { value += log1p(nsj * xi) }
            }
            value += (n - Double(seasons[j].selectedCount)) * log1p(-nsj / n)
        }
        return (ns, value)
    }

    /// X_ij of every selected event at gamma into `x[j]`: the x of `eventTerms` by the same
    /// expressions (so the same bits), without its dX_ij and without allocating.
    func fillTerms(_ data: TrialData, gamma: Double, sourceShares: [[Double]], into x: inout [[Double]]) {
        let position = GammaGrid.Position(gamma)
        for (j, s) in data.seasons.enumerated() {
            let k = models[j].sourceCount, n = s.selectedCount, total = s.totalEvents
            let shares = sourceShares[j]
            precondition(x[j].count == n && s.spatialRatio.count == n * k && s.energyRatio.count == n * k * GammaGrid.count)
            x[j].withUnsafeMutableBufferPointer { x in
                s.energyRatio.withUnsafeBufferPointer { er in
                    s.spatialRatio.withUnsafeBufferPointer { spatial in
                        let er = er.baseAddress!, spatial = spatial.baseAddress!
                        if k == 1 {
                            let share = shares[0]
                            for i in 0..<n {
                                let e = GammaGrid.value(er + i * GammaGrid.count, at: position)
                                var r = 0.0
                                r += spatial[i] * share * e
                                x[i] = (r - 1) / total
                            }
                        } else {
                            for i in 0..<n {
                                var r = 0.0
                                for src in 0..<k {
                                    let e = GammaGrid.value(er + (i * k + src) * GammaGrid.count, at: position)
                                    r += spatial[i * k + src] * shares[src] * e
                                }
                                x[i] = (r - 1) / total
                            }
                        }
                    }
                }
            }
        }
    }

    /// The maximum-likelihood fit: ns >= 0, gamma in `gammaBounds`. gamma is found by a 13-point
    /// scan of the profile likelihood refined by Brent's method (robust against the profile's
    /// local maxima and its small steps where the parabolic gamma interpolation changes grid point).
    ///
    /// Two shortcuts give the same bits as the plain computation: a gamma the minimiser asks for
    /// twice (the bracket's ends, the final point) is profiled once; and with one season and one
    /// source, data whose profile ends at ns = 0 at every gamma (`endsAtZeroEverywhere`, about
    /// half of all background trials) skips the profiles: log Lambda is then +0 at every gamma,
    /// so the minimiser sees the same constant function either way.
    public func fit(_ data: TrialData) -> PointSourceFit { fit(data, shortcuts: true) }

    /// `fit` with the shortcuts on or off (off: for tests that check they change nothing).
    func fit(_ data: TrialData, shortcuts: Bool) -> PointSourceFit {
        let minimizer = BrentMinimizer(absoluteTolerance: 1e-4)
        if shortcuts && endsAtZeroEverywhere(data) {
            let flat = minimizer.minimizeScanned(lower: gammaBounds.lowerBound, upper: gammaBounds.upperBound,
                                                 gridPoints: Self.scanPoints) { _ in -0.0 }
            return PointSourceFit(ns: 0, gamma: flat.x, ts: 0, injected: data.injectedSignal)
        }
        var x = data.seasons.map { [Double](repeating: 0, count: $0.selectedCount) }
        var profiled: [(gamma: Double, ns: Double, logLambda: Double)] = []
        profiled.reserveCapacity(40)
        func profileOnce(_ g: Double) -> (ns: Double, logLambda: Double) {
            if shortcuts, let p = profiled.first(where: { $0.gamma == g }) { return (p.ns, p.logLambda) }
            let p = profile(data, gamma: g, terms: &x)
            profiled.append((g, p.ns, p.logLambda))
            return p
        }
        let result = minimizer.minimizeScanned(lower: gammaBounds.lowerBound, upper: gammaBounds.upperBound, gridPoints: Self.scanPoints) { g in
            -profileOnce(g).logLambda
        }
        let best = profileOnce(result.x)
        if best.ns <= 0 {
            return PointSourceFit(ns: 0, gamma: result.x, ts: 0, injected: data.injectedSignal)
        }
        return PointSourceFit(ns: best.ns, gamma: result.x, ts: 2 * best.logLambda, injected: data.injectedSignal)
    }

    /// Whether the fit of `data` ends at ns = 0 with TS = 0 whatever gamma, decided without
    /// fitting (one season, one source only; false otherwise).
    ///
    /// Exact: with one season and one source, d log Lambda / d ns at ns = 0 is (S(gamma) - N) / N
    /// with S(gamma) = sum_i R_i(gamma) the parabolic interpolation (GammaGrid) of the grid sums
    /// S_k = sum_i spatial_i x energy_ik. log Lambda is concave in ns, so where S < N for every
    /// gamma in `gammaBounds` (with a relative margin of 1e-9 for rounding) every profile ends at
    /// ns = 0.
    func endsAtZeroEverywhere(_ data: TrialData) -> Bool {
        guard sharesAreOne, data.seasons.count == 1 else { return false }
        let s = data.seasons[0]
        return Self.maximumGridSum(s, gammaBounds: gammaBounds) < s.totalEvents * (1 - 1e-9)
    }

    /// max over gamma in `gammaBounds` of S(gamma) = sum_i spatial_i e_i(gamma), with e_i the
    /// parabolic interpolation of the energy ratios (one source per event). Interpolation is
    /// linear in the tabulated values, so S is the same parabola through the grid sums S_k; each
    /// parabola is maximised on its closed half-step interval around grid point k (a superset of
    /// where it applies).
    static func maximumGridSum(_ s: TrialData.SeasonEvents, gammaBounds: ClosedRange<Double>) -> Double {
        let n = GammaGrid.count
        let first = GammaGrid.nearestIndex(gammaBounds.lowerBound), last = GammaGrid.nearestIndex(gammaBounds.upperBound)
        // Only the grid points the parabolas of [first, last] use.
        var sums = [Double](repeating: 0, count: n)
        s.energyRatio.withUnsafeBufferPointer { er in
            s.spatialRatio.withUnsafeBufferPointer { spatial in
                sums.withUnsafeMutableBufferPointer { sums in
                    for i in 0..<s.selectedCount {
                        let w = spatial[i], row = er.baseAddress! + i * n
                        for k in (first - 1)...(last + 1) { sums[k] += w * row[k] }
                    }
                }
            }
        }
        let step = GammaGrid.step, half = 0.5 * step
        var best = -Double.infinity
        for k in first...last {
            let centre = GammaGrid.lower + step * Double(k)
            let lo = max(-half, gammaBounds.lowerBound - centre), hi = min(half, gammaBounds.upperBound - centre)
            guard lo <= hi else { continue }
            let m0 = sums[k - 1], m1 = sums[k], m2 = sums[k + 1]
            let a = 0.5 * (m0 - 2 * m1 + m2) / (step * step), b = 0.5 * (m2 - m0) / step
            func value(_ t: Double) -> Double { a * t * t + b * t + m1 }
            best = max(best, value(lo), value(hi))
            if a < 0 { let t = -b / (2 * a); if t > lo && t < hi { best = max(best, value(t)) } }
        }
        return best
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

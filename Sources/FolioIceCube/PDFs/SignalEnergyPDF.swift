import FolioStatistics
import Foundation

/// Signal energy PDF p_S(log10 E_reco | gamma, Dec_src) of one season for a power-law flux
/// E^-gamma from a source at declination Dec_src, built from the effective area and the smearing
/// matrix the way SkyLLH's public-data analysis builds it (so the two can be compared):
///
/// 1. true-energy weights w_i ∝ (integral of E^-gamma over bin i) x P_det,i, where P_det,i is the
///    integral over bin i of a linear interpolation of A_eff/dE (A_eff at the source's Dec bin);
/// 2. each true-energy bin's reconstructed-energy density (smearing matrix summed over psi and
///    AngErr, divided by the reco bin width) is PCHIP-interpolated through its reco bin centres,
///    weighted by w_i and sampled at the centres of the season's log10 E binning;
/// 3. the sum is PCHIP-interpolated again and normalised to unit integral (units: 1 / log10 E).
///
/// Outside the outer bin centres the density is 0 (no extrapolation).
public struct SignalEnergyPDF: Sendable {
    public let gamma: Double
    let spline: PchipInterpolator
    let norm: Double
    let lowerEdge: Double, upperEdge: Double

    /// Density in log10(E_reco/GeV), per unit log10 E.
    @inline(__always)
    public func density(log10Energy x: Double) -> Double {
        guard x >= lowerEdge && x < upperEdge, let v = spline(x) else { return 0 }
        return v / norm
    }

    /// Probability of each band of log10 E split at `innerEdges` (ascending): midpoint sums of the
    /// density on 0.005-wide steps, normalised to sum to 1 ([1] without edges).
    public func bandProbabilities(innerEdges: [Double]) -> [Double] {
        guard !innerEdges.isEmpty else { return [1] }
        let edges = [lowerEdge] + innerEdges.map { min(max($0, lowerEdge), upperEdge) } + [upperEdge]
        var p = [Double](repeating: 0, count: edges.count - 1)
        for b in p.indices where edges[b + 1] > edges[b] {
            let n = max(1, Int(((edges[b + 1] - edges[b]) / 0.005).rounded(.up))), h = (edges[b + 1] - edges[b]) / Double(n)
            for k in 0..<n { p[b] += density(log10Energy: edges[b] + (Double(k) + 0.5) * h) * h }
        }
        let total = p.reduce(0, +)
        return total > 0 ? p.map { $0 / total } : p
    }

    /// Builds the PDFs for all `gammas` at once (they share the geometry).
    public static func make(gammas: [Double], sourceDecDegrees: Double, effectiveArea: EffectiveArea,
                            smearing sm: SmearingMatrix, log10EnergyEdges xEdges: [Double]) -> [SignalEnergyPDF] {
        let d = sm.trueDecBin(degrees: sourceDecDegrees)
        // True-energy bins with at least one non-empty reconstructed-energy bin at this Dec.
        var valid: [Int] = []
        for e in 0..<sm.trueEnergyBinCount {
            if (0..<sm.recoCount).contains(where: { sm.recoUpper[sm.recoIndex(e, d, $0)] - sm.recoLower[sm.recoIndex(e, d, $0)] > 0 }) {
                valid.append(e)
            }
        }
        let lo = valid.map { sm.trueLog10EnergyEdges[$0] }.min()!, hi = valid.map { sm.trueLog10EnergyEdges[$0 + 1] }.max()!
        let bins = (0..<sm.trueEnergyBinCount).filter { sm.trueLog10EnergyEdges[$0] >= lo && sm.trueLog10EnergyEdges[$0 + 1] <= hi }
        let eLow = bins.map { pow(10, sm.trueLog10EnergyEdges[$0]) }, eHigh = bins.map { pow(10, sm.trueLog10EnergyEdges[$0 + 1]) }
        let detection = detectionProbability(effectiveArea: effectiveArea, decDegrees: sourceDecDegrees,
                                             lower: eLow, upper: eHigh, rangeMin: eLow[0], rangeMax: eHigh[eHigh.count - 1])
        let xCentres = (0..<(xEdges.count - 1)).map { 0.5 * (xEdges[$0] + xEdges[$0 + 1]) }
        // Per true-energy bin: reco-energy density sampled at xCentres (independent of gamma).
        var recoAtCentres: [[Double]] = []
        for e in bins {
            var f = [Double](repeating: 0, count: sm.recoCount)
            var edges = (0..<sm.recoCount).map { sm.recoLower[sm.recoIndex(e, d, $0)] }
            edges.append(sm.recoUpper[sm.recoIndex(e, d, sm.recoCount - 1)])
            for r in 0..<sm.recoCount {
                let width = sm.recoUpper[sm.recoIndex(e, d, r)] - sm.recoLower[sm.recoIndex(e, d, r)]
                var s = 0.0
                for p in 0..<sm.psiCount { for a in 0..<sm.angErrCount { s += sm.fraction[sm.cellIndex(e, d, r, p, a)] } }
                if s != 0 { f[r] = s / width }
            }
            if f.allSatisfy({ $0 == 0 }) {
                edges = (0...sm.recoCount).map { 2 + 4 * Double($0) / Double(sm.recoCount) }
            }
            let centres = (0..<sm.recoCount).map { 0.5 * (edges[$0] + edges[$0 + 1]) }
            let spline = PchipInterpolator(x: centres, y: f)
            recoAtCentres.append(xCentres.map { spline.value(at: $0, outside: 0) })
        }
        return gammas.map { gamma in
            let total = PowerLaw.integral(gamma: gamma, e0: 1000, from: eLow[0], to: eHigh[eHigh.count - 1])
            var w = (0..<bins.count).map { PowerLaw.integral(gamma: gamma, e0: 1000, from: eLow[$0], to: eHigh[$0]) / total * detection[$0] }
            let sw = w.reduce(0, +)
            w = w.map { $0 / sw }
            var sum = [Double](repeating: 0, count: xCentres.count)
            for (i, row) in recoAtCentres.enumerated() { for k in sum.indices { sum[k] += w[i] * row[k] } }
            let spline = PchipInterpolator(x: xCentres, y: sum)
            return SignalEnergyPDF(gamma: gamma, spline: spline, norm: spline.integralOverKnots(),
                                   lowerEdge: xEdges[0], upperEdge: xEdges[xEdges.count - 1])
        }
    }

    /// Detection probability per true-energy bin [lower_i, upper_i] (GeV): integral of a linear
    /// interpolation of A_eff/dE through the effective-area bin centres (held flat to the outer
    /// edges), normalised over [rangeMin, rangeMax]. Energy bins whose A_eff is zero at every
    /// declination are dropped first.
    static func detectionProbability(effectiveArea a: EffectiveArea, decDegrees: Double, lower: [Double], upper: [Double],
                                     rangeMin: Double, rangeMax: Double) -> [Double] {
        let keep = (0..<a.energyBinCount).filter { i in a.area.contains { $0[i] > 0 } }
        var edges = keep.map { pow(10, a.log10EnergyEdges[$0]) }
        edges.append(pow(10, a.log10EnergyEdges[keep[keep.count - 1] + 1]))
        func binHolding(_ e: Double) -> Int {
            var i = 0
            while i + 1 < edges.count - 1 && edges[i + 1] <= e { i += 1 }
            return i
        }
        let lidx = rangeMin <= edges[0] ? 0 : binHolding(rangeMin)
        let uidx = rangeMax >= edges[edges.count - 1] ? edges.count - 1 : binHolding(rangeMax)
        let row = a.area[a.decBin(degrees: decDegrees)]
        let used = Array(keep[lidx..<uidx]), e = Array(edges[lidx...uidx])
        var xs = [e[0]], ys: [Double] = []
        let dens = used.indices.map { row[used[$0]] / (e[$0 + 1] - e[$0]) }
        ys.append(dens[0])
        for i in used.indices { xs.append(0.5 * (e[i] + e[i + 1])); ys.append(dens[i]) }
        xs.append(e[e.count - 1]); ys.append(dens[dens.count - 1])
        let line = PiecewiseLinear(x: xs, y: ys)
        let norm = line.integral(rangeMin, rangeMax)
        return lower.indices.map { line.integral(lower[$0], upper[$0]) / norm }
    }
}

/// Linear interpolation through (x, y) with exact integrals (linear extrapolation outside).
struct PiecewiseLinear {
    let x: [Double], y: [Double]
    func value(_ t: Double) -> Double {
        var k = 0
        while k + 2 < x.count && x[k + 1] <= t { k += 1 }
        return y[k] + (y[k + 1] - y[k]) * (t - x[k]) / (x[k + 1] - x[k])
    }
    func integral(_ a: Double, _ b: Double) -> Double {
        var cuts = [a]
        for v in x where v > a && v < b { cuts.append(v) }
        cuts.append(b)
        var s = 0.0
        for i in 0..<(cuts.count - 1) { s += 0.5 * (value(cuts[i]) + value(cuts[i + 1])) * (cuts[i + 1] - cuts[i]) }
        return s
    }
}

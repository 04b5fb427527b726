import FolioStatistics
import Foundation

/// Draws simulated signal events of a point source from the instrument response functions:
/// true energy from E^-gamma x A_eff (at the source's declination bin), then reconstructed energy,
/// PSF angle psi and AngErr from the smearing matrix in turn (each uniform within its bin), and a
/// reconstructed direction at angle psi from the source at a uniform position angle.
///
/// Simplification versus SkyLLH's generator: no per-declination low-energy cut spline.
public struct SignalInjector: Sendable {
    public struct Event: Sendable { public var ra, dec, log10Energy, angularError: Double }

    let source: SkyDirection
    let smearing: SmearingMatrix
    let decBin: Int
    /// True-energy bins usable at this declination, with their A_eff (cm^2) and energy edges (GeV).
    let bins: [Int], area: [Double], eLow: [Double], eHigh: [Double]
    /// Cumulative weights over reco bins, psi bins and AngErr bins per parent bin.
    let recoCumulative: [[Double]], psiCumulative: [[Double]], angCumulative: [[Double]]

    init(source: SkyDirection, effectiveArea: EffectiveArea, smearing sm: SmearingMatrix) {
        self.source = source; smearing = sm
        let d = sm.trueDecBin(degrees: source.decDegrees)
        decBin = d
        let row = effectiveArea.area[effectiveArea.decBin(degrees: source.decDegrees)]
        var bins: [Int] = [], area: [Double] = [], lo: [Double] = [], hi: [Double] = []
        var rc: [[Double]] = [], pc: [[Double]] = [], ac: [[Double]] = []
        for e in 0..<sm.trueEnergyBinCount {
            let mid = 0.5 * (sm.trueLog10EnergyEdges[e] + sm.trueLog10EnergyEdges[e + 1])
            guard let ae = effectiveArea.log10EnergyEdges.indices.dropLast().first(where: {
                effectiveArea.log10EnergyEdges[$0] <= mid && mid < effectiveArea.log10EnergyEdges[$0 + 1] }) else { continue }
            var recoW: [Double] = []
            for r in 0..<sm.recoCount {
                var s = 0.0
                for p in 0..<sm.psiCount {
                    var ps = 0.0, cum: [Double] = []
                    for a in 0..<sm.angErrCount { ps += sm.fraction[sm.cellIndex(e, d, r, p, a)]; cum.append(ps) }
                    ac.append(cum)
                    s += ps
                }
                recoW.append(s)
            }
            for r in 0..<sm.recoCount {
                var cum: [Double] = [], s = 0.0
                for p in 0..<sm.psiCount { s += ac[ac.count - sm.recoCount * sm.psiCount + r * sm.psiCount + p].last!; cum.append(s) }
                pc.append(cum)
            }
            var cum: [Double] = [], s = 0.0
            for w in recoW { s += w; cum.append(s) }
            rc.append(cum)
            bins.append(e); area.append(s > 0 ? row[ae] : 0)
            lo.append(pow(10, sm.trueLog10EnergyEdges[e])); hi.append(pow(10, sm.trueLog10EnergyEdges[e + 1]))
        }
        self.bins = bins; self.area = area; eLow = lo; eHigh = hi
        recoCumulative = rc; psiCumulative = pc; angCumulative = ac
    }

    /// Cumulative true-energy bin weights for spectral index gamma.
    func energyCumulative(gamma: Double) -> [Double] {
        var cum: [Double] = [], s = 0.0
        for i in bins.indices { s += area[i] * PowerLaw.integral(gamma: gamma, e0: 1000, from: eLow[i], to: eHigh[i]); cum.append(s) }
        return cum
    }

    /// Draws one signal event.
    func draw<G: RandomNumberGenerator>(energyCumulative: [Double], using g: inout G) -> Event {
        let sm = smearing, d = decBin
        let i = g.index(cumulative: energyCumulative)
        let e = bins[i]
        let r = g.index(cumulative: recoCumulative[i])
        let p = g.index(cumulative: psiCumulative[i * sm.recoCount + r])
        let a = g.index(cumulative: angCumulative[(i * sm.recoCount + r) * sm.psiCount + p])
        let logE = g.uniform(sm.recoLower[sm.recoIndex(e, d, r)], sm.recoUpper[sm.recoIndex(e, d, r)])
        let psi = g.uniform(sm.psiLower[sm.psiIndex(e, d, r, p)], sm.psiUpper[sm.psiIndex(e, d, r, p)]) * .pi / 180
        let ang = g.uniform(sm.angErrLower[sm.cellIndex(e, d, r, p, a)], sm.angErrUpper[sm.cellIndex(e, d, r, p, a)]) * .pi / 180
        let dir = source.offset(by: psi, positionAngle: g.uniform(0, 2 * .pi))
        return Event(ra: dir.ra, dec: dir.dec, log10Energy: logE, angularError: ang)
    }
}

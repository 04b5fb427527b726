import Foundation
import FolioStatistics
@testable import FolioIceCube

/// Pseudo-experiments for one point source and one season in which the background is drawn from
/// the likelihood's own background PDFs instead of scrambling the data: the band's event count,
/// sin Dec from B_spatial within the source's declination window, log10 E from B_E(. | sin Dec),
/// AngErr from the band data at similar energy (as the signal model's), RA uniform; plus
/// Poisson(mean) E^-2 signal events from the likelihood's signal model. The likelihood is then
/// exactly specified, so an injection bias measures the fit alone.
struct SimulatedBackground {
    let m: SeasonSourceModel
    let sinDecGrid: [Double], sinDecCDF: [Double]
    let energyGrid: [Double], energyCDF: [[Double]]   // per sin Dec bin
    let yEdges: [Double]

    init(_ m: SeasonSourceModel, season: SeasonData) {
        self.m = m
        let lo = sin(m.decWindow[0].0), hi = sin(m.decWindow[0].1)
        func cdf(_ x: [Double], _ f: (Double) -> Double) -> [Double] {
            var c = [0.0], t = 0.0
            for i in 1..<x.count { t += 0.5 * (f(x[i - 1]) + f(x[i])) * (x[i] - x[i - 1]); c.append(t) }
            return c.map { $0 / t }
        }
        sinDecGrid = (0...4000).map { lo + (hi - lo) * Double($0) / 4000 }
        sinDecCDF = cdf(sinDecGrid) { m.backgroundSpatial.density(sinDec: $0) }
        let x = season.season.log10EnergyBinEdges
        energyGrid = (0...4000).map { x[0] + (x[x.count - 1] - x[0]) * Double($0) / 4000 }
        yEdges = season.season.sinDecBinEdges
        let e = energyGrid, b = m.backgroundEnergy
        energyCDF = (0..<(yEdges.count - 1)).map { j in
            let y = 0.5 * (season.season.sinDecBinEdges[j] + season.season.sinDecBinEdges[j + 1])
            return cdf(e) { b.density(log10Energy: $0, sinDec: y) }
        }
    }

    static func draw<G: RandomNumberGenerator>(_ x: [Double], _ c: [Double], using g: inout G) -> Double {
        let u = g.uniform()
        var lo = 0, hi = c.count - 1
        while hi - lo > 1 { let mid = (lo + hi) >> 1; if c[mid] <= u { lo = mid } else { hi = mid } }
        let span = c[hi] - c[lo]
        return span > 0 ? x[lo] + (u - c[lo]) / span * (x[hi] - x[lo]) : x[lo]
    }

    func trial<G: RandomNumberGenerator>(mean: Double, using g: inout G) -> TrialData {
        var s = TrialData.SeasonEvents(totalEvents: Double(m.totalEvents))
        let src = m.sources[0]
        func add(ra: Double, dec: Double, sigma: Double, log10Energy: Double) {
            guard m.inBox(0, ra: ra, dec: dec) else { return }
            let psi = RayleighSignalSpatialPDF.angularDistance(ra1: src.ra, dec1: src.dec, ra2: ra, dec2: dec)
            s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: sigma) / m.backgroundSpatial.density(sinDec: sin(dec)))
            s.energyRatio.append(contentsOf: SeasonSourceModel.energyRatioRow(signal: m.signalEnergy, background: m.backgroundEnergy,
                                                                              log10Energy: log10Energy, sinDec: sin(dec)))
            s.selectedCount += 1
        }
        for _ in 0..<m.bandEventCount {
            let y = Self.draw(sinDecGrid, sinDecCDF, using: &g)
            let j = Histogram.bin(y, yEdges)!
            let e = Self.draw(energyGrid, energyCDF[j], using: &g)
            add(ra: g.uniform(0, 2 * .pi), dec: asin(y), sigma: m.angularErrorTable.draw(log10Energy: e, using: &g), log10Energy: e)
        }
        let sampler = EnergySampler(m.signalEnergy[0][GammaGrid.nearestIndex(2)]), cum = m.injectors[0].energyCumulative(gamma: 2)
        let n = g.poisson(mean: mean)
        for _ in 0..<n {
            let ev = m.injectors[0].draw(energyCumulative: cum, model: .likelihoodModel, energySampler: sampler,
                                         angularErrors: m.angularErrorTable, using: &g)
            s.totalEvents += 1
            add(ra: ev.ra, dec: ev.dec, sigma: ev.angularError, log10Energy: ev.log10Energy)
        }
        return TrialData(seasons: [s], injectedSignal: n)
    }
}

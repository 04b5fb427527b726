import FolioStatistics
import Foundation

extension TemplateAnalysis {
    /// A pseudo-experiment as a dataset: every season's events with scrambled right ascensions plus
    /// Poisson(`injectMean` × season share) signal events drawn from the template with this
    /// analysis' spectrum E^−γ through the instrument response (effective area × smearing). Other
    /// analyses (another γ, another template) can then be fitted to the same events, which is what
    /// a profile over γ on simulated data needs. Seasons without a smearing matrix are dropped.
    /// Draws from `g` (the caller's trial chunk generator).
    public func pseudoDataset<G: RandomNumberGenerator>(from dataset: IceCubeDataset, injectMean: Double, using g: inout G) -> IceCubeDataset {
        let usable = dataset.seasons.filter { $0.smearing != nil }
        let seasons = zip(usable, models).enumerated().map { j, pair -> SeasonData in
            let (data, m) = pair
            let e = data.events
            var ra = e.ra.map { _ in g.uniform(0, 2 * .pi) }
            var dec = e.dec, sigma = e.angularError, logE = e.log10Energy, mjd = e.mjd
            let n = injectMean > 0 ? g.poisson(mean: injectMean * seasonShares[j]) : 0
            for _ in 0..<n {
                let q = g.index(cumulative: m.pixelCumulative)
                let origin = SkyDirection(raRadians: template.ra[q], decRadians: template.dec[q])
                var d = 0
                while d + 1 < m.smearingDecEdges.count - 1 && m.smearingDecEdges[d + 1] <= origin.decDegrees { d += 1 }
                let ev = m.injectors[d].draw(energyCumulative: m.energyCumulative[pixelClass?[q] ?? 0][d], model: .instrumentResponse,
                                             origin: origin, using: &g)
                ra.append(ev.ra); dec.append(ev.dec); sigma.append(ev.angularError); logE.append(ev.log10Energy)
                mjd.append(e.mjd.first ?? 0)
            }
            return SeasonData(season: data.season,
                              events: EventSample(mjd: mjd, log10Energy: logE, angularError: sigma, ra: ra, dec: dec),
                              effectiveArea: data.effectiveArea, smearing: data.smearing,
                              smearingIsStandIn: data.smearingIsStandIn, goodRuns: data.goodRuns)
        }
        return IceCubeDataset(root: dataset.root, seasons: seasons, notices: dataset.notices)
    }
}

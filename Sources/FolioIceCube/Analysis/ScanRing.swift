import FolioStatistics
import Foundation

/// The point-source likelihood for every source position on one declination (one HEALPix ring).
///
/// Everything that depends only on the source declination — the signal energy PDFs, the events of
/// the declination band with their background densities and S/B energy-ratio tables, the season
/// acceptance shares — is built once here (as a `PointSourceAnalysis` at RA 0) and reused for every
/// right ascension on the ring and for every RA-scrambled scan. Per position only the box
/// selection and the spatial ratio S/B are computed, with exactly the expressions of
/// `PointSourceAnalysis.trialData`, so a fit here equals a direct `PointSourceAnalysis` fit.
struct ScanRing: Sendable {
    /// Source declination, radians.
    let declination: Double
    let analysis: PointSourceAnalysis
    /// Per usable season: the index in the season's event list of each band event (band order),
    /// so that a scrambled scan can give every event one RA shared by all rings.
    let bandEventIndex: [[Int]]
    /// The fit wherever ns = 0 at every gamma (see `fit`).
    let nullFit: PointSourceFit

    init(dataset: IceCubeDataset, declination: Double, boxHalfAngleDegrees: Double) throws {
        self.declination = declination
        analysis = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raRadians: 0, decRadians: declination),
                                           boxHalfAngleDegrees: boxHalfAngleDegrees)
        let usable = dataset.seasons.filter { $0.smearing != nil }
        bandEventIndex = zip(usable, analysis.likelihood.models).map { season, model in
            // The band predicate of SeasonSourceModel.init (one source: one window).
            let window = model.decWindow[0], dec = season.events.dec
            let indices = dec.indices.filter { dec[$0] > window.0 && dec[$0] < window.1 }
            precondition(indices.count == model.bandEventCount, "band selection differs from SeasonSourceModel's")
            return indices
        }
        nullFit = Self.nullFit(analysis)
    }

    /// The selected events for a source at right ascension `ra` (radians) on this ring. Event RAs
    /// are the data's, or `scrambledRA[season][event index]` for a scrambled scan.
    func trialData(ra: Double, scrambledRA: [[Double]]?) -> TrialData {
        var seasons: [TrialData.SeasonEvents] = []
        for (j, m) in analysis.likelihood.models.enumerated() {
            var s = TrialData.SeasonEvents(totalEvents: Double(m.totalEvents))
            let halfWidth = m.raHalfWidth[0], dec0 = declination
            let rowLength = GammaGrid.count
            let eventRA = scrambledRA?[j], index = bandEventIndex[j]
            m.bandEnergyRatio.withUnsafeBufferPointer { er in
                for i in 0..<m.bandEventCount {
                    let eRA = eventRA.map { $0[index[i]] } ?? m.bandRA[i]
                    var d = abs(eRA - ra)
                    if d >= Double.pi { d = 2 * Double.pi - d }
                    guard d < halfWidth else { continue }
                    let psi = RayleighSignalSpatialPDF.angularDistance(ra1: ra, dec1: dec0, ra2: eRA, dec2: m.bandDec[i])
                    s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: m.bandSigma[i]) / m.bandBackgroundSpatial[i])
                    s.energyRatio.append(contentsOf: UnsafeBufferPointer(rebasing: er[(i * rowLength)..<((i + 1) * rowLength)]))
                    s.selectedCount += 1
                }
            }
            seasons.append(s)
        }
        return TrialData(seasons: seasons)
    }

    /// The maximum-likelihood fit (ns >= 0, gamma in [1, 4]) at right ascension `ra` (radians).
    ///
    /// Shortcut, exact: with one season, d log Lambda / d ns at ns = 0 is (S(gamma) - N) / N with
    /// S(gamma) = sum_i R_i(gamma) the parabolic interpolation (GammaGrid) of the grid sums
    /// S_k = sum_i spatial_i x energy_ik. log Lambda is concave in ns, so where S < N for every
    /// gamma in [1, 4] the fit ends at ns = 0 with TS = 0 whatever the events; the fit on no events
    /// then gives the same (ns, gamma, TS) as the full fit, at a fraction of the cost. In a
    /// background-like sky about half of the positions take this path. (The likelihood's own fit
    /// takes the same shortcut when its shares are exactly 1; this one also covers a ring whose
    /// acceptance is zero, as before.)
    func fit(ra: Double, scrambledRA: [[Double]]?) -> PointSourceFit {
        let data = trialData(ra: ra, scrambledRA: scrambledRA)
        if data.seasons.count == 1, PointSourceLikelihood.maximumGridSum(data.seasons[0], gammaBounds: analysis.likelihood.gammaBounds)
            < data.seasons[0].totalEvents * (1 - 1e-9) {
            return nullFit
        }
        return analysis.likelihood.fit(data)
    }

    /// The fit of a sky where every profile ends at ns = 0 (computed on no events): the likelihood
    /// is flat in gamma (log Lambda = 0), so the minimiser returns the same gamma for any such data.
    static func nullFit(_ analysis: PointSourceAnalysis) -> PointSourceFit {
        let empty = TrialData(seasons: analysis.likelihood.models.map { TrialData.SeasonEvents(totalEvents: Double($0.totalEvents)) })
        return analysis.likelihood.fit(empty)
    }
}

import FolioStatistics
import Foundation

/// A time-integrated point-source (or stacked-catalogue) analysis on the IceCube public data:
/// the unbinned likelihood of `PointSourceLikelihood` built for the given sources over every
/// season of the dataset that has a smearing matrix.
///
/// ```swift
/// let data = try IceCubeDataset.load(root: root, manifest: manifest)
/// let txs = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: 5.69))
/// let fit = txs.fitData()                                    // ns, gamma, TS on the real events
/// let bkg = txs.trials(count: 1000, using: &generator)       // the generator of a trial chunk
/// let significance = BackgroundTSDistribution(trials: bkg.map(\.ts)).significance(of: fit.ts)
/// ```
public struct PointSourceAnalysis: Sendable {
    public let sources: [SkyDirection]
    public let sourceWeights: [Double]
    public let likelihood: PointSourceLikelihood
    public var seasons: [Season] { likelihood.models.map(\.season) }

    /// Single source.
    public init(dataset: IceCubeDataset, source: SkyDirection, boxHalfAngleDegrees: Double = 10) throws {
        try self.init(dataset: dataset, catalogue: [source], weights: [1], boxHalfAngleDegrees: boxHalfAngleDegrees)
    }

    /// Stacking: several sources with catalogue weights (relative, any positive numbers), one
    /// common ns and gamma.
    public init(dataset: IceCubeDataset, catalogue: [SkyDirection], weights: [Double], boxHalfAngleDegrees: Double = 10) throws {
        precondition(catalogue.count == weights.count && !catalogue.isEmpty)
        let usable = dataset.seasons.filter { $0.smearing != nil }
        guard !usable.isEmpty else {
            throw DataFileError(file: dataset.root.path, "no season with events, effective area and smearing matrix")
        }
        sources = catalogue
        sourceWeights = weights
        let models = try usable.map { try SeasonSourceModel(data: $0, sources: catalogue, boxHalfAngleDegrees: boxHalfAngleDegrees) }
        likelihood = PointSourceLikelihood(models: models, sourceWeights: weights)
    }

    // MARK: - Trial data

    /// Builds one trial's selected events: the declination-band events with their RA (kept, or
    /// scrambled uniformly in [0, 2 pi) with `g`), plus Poisson(`injectMean`) signal events with
    /// spectrum E^-`gamma` split over seasons and sources by expected signal.
    public func trialData<G: RandomNumberGenerator>(scramble: Bool, injectMean: Double, gamma: Double,
                                             injection: SignalInjector.Model = .instrumentResponse,
                                             using g: inout G) -> TrialData {
        var seasons: [TrialData.SeasonEvents] = []
        var injectedTotal = 0
        // Split the injected mean over seasons and sources by expected signal.
        let w = injectMean > 0 ? likelihood.weights(gamma: gamma) : ([], [])
        for (j, m) in likelihood.models.enumerated() {
            let k = m.sourceCount
            var s = TrialData.SeasonEvents(totalEvents: Double(m.totalEvents))
            s.spatialRatio.reserveCapacity(k * 512); s.energyRatio.reserveCapacity(k * 512 * GammaGrid.count)
            m.bandEnergyRatio.withUnsafeBufferPointer { er in
                for i in 0..<m.bandEventCount {
                    let ra = scramble ? g.uniform(0, 2 * .pi) : m.bandRA[i]
                    var selected = false
                    for src in 0..<k where m.inBox(src, ra: ra, dec: m.bandDec[i]) { selected = true; break }
                    guard selected else { continue }
                    for src in 0..<k {
                        let psi = RayleighSignalSpatialPDF.angularDistance(ra1: m.sources[src].ra, dec1: m.sources[src].dec, ra2: ra, dec2: m.bandDec[i])
                        s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: m.bandSigma[i]) / m.bandBackgroundSpatial[i])
                    }
                    let rowLength = k * GammaGrid.count
                    s.energyRatio.append(contentsOf: UnsafeBufferPointer(rebasing: er[(i * rowLength)..<((i + 1) * rowLength)]))
                    s.selectedCount += 1
                }
            }
            if injectMean > 0 {
                for src in 0..<k {
                    let n = g.poisson(mean: injectMean * w.0[j] * w.1[j][src])
                    guard n > 0 else { continue }
                    let cum = m.injectors[src].energyCumulative(gamma: gamma)
                    let sampler = injection == .likelihoodModel
                        ? EnergySampler(m.signalEnergy[src][GammaGrid.nearestIndex(gamma)]) : nil
                    for _ in 0..<n {
                        let ev = m.injectors[src].draw(energyCumulative: cum, model: injection, energySampler: sampler,
                                                       angularErrors: m.angularErrorTable, using: &g)
                        s.totalEvents += 1
                        injectedTotal += 1
                        guard (0..<k).contains(where: { m.inBox($0, ra: ev.ra, dec: ev.dec) }) else { continue }
                        let sinDec = sin(ev.dec)
                        let b = m.backgroundSpatial.density(sinDec: sinDec)
                        for src2 in 0..<k {
                            let psi = RayleighSignalSpatialPDF.angularDistance(ra1: m.sources[src2].ra, dec1: m.sources[src2].dec, ra2: ev.ra, dec2: ev.dec)
                            s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: ev.angularError) / b)
                        }
                        s.energyRatio.append(contentsOf: SeasonSourceModel.energyRatioRow(
                            signal: m.signalEnergy, background: m.backgroundEnergy, log10Energy: ev.log10Energy, sinDec: sinDec))
                        s.selectedCount += 1
                    }
                }
            }
            seasons.append(s)
        }
        return TrialData(seasons: seasons, injectedSignal: injectedTotal)
    }

    /// The unscrambled data's trial data.
    public func observedData() -> TrialData {
        var g = NoRandomness()   // nothing is scrambled or injected
        return trialData(scramble: false, injectMean: 0, gamma: 2, using: &g)
    }

    /// Fit on the real (unscrambled) events.
    public func fitData() -> PointSourceFit { likelihood.fit(observedData()) }

    // MARK: - Trials

    /// `count` trials: RA-scrambled data plus, if `injectMean` > 0, Poisson(injectMean) signal
    /// events with spectrum E^-injectGamma drawn from the IRFs, all drawn from `g` (the caller's
    /// trial chunk generator, see FolioRunner's `TrialChunk`).
    public func trials<G: RandomNumberGenerator>(count: Int, injectMean: Double = 0, injectGamma: Double = 2,
                                                 injection: SignalInjector.Model = .instrumentResponse, using g: inout G) -> [PointSourceFit] {
        (0..<count).map { _ in
            likelihood.fit(trialData(scramble: true, injectMean: injectMean, gamma: injectGamma, injection: injection, using: &g))
        }
    }
}

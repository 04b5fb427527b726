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
    @_specialize(where G == Xoshiro256StarStar)
    public func trialData<G: RandomNumberGenerator>(scramble: Bool, injectMean: Double, gamma: Double,
                                             injection: SignalInjector.Model = .instrumentResponse,
                                             using g: inout G) -> TrialData {
        var data = TrialData(seasons: [])
        fill(&data, scramble: scramble, injectMean: injectMean, gamma: gamma, injection: injection, using: &g)
        return data
    }

    /// `trialData` written into `data`, whose buffers are reused (emptied, capacity kept): a chunk
    /// of trials allocates them once instead of once per trial.
    @_specialize(where G == Xoshiro256StarStar)
    func fill<G: RandomNumberGenerator>(_ data: inout TrialData, scramble: Bool, injectMean: Double, gamma: Double,
                                        injection: SignalInjector.Model, using g: inout G) {
        var seasons = data.seasons
        data.seasons = []   // sole owner of the buffers while they are refilled
        var injectedTotal = 0
        // Split the injected mean over seasons and sources by expected signal.
        let w = injectMean > 0 ? likelihood.weights(gamma: gamma) : ([], [])
        for (j, m) in likelihood.models.enumerated() {
            let k = m.sourceCount
            if seasons.count <= j {
                var fresh = TrialData.SeasonEvents(totalEvents: 0)
                fresh.spatialRatio.reserveCapacity(k * 512); fresh.energyRatio.reserveCapacity(k * 512 * GammaGrid.count)
                seasons.append(fresh)
            }
            var s = seasons[j]
            seasons[j] = TrialData.SeasonEvents(totalEvents: 0)
            s.totalEvents = Double(m.totalEvents)
            s.spatialRatio.removeAll(keepingCapacity: true); s.energyRatio.removeAll(keepingCapacity: true)
            s.selectedCount = 0
            // The band events: select by (scrambled) RA, then copy the selected events' energy-ratio
            // rows in one pass (scattered rows of a table larger than the cache: their loads overlap
            // better in a loop of their own than interleaved with the drawing).
            var rows: [Int] = []
            rows.reserveCapacity(512)
            if k == 1 && scramble {
                scrambleOneSource(m, into: &s, rows: &rows, using: &g)
            } else {
            for i in 0..<m.bandEventCount {
                let ra = scramble ? g.uniform(0, 2 * .pi) : m.bandRA[i]
                var selected = false
                for src in 0..<k where m.inBox(src, ra: ra, dec: m.bandDec[i]) { selected = true; break }
                guard selected else { continue }
                for src in 0..<k {
                    let psi = RayleighSignalSpatialPDF.angularDistance(
                        sinHalfDecDifferenceSquared: m.bandSinHalfDecDifferenceSquared[i * k + src],
                        cosDecProduct: m.bandCosDecProduct[i * k + src], ra1: m.sources[src].ra, ra2: ra)
                    s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: m.bandSigma[i]) / m.bandBackgroundSpatial[i])
                }
                rows.append(i)
            }
            }
            let rowLength = k * GammaGrid.count
            s.energyRatio.append(contentsOf: repeatElement(0, count: rows.count * rowLength))
            s.energyRatio.withUnsafeMutableBufferPointer { out in
                m.bandEnergyRatio.withUnsafeBufferPointer { er in
                    for (r, i) in rows.enumerated() {
                        (out.baseAddress! + r * rowLength).update(from: er.baseAddress! + i * rowLength, count: rowLength)
                    }
                }
            }
            s.selectedCount = rows.count
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
            seasons[j] = s
        }
        seasons.removeLast(seasons.count - likelihood.models.count)
        data.seasons = seasons
        data.injectedSignal = injectedTotal
    }

    /// The band-event loop of `fill` for one source and scrambled RAs: the same draws, selection
    /// (`SeasonSourceModel.inBox`) and spatial ratios, with the source's box and the arrays read
    /// once outside the loop. Appends the selected events' spatial ratios to `s` and their band
    /// indices to `rows`.
    @_specialize(where G == Xoshiro256StarStar)
    func scrambleOneSource<G: RandomNumberGenerator>(_ m: SeasonSourceModel, into s: inout TrialData.SeasonEvents,
                                                     rows: inout [Int], using g: inout G) {
        let window = m.decWindow[0], sourceRA = m.sources[0].ra, halfWidth = m.raHalfWidth[0]
        m.bandDec.withUnsafeBufferPointer { dec in
        m.bandSigma.withUnsafeBufferPointer { sigma in
        m.bandBackgroundSpatial.withUnsafeBufferPointer { background in
        m.bandSinHalfDecDifferenceSquared.withUnsafeBufferPointer { sdsd in
        m.bandCosDecProduct.withUnsafeBufferPointer { cc in
            for i in 0..<dec.count {
                let ra = g.uniform(0, 2 * .pi)
                guard dec[i] > window.0 && dec[i] < window.1 else { continue }
                var d = abs(ra - sourceRA)
                if d >= Double.pi { d = 2 * Double.pi - d }
                guard d < halfWidth else { continue }
                let psi = RayleighSignalSpatialPDF.angularDistance(sinHalfDecDifferenceSquared: sdsd[i], cosDecProduct: cc[i],
                                                                   ra1: sourceRA, ra2: ra)
                s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: sigma[i]) / background[i])
                rows.append(i)
            }
        }}}}}
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
    @_specialize(where G == Xoshiro256StarStar)
    public func trials<G: RandomNumberGenerator>(count: Int, injectMean: Double = 0, injectGamma: Double = 2,
                                                 injection: SignalInjector.Model = .instrumentResponse, using g: inout G) -> [PointSourceFit] {
        var data = TrialData(seasons: [])
        return (0..<count).map { _ in
            fill(&data, scramble: true, injectMean: injectMean, gamma: injectGamma, injection: injection, using: &g)
            return likelihood.fit(data)
        }
    }
}

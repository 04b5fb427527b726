import FolioStatistics
import Foundation

/// A template (extended-emission) analysis in the style of IceCube's Galactic-plane search
/// (Science 380, 1338 (2023)), simplified: the signal spatial PDF of an event is the
/// acceptance-weighted template smoothed with the event's angular error (maps precomputed on a
/// grid of sigma, linear in sigma between them); the spectrum is fixed (E^-gamma); the only fitted
/// parameter is ns >= 0 (the template normalisation, convertible to a flux normalisation). The
/// signal energy PDF is the point-source one at the event's declination bin; backgrounds are the
/// data-driven ones of the point-source analysis. All events enter (no selection box).
///
/// ```swift
/// let plane = SkyTemplate(nside: 64) { ra, dec in ... }          // equatorial, per sr
/// let ana = try TemplateAnalysis(dataset: data, template: plane, gamma: 2.7)
/// let fit = ana.fitData()                                         // ns, TS
/// let bkg = ana.trials(seed: 1, chunk: 0, count: 100)
/// ```
public struct TemplateAnalysis: Sendable {
    /// Fixed spectral index of the template's flux.
    public let gamma: Double
    /// Angular-error grid of the smoothed maps (radians).
    public let sigmaGrid: [Double]
    let template: SkyTemplate
    let seasons: [Season]
    let models: [Model]
    /// Season shares f_j of the expected signal.
    public let seasonShares: [Double]
    /// Expected events (all seasons) per unit template normalisation: sum_j livetime_j x
    /// sum_q T(q) dOmega A_j(dec_q), with T read as phi0 [GeV^-1 cm^-2 s^-1 sr^-1 at 1 TeV].
    public let signalYield: Double

    struct Model: Sendable {
        let totalEvents: Int
        let ra: [Double], dec: [Double], sigma: [Double]
        /// Energy ratio S_E/B_E divided by the background spatial density, per event.
        let energyOverBackgroundSpatial: [Double]
        /// [sigma grid][pixel] smoothed acceptance-weighted template density (sr^-1).
        let maps: [[Double]]
        let signalEnergy: [SignalEnergyPDF]        // per smearing declination bin
        let backgroundEnergy: BackgroundEnergyPDF
        let backgroundSpatial: BackgroundSpatialPDF
        let injectors: [SignalInjector]            // per smearing declination bin
        let smearingDecEdges: [Double]             // degrees
        let pixelCumulative: [Double]              // for drawing signal positions
        let angularErrorTable: AngularErrorTable
        let energyCumulative: [[Double]]           // per smearing declination bin
    }

    /// - Parameter backgroundEnergySmoothing: smoothing of the background energy histogram,
    ///   by default SkyLLH's point-source choice. Known limitation: for broad templates (many
    ///   background events with signal weight) the data-driven background energy PDF is not
    ///   accurate enough: on IC40 a band template (Gaussian in Dec, 8 deg, at +20 deg) recovers
    ///   ns about 25% low with `.linear(halfWidth: 1)`, and with `.none` or `.logarithmic` the
    ///   background TS is far from 0 (the log-cubic spline undershoots next to empty bins).
    ///   Compact templates are unbiased (see the tests).
    public init(dataset: IceCubeDataset, template: SkyTemplate, gamma: Double, sigmaGridPoints: Int = 8,
                backgroundEnergySmoothing: BackgroundEnergyPDF.Smoothing = .linear(halfWidth: 1)) throws {
        self.gamma = gamma; self.template = template
        let usable = dataset.seasons.filter { $0.smearing != nil }
        guard !usable.isEmpty else { throw DataFileError(file: dataset.root.path, "no season with a smearing matrix") }
        seasons = usable.map(\.season)
        let maxSigma = usable.flatMap(\.events.angularError).max()!
        let minSigma = min(0.2 * .pi / 180, maxSigma)
        sigmaGrid = (0..<sigmaGridPoints).map { minSigma * pow(maxSigma / minSigma, Double($0) / Double(max(1, sigmaGridPoints - 1))) }
        var models: [Model] = [], yields: [Double] = []
        for data in usable {
            let sm = data.smearing!, aeff = data.effectiveArea
            let acceptance: (Double) -> Double = { dec in
                aeff.expectedEvents(phi0: 1, gamma: gamma, decDegrees: dec * 180 / .pi, livetimeSeconds: data.goodRuns.livetimeSeconds)
            }
            let density = template.normalised(weight: acceptance)
            yields.append(template.values.indices.reduce(0) { $0 + template.values[$1] * acceptance(template.grid.dec[$1]) } * template.grid.pixelArea)
            let maps = template.smoothed(density, sigmas: sigmaGrid)
            let xEdges = data.season.log10EnergyBinEdges, yEdges = data.season.sinDecBinEdges
            let bkgE = BackgroundEnergyPDF(events: data.events, log10EnergyEdges: xEdges, sinDecEdges: yEdges,
                                           smoothing: backgroundEnergySmoothing)
            let bkgS = try BackgroundSpatialPDF(events: data.events, sinDecEdges: yEdges)
            let decCentres = (0..<sm.trueDecBinCount).map { 0.5 * (sm.trueDecEdgesDegrees[$0] + sm.trueDecEdgesDegrees[$0 + 1]) }
            let sigE = decCentres.map {
                SignalEnergyPDF.make(gammas: [gamma], sourceDecDegrees: $0, effectiveArea: aeff, smearing: sm, log10EnergyEdges: xEdges)[0]
            }
            let injectors = decCentres.map { SignalInjector(source: SkyDirection(raDegrees: 0, decDegrees: $0), effectiveArea: aeff, smearing: sm) }
            let ev = data.events
            var ratio = [Double](repeating: 0, count: ev.count)
            for i in 0..<ev.count {
                let d = sm.trueDecBin(degrees: ev.dec[i] * 180 / .pi)
                let b = bkgE.density(log10Energy: ev.log10Energy[i], sinDec: ev.sinDec[i])
                let s = sigE[d].density(log10Energy: ev.log10Energy[i])
                ratio[i] = min(b > 0 ? s / b : s / 1e-15, Double(Float.greatestFiniteMagnitude)) / bkgS.density(sinDec: ev.sinDec[i])
            }
            var cum: [Double] = [], total = 0.0
            for v in density { total += v; cum.append(total) }
            models.append(Model(totalEvents: ev.count, ra: ev.ra, dec: ev.dec, sigma: ev.angularError,
                                energyOverBackgroundSpatial: ratio, maps: maps, signalEnergy: sigE, backgroundEnergy: bkgE,
                                backgroundSpatial: bkgS, injectors: injectors, smearingDecEdges: sm.trueDecEdgesDegrees,
                                pixelCumulative: cum, angularErrorTable: AngularErrorTable(log10Energy: ev.log10Energy, angularError: ev.angularError),
                                energyCumulative: injectors.map { $0.energyCumulative(gamma: gamma) }))
        }
        self.models = models
        let y = yields.reduce(0, +)
        seasonShares = yields.map { $0 / y }
        signalYield = y
    }

    /// Smoothed template density (sr^-1) at a direction for angular error sigma (radians):
    /// the pixel's value, linear in sigma between grid maps (clamped to the grid).
    func signalDensity(_ m: Model, ra: Double, dec: Double, sigma: Double) -> Double {
        let p = template.grid.pixel(ra: ra, dec: dec)
        if sigma <= sigmaGrid[0] { return m.maps[0][p] }
        if sigma >= sigmaGrid[sigmaGrid.count - 1] { return m.maps[sigmaGrid.count - 1][p] }
        var k = 0
        while sigmaGrid[k + 1] < sigma { k += 1 }
        let t = (sigma - sigmaGrid[k]) / (sigmaGrid[k + 1] - sigmaGrid[k])
        return m.maps[k][p] * (1 - t) + m.maps[k + 1][p] * t
    }

    /// Per season: X_i = (R_i - 1) / N for every event of a trial.
    func trialTerms<G: RandomNumberGenerator>(scramble: Bool, injectMean: Double, injection: SignalInjector.Model,
                                              using g: inout G) -> (terms: [[Double]], injected: Int) {
        var out: [[Double]] = [], injected = 0
        for (j, m) in models.enumerated() {
            var r: [Double] = []
            r.reserveCapacity(m.totalEvents + 64)
            for i in 0..<m.totalEvents {
                let ra = scramble ? g.uniform(0, 2 * .pi) : m.ra[i]
                r.append(signalDensity(m, ra: ra, dec: m.dec[i], sigma: m.sigma[i]) * m.energyOverBackgroundSpatial[i])
            }
            let n = injectMean > 0 ? g.poisson(mean: injectMean * seasonShares[j]) : 0
            for _ in 0..<n {
                let q = g.index(cumulative: m.pixelCumulative)
                let origin = SkyDirection(raRadians: template.grid.ra[q], decRadians: template.grid.dec[q])
                var d = 0
                while d + 1 < m.smearingDecEdges.count - 1 && m.smearingDecEdges[d + 1] <= origin.decDegrees { d += 1 }
                let sampler = injection == .likelihoodModel ? EnergySampler(m.signalEnergy[d]) : nil
                let ev = m.injectors[d].draw(energyCumulative: m.energyCumulative[d], model: injection, energySampler: sampler,
                                             angularErrors: m.angularErrorTable, origin: origin, using: &g)
                let sinDec = sin(ev.dec)
                let dEv = min(max(0, m.smearingDecEdges.lastIndex { $0 <= ev.dec * 180 / .pi } ?? 0), m.signalEnergy.count - 1)
                let b = m.backgroundEnergy.density(log10Energy: ev.log10Energy, sinDec: sinDec)
                let s = m.signalEnergy[dEv].density(log10Energy: ev.log10Energy)
                let energy = min(b > 0 ? s / b : s / 1e-15, Double(Float.greatestFiniteMagnitude))
                r.append(signalDensity(m, ra: ev.ra, dec: ev.dec, sigma: ev.angularError) * energy / m.backgroundSpatial.density(sinDec: sinDec))
            }
            injected += n
            let total = Double(r.count)
            out.append(r.map { ($0 - 1) / total })
        }
        return (out, injected)
    }

    /// Maximum-likelihood ns >= 0 (concave in ns; safeguarded Newton) and TS = 2 log Lambda.
    func fit(terms: [[Double]], injected: Int) -> TemplateFit {
        let f = seasonShares
        let upper = 0.999 * Double(models.map(\.totalEvents).min()!)
        let ns = ConcaveMaximizer1D(tolerance: 1e-10).maximize(lower: 0, upper: upper, start: 10) { ns in
            var g1 = 0.0, g2 = 0.0
            for j in terms.indices {
                for x in terms[j] { let q = x / (1 + ns * f[j] * x); g1 += f[j] * q; g2 -= f[j] * f[j] * q * q }
            }
            return (g1, g2)
        }.x
        var logLambda = 0.0
        for j in terms.indices { for x in terms[j] { logLambda += log1p(ns * f[j] * x) } }
        return TemplateFit(ns: ns, ts: ns > 0 ? 2 * logLambda : 0, injected: injected)
    }

    /// Fit on the real events.
    public func fitData() -> TemplateFit {
        var g = Xoshiro256StarStar(seed: 0)
        let t = trialTerms(scramble: false, injectMean: 0, injection: .instrumentResponse, using: &g)
        return fit(terms: t.terms, injected: 0)
    }

    /// `count` trials of one chunk (RA-scrambled data plus optional Poisson(injectMean) template
    /// signal events); a pure function of (analysis, seed, chunk, count, injection settings).
    public func trials(seed: UInt64, chunk: Int, count: Int, injectMean: Double = 0,
                       injection: SignalInjector.Model = .instrumentResponse) -> [TemplateFit] {
        var g = Xoshiro256StarStar(seed: PointSourceAnalysis.chunkSeed(seed: seed, chunk: chunk))
        return (0..<count).map { _ in
            let t = trialTerms(scramble: true, injectMean: injectMean, injection: injection, using: &g)
            return fit(terms: t.terms, injected: t.injected)
        }
    }

    /// Trials in chunks of `chunkSize` on all cores; identical to running the chunks in order.
    public func parallelTrials(seed: UInt64, count: Int, chunkSize: Int = 50, injectMean: Double = 0,
                               injection: SignalInjector.Model = .instrumentResponse) -> [TemplateFit] {
        let chunks = (count + chunkSize - 1) / chunkSize
        let results = ChunkSlots<[TemplateFit]>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            results[c] = self.trials(seed: seed, chunk: c, count: min(chunkSize, count - c * chunkSize),
                                     injectMean: injectMean, injection: injection)
        }
        return results.values.flatMap { $0! }
    }

    /// Template flux normalisation (per unit of the template's values) giving `ns` expected events.
    public func normalisation(ns: Double) -> Double { ns / signalYield }
}

/// Result of a template fit: ns >= 0 and TS = 2 log Lambda(ns).
public struct TemplateFit: Sendable, Equatable, Codable {
    public var ns: Double
    public var ts: Double
    public var injected: Int
}

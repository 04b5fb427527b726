import Dispatch
import FolioStatistics
import Foundation

/// A template (extended-emission) analysis in the style of IceCube's Galactic-plane search
/// (Science 380, 1338 (2023)), simplified: the signal spatial PDF of an event is the
/// acceptance-weighted template smoothed with the event's angular error (maps precomputed on a
/// grid of sigma, linear in sigma between them); the spectrum is fixed (E^-gamma); the only fitted
/// parameter is ns >= 0 (the template normalisation, convertible to a flux normalisation). The
/// signal energy PDF is the point-source one at the event's declination bin. All events enter
/// (no selection box).
///
/// A template whose spectrum varies across the sky (`SkyTemplate.localIndex`: KRA-γ-like models,
/// whose inner Galaxy is harder) has a signal spatial PDF that depends on energy: one map per band
/// of reconstructed energy (`energyBandEdges`), M_b(q) ∝ T(q) A(δ_q, γ_q) P(b | δ_q, γ_q), the
/// events of pixel q with the pixel's own index γ_q that land in band b (effective area × smearing).
/// Per event S_i = M_b(x_i) · S_E(E_i | δ_i, γ) / P(b | δ_i, γ), the within-band energy shape taken
/// at the analysis' γ. Each event reads the map of its band, so a trial costs what it did.
///
/// Background: by default the **signal-subtracted likelihood** of the Galactic-plane and 10-year
/// analyses. The data-driven PDF D_i = D(sin Dec_i) D(log10 E_i | sin Dec_i) (built from the
/// trial's own events, so it contains whatever signal they contain, RA-scrambled) estimates
/// (ns/N) S~_i + (1 - ns/N) B_i, where S~ is the RA-averaged signal PDF. Solving for B:
///
///   L_i = (ns/N) S_i + (1 - ns/N) B_i = D_i + (ns/N) (S_i - S~_i),
///   log Lambda(ns) = sum_i log(1 + ns X_i),   X_i = (S_i - S~_i) / (N D_i),
///
/// (per season with ns_j = ns f_j). Because S - S~ averages to zero over right ascension at every
/// (Dec, E), background events contribute zero on average whatever the accuracy of D, which is
/// what removes the low bias of broad templates (-15% for the pi0 template on IC40) that the plain form (`.dataBackground`,
/// X_i = (S_i / D_i - 1) / N) has with the smoothed data-driven energy PDF. The price: a template
/// that is uniform in right ascension has S = S~ and no sensitivity (RA scrambling cannot
/// distinguish it from background either).
///
/// ```swift
/// let plane = SkyTemplate(nside: 64) { ra, dec in ... }          // equatorial, per sr
/// let ana = try TemplateAnalysis(dataset: data, template: plane, gamma: 2.7)
/// let fit = ana.fitData()                                         // ns, TS
/// let bkg = ana.trials(count: 100, using: &generator)          // the generator of a trial chunk
/// ```
public struct TemplateAnalysis: Sendable {
    /// How the background PDF enters the likelihood.
    public enum BackgroundModel: Sendable, Equatable {
        /// Signal-subtracted likelihood (Science 380, 1338 supplement; IceCube's standard for
        /// templates): D from the trial's events, minus the RA-averaged signal. Unbiased.
        case signalSubtracted
        /// B = D from the (unscrambled) data alone, X = (S/D - 1)/N: the point-source form.
        /// Kept for comparison: biased for broad templates (see the README).
        case dataBackground
    }

    /// Fixed spectral index of the template's flux.
    public let gamma: Double
    /// Angular-error grid of the smoothed maps (radians).
    public let sigmaGrid: [Double]
    public let backgroundModel: BackgroundModel
    let template: SkyTemplate
    let seasons: [Season]
    let models: [Model]
    /// Season shares f_j of the expected signal.
    public let seasonShares: [Double]
    /// Inner edges (log10 E_reco/GeV) of the energy bands with their own signal spatial map; empty for a
    /// template with one spectrum everywhere.
    public let energyBandEdges: [Double]
    /// Spectral indices of the pixel classes (the local index rounded to `indexClassStep`) and each
    /// pixel's class; [gamma] and nil for one spectrum everywhere.
    public let classGammas: [Double]
    let pixelClass: [Int]?
    /// Expected events (all seasons) per unit template normalisation: sum_j livetime_j x
    /// sum_q T(q) dOmega A_j(dec_q), with T read as phi0 [GeV^-1 cm^-2 s^-1 sr^-1 at 1 TeV].
    public let signalYield: Double
    let backgroundEnergySmoothing: BackgroundEnergyPDF.Smoothing

    struct Model: Sendable {
        let totalEvents: Int
        let ra: [Double], dec: [Double], sigma: [Double], sinDec: [Double], log10Energy: [Double]
        /// Signal energy density S_E(log10 E | Dec bin) per event.
        let signalEnergyDensity: [Double]
        /// S_E / (D_E D_spatial) per event, with D from the season's data.
        let energyOverBackgroundSpatial: [Double]
        /// RA-averaged signal spatial density S~ (sr^-1) per event (Dec and AngErr do not change
        /// under RA scrambling).
        let scrambledSignal: [Double]
        /// [energy band][pixel × sigma-grid count + sigma index] smoothed acceptance-weighted template
        /// density (sr^-1): a pixel's values for all σ side by side, so an event's two neighbouring σ
        /// share a cache line.
        let maps: [CacheAlignedDoubles]
        /// The events in lookup order with their precomputed colatitude and σ weights (`SignalLookup`).
        let lookup: SignalLookup
        /// [energy band][sigma grid][Dec grid] right-ascension average of `maps` along circles of constant Dec.
        let ringAverages: [[[Double]]]
        /// Energy band of every event (0 with one band).
        let eventBand: [Int]
        /// [smearing Dec bin][band]: P(b | δ, γ) of the analysis' γ, which divides S_E (all 1 with one band).
        let bandProbability: [[Double]]
        let signalEnergy: [SignalEnergyPDF]        // per smearing declination bin
        /// [pixel class][smearing declination bin], for injecting with each pixel's own spectrum.
        let classSignalEnergy: [[SignalEnergyPDF]]
        let backgroundEnergy: BackgroundEnergyPDF
        let backgroundSpatial: BackgroundSpatialPDF
        /// The data's histogram counts of the two background PDFs, to which a trial adds its injected events.
        let energyCounts: [[Double]], spatialCounts: [Double]
        /// Per event: its `energyRatio` with the data's PDF, which a trial with injected events reuses for
        /// events in rows its events leave unchanged, and its row and spline bases there (`InjectedTrialTables`).
        let dataEnergyRatio: [Double], injectedTables: InjectedTrialTables
        let xEdges: [Double], yEdges: [Double]
        let injectors: [SignalInjector]            // per smearing declination bin
        let smearingDecEdges: [Double]             // degrees
        let pixelCumulative: [Double]              // for drawing signal positions
        let angularErrorTable: AngularErrorTable
        let energyCumulative: [[[Double]]]         // [pixel class][smearing declination bin]
    }

    /// Inner band edges (log10 E_reco/GeV) for templates whose spectrum varies across the sky: quarter
    /// decades from 10^2.5 to 10^6 GeV; below and above, one band each. Within a band the energy shape is
    /// the analysis' γ; with half-decade bands that mismatch pulled nₛ of an E^-2 template fitted with
    /// γ = 2.6 down by a further 20% of the injected signal, with quarter decades by 5% (0.1 dex: 2%),
    /// and the KRA-γ-like local indices lie within ±0.2 of γ, not 0.6.
    public static let defaultEnergyBandEdges: [Double] = stride(from: 2.5, through: 6.0, by: 0.25).map { $0 }
    /// Step of the local-index classes (each class has its own acceptance and energy response).
    public static let indexClassStep = 0.05
    /// The class index a local index is rounded to: the likelihood treats the pixel's flux as E^−(this).
    public static func indexClass(_ localIndex: Double) -> Double { (localIndex / indexClassStep).rounded() * indexClassStep }

    /// - Parameters:
    ///   - backgroundModel: `.signalSubtracted` (default) or the plain `.dataBackground`.
    ///   - backgroundEnergySmoothing: smoothing of the data-driven energy histogram (SkyLLH's
    ///     point-source choice by default). With `.signalSubtracted` its accuracy affects only the
    ///     efficiency, not the bias. With `.dataBackground` a band template recovers ns about 25%
    ///     low on IC40 with `.linear(halfWidth: 1)` (the block average raises the steeply falling
    ///     high-energy tail of D_E, lowering S/D exactly where signal lives).
    ///   - energyBandEdges: inner edges of the energy bands, used only when the template has a
    ///     `localIndex` map.
    public init(dataset: IceCubeDataset, template: SkyTemplate, gamma: Double, sigmaGridPoints: Int = 8,
                backgroundEnergySmoothing: BackgroundEnergyPDF.Smoothing = .linear(halfWidth: 1),
                backgroundModel: BackgroundModel = .signalSubtracted,
                energyBandEdges: [Double] = TemplateAnalysis.defaultEnergyBandEdges) throws {
        self.gamma = gamma; self.template = template
        // Pixel classes by local index (only where the template has weight).
        var classGammas = [gamma], pixelClass: [Int]? = nil
        if let local = template.localIndex {
            // Pixels without weight join the first class (they contribute nothing).
            let weighted = local.indices.filter { template.values[$0] > 0 }.map { Self.indexClass(local[$0]) }
            classGammas = weighted.isEmpty ? [gamma] : Array(Set(weighted)).sorted()
            let rounded = local.indices.map { template.values[$0] > 0 ? Self.indexClass(local[$0]) : classGammas[0] }
            let position = Dictionary(uniqueKeysWithValues: classGammas.enumerated().map { ($1, $0) })
            pixelClass = rounded.map { position[$0]! }
            guard classGammas.allSatisfy({ (1...4).contains($0) }) else {
                throw DataFileError(file: "template", "local spectral indices \(classGammas.first!)...\(classGammas.last!) outside [1, 4]")
            }
        }
        self.classGammas = classGammas; self.pixelClass = pixelClass
        let bandEdges = pixelClass == nil ? [] : energyBandEdges.sorted()
        self.energyBandEdges = bandEdges
        self.backgroundModel = backgroundModel; self.backgroundEnergySmoothing = backgroundEnergySmoothing
        let usable = dataset.seasons.filter { $0.smearing != nil }
        guard !usable.isEmpty else { throw DataFileError(file: dataset.root.path, "no season with a smearing matrix") }
        seasons = usable.map(\.season)
        let maxSigma = usable.flatMap(\.events.angularError).max()!
        let minSigma = min(0.2 * .pi / 180, maxSigma)
        let sigmaGrid = (0..<sigmaGridPoints).map { minSigma * pow(maxSigma / minSigma, Double($0) / Double(max(1, sigmaGridPoints - 1))) }
        self.sigmaGrid = sigmaGrid
        var models: [Model] = [], yields: [Double] = []
        // Per season, first the acceptance-weighted densities to smooth, with what the rest needs of their making.
        var prepared: [(data: SeasonData, decCentres: [Double], sigE: [SignalEnergyPDF], classSigE: [[SignalEnergyPDF]],
                        bandProbability: [[Double]], densities: [[Double]])] = []
        for data in usable {
            let sm = data.smearing!, aeff = data.effectiveArea
            // Summed over the good runs once, not again for every pixel (the same value).
            let livetime = data.goodRuns.livetimeSeconds
            let acceptance: (Double) -> Double = { dec in
                aeff.expectedEvents(phi0: 1, gamma: gamma, decDegrees: dec * 180 / .pi, livetimeSeconds: livetime)
            }
            let xEdges = data.season.log10EnergyBinEdges
            let decCentres = (0..<sm.trueDecBinCount).map { 0.5 * (sm.trueDecEdgesDegrees[$0] + sm.trueDecEdgesDegrees[$0 + 1]) }
            let sigE = decCentres.map {
                SignalEnergyPDF.make(gammas: [gamma], sourceDecDegrees: $0, effectiveArea: aeff, smearing: sm, log10EnergyEdges: xEdges)[0]
            }
            let classSigE = pixelClass == nil ? [sigE] : classGammas.map { g in
                decCentres.map { SignalEnergyPDF.make(gammas: [g], sourceDecDegrees: $0, effectiveArea: aeff, smearing: sm, log10EnergyEdges: xEdges)[0] }
            }
            let bandProbability = sigE.map { $0.bandProbabilities(innerEdges: bandEdges) }
            let densities: [[Double]], seasonYield: Double
            if let pixelClass {
                // M_b(q) = T(q) A(δ_q, γ_q) P(b | δ_q, γ_q), normalised over bands and sky together.
                let classAcceptance = classGammas.map { g in { (dec: Double) in
                    aeff.expectedEvents(phi0: 1, gamma: g, decDegrees: dec * 180 / .pi, livetimeSeconds: livetime) } }
                let classBands = classSigE.map { $0.map { $0.bandProbabilities(innerEdges: bandEdges) } }
                let events = template.values.indices.map { template.values[$0] * classAcceptance[pixelClass[$0]](template.dec[$0]) }
                seasonYield = events.reduce(0, +) * template.pixelArea
                guard seasonYield > 0 else { throw DataFileError(file: data.season.rawValue, "the template has no weight where the detector sees") }
                densities = (0...bandEdges.count).map { b in
                    template.values.indices.map { q in
                        events[q] * classBands[pixelClass[q]][sm.trueDecBin(degrees: template.dec[q] * 180 / .pi)][b] / seasonYield
                    }
                }
            } else {
                densities = [template.normalised(weight: acceptance)]
                seasonYield = template.values.indices.reduce(0) { $0 + template.values[$1] * acceptance(template.dec[$1]) } * template.pixelArea
            }
            yields.append(seasonYield)
            prepared.append((data, decCentres, sigE, classSigE, bandProbability, densities))
        }
        // Every season's densities smoothed in one kernel pass, and their right-ascension averages from one set of
        // arcs: the kernel and the arcs depend only on the template's pixels and σ, and each map is the same sum in
        // the same order as when smoothed alone (`SkyTemplate.smoothed(bands:sigmas:)`, `ringAverages`), so the
        // maps are the same bits while ten seasons cost one smoothing instead of ten (Benchmarks/scale/README.md).
        var allSmoothed = template.smoothed(bands: prepared.flatMap(\.densities), sigmas: sigmaGrid)   // [season, band][sigma][pixel]
        let allRings = Self.ringAverages(template, allSmoothed)
        var firstBand = 0
        for (data, decCentres, sigE, classSigE, bandProbability, densities) in prepared {
            let sm = data.smearing!, aeff = data.effectiveArea
            let xEdges = data.season.log10EnergyBinEdges, yEdges = data.season.sinDecBinEdges
            let bands = firstBand..<(firstBand + densities.count)
            firstBand = bands.upperBound
            let rings = Array(allRings[bands])
            let maps = bands.map { SignalLookup.interleaved(allSmoothed[$0]) }
            for b in bands { allSmoothed[b] = [] }   // only the interleaved copies stay
            let bkgE = BackgroundEnergyPDF(events: data.events, log10EnergyEdges: xEdges, sinDecEdges: yEdges,
                                           smoothing: backgroundEnergySmoothing)
            let bkgS = try BackgroundSpatialPDF(events: data.events, sinDecEdges: yEdges)
            let injectors = decCentres.map { SignalInjector(source: SkyDirection(raDegrees: 0, decDegrees: $0), effectiveArea: aeff, smearing: sm) }
            // With energy bands the events are kept in band order: a trial then reads one band's maps
            // after another instead of jumping between them (one band's maps fit in the cache, all do not).
            let ev = bandEdges.isEmpty ? data.events : Self.sortedByBand(data.events, innerEdges: bandEdges)
            let eventBand = ev.log10Energy.map { Self.band(of: $0, innerEdges: bandEdges) }
            let sE = (0..<ev.count).map {
                let d = sm.trueDecBin(degrees: ev.dec[$0] * 180 / .pi)
                let p = sigE[d].density(log10Energy: ev.log10Energy[$0])
                return bandEdges.isEmpty ? p : Self.perBand(p, bandProbability[d][eventBand[$0]])
            }
            let energyRatio = (0..<ev.count).map { Self.energyRatio(signalEnergy: sE[$0], log10Energy: ev.log10Energy[$0], sinDec: ev.sinDec[$0], energy: bkgE) }
            let ratio = (0..<ev.count).map { energyRatio[$0] / bkgS.density(sinDec: ev.sinDec[$0]) }
            var energyCounts = BackgroundEnergyPDF.emptyCounts(log10EnergyEdges: xEdges, sinDecEdges: yEdges)
            BackgroundEnergyPDF.count(log10Energy: ev.log10Energy, sinDec: ev.sinDec, log10EnergyEdges: xEdges, sinDecEdges: yEdges, into: &energyCounts)
            let scrambled = (0..<ev.count).map {
                Self.interpolate(rings[eventBand[$0]], sigmaGrid: sigmaGrid, sigma: ev.angularError[$0],
                                 at: Self.decGridPosition(ev.dec[$0], nside: template.nside))
            }
            var cum: [Double] = [], total = 0.0
            for q in densities[0].indices {
                for b in densities.indices { total += densities[b][q] }
                cum.append(total)
            }
            models.append(Model(totalEvents: ev.count, ra: ev.ra, dec: ev.dec, sigma: ev.angularError, sinDec: ev.sinDec,
                                log10Energy: ev.log10Energy, signalEnergyDensity: sE, energyOverBackgroundSpatial: ratio,
                                scrambledSignal: scrambled, maps: maps,
                                lookup: SignalLookup(dec: ev.dec, sigma: ev.angularError, band: eventBand, sigmaGrid: sigmaGrid,
                                                     scrambledSignal: scrambled, energyOverBackgroundSpatial: ratio),
                                ringAverages: rings, eventBand: eventBand,
                                bandProbability: bandProbability, signalEnergy: sigE, classSignalEnergy: classSigE, backgroundEnergy: bkgE,
                                backgroundSpatial: bkgS, energyCounts: energyCounts,
                                spatialCounts: BackgroundSpatialPDF.counts(sinDec: ev.sinDec, sinDecEdges: yEdges),
                                dataEnergyRatio: energyRatio,
                                injectedTables: InjectedTrialTables(log10Energy: ev.log10Energy, sinDec: ev.sinDec, energy: bkgE, spatial: bkgS),
                                xEdges: xEdges, yEdges: yEdges, injectors: injectors,
                                smearingDecEdges: sm.trueDecEdgesDegrees, pixelCumulative: cum,
                                angularErrorTable: AngularErrorTable(log10Energy: ev.log10Energy, angularError: ev.angularError),
                                energyCumulative: classGammas.map { g in injectors.map { $0.energyCumulative(gamma: g) } }))
        }
        self.models = models
        let y = yields.reduce(0, +)
        seasonShares = yields.map { $0 / y }
        signalYield = y
    }

    /// S_E / (D_E D_spatial); where D_E = 0, S_E / 1e-15 (SkyLLH's empty-bin rule), capped.
    static func energyOverSpatial(signalEnergy s: Double, log10Energy: Double, sinDec: Double,
                                  energy: BackgroundEnergyPDF, spatial: BackgroundSpatialPDF) -> Double {
        energyRatio(signalEnergy: s, log10Energy: log10Energy, sinDec: sinDec, energy: energy) / spatial.density(sinDec: sinDec)
    }

    /// The energy part of `energyOverSpatial`: S_E / D_E, capped.
    static func energyRatio(signalEnergy s: Double, log10Energy: Double, sinDec: Double, energy: BackgroundEnergyPDF) -> Double {
        energyRatio(signalEnergy: s, density: energy.density(log10Energy: log10Energy, sinDec: sinDec))
    }

    /// S_E / D_E from the energy density D_E = `b`, capped.
    @inline(__always)
    static func energyRatio(signalEnergy s: Double, density b: Double) -> Double {
        min(b > 0 ? s / b : s / 1e-15, Double(Float.greatestFiniteMagnitude))
    }

    /// Band of log10 E among bands split at `innerEdges` (0 when there are none).
    @inline(__always)
    static func band(of log10Energy: Double, innerEdges: [Double]) -> Int {
        var b = 0
        while b < innerEdges.count && innerEdges[b] <= log10Energy { b += 1 }
        return b
    }

    /// The events in band order (stable within a band).
    static func sortedByBand(_ e: EventSample, innerEdges: [Double]) -> EventSample {
        let order = e.log10Energy.indices.map { (band(of: e.log10Energy[$0], innerEdges: innerEdges), $0) }.sorted { $0 < $1 }.map(\.1)
        return EventSample(mjd: order.map { e.mjd[$0] }, log10Energy: order.map { e.log10Energy[$0] }, angularError: order.map { e.angularError[$0] },
                           ra: order.map { e.ra[$0] }, dec: order.map { e.dec[$0] })
    }

    /// S_E / P(b): the energy density within its band (0 where the band holds no signal).
    @inline(__always)
    static func perBand(_ density: Double, _ probability: Double) -> Double { probability > 0 ? density / probability : 0 }

    // MARK: - Right-ascension averages (S~)

    /// Points of the declination grid of the ring averages: 16 nside + 1, uniform in Dec over
    /// [-pi/2, pi/2] (a quarter of the pixel spacing).
    static func decGridCount(nside: Int) -> Int { 16 * nside + 1 }

    /// Fractional index of `dec` (radians) in the declination grid.
    @inline(__always)
    static func decGridPosition(_ dec: Double, nside: Int) -> Double {
        let n = decGridCount(nside: nside)
        return min(max(0, (dec + .pi / 2) / .pi * Double(n - 1)), Double(n - 1))
    }

    /// Mean of each pixelised map along the circle of constant Dec, at each grid declination:
    /// the RA-scrambled signal density S~(Dec) ([map][Dec grid]). Exact up to 1e-7 rad in the
    /// location of every pixel boundary the circle crosses: the circle is sampled at 8 nside
    /// equally spaced RAs and each change of pixel between neighbouring samples is located by
    /// bisection, so each pixel gets its exact arc length.
    /// `bands` is [band][sigma][pixel] and so is the result; the arcs are found once for all maps.
    static func ringAverages(_ t: SkyTemplate, _ bands: [[[Double]]]) -> [[[Double]]] {
        let n = decGridCount(nside: t.nside), samples = 8 * t.nside, step = 2 * Double.pi / Double(samples)
        var out = bands.map { [[Double]](repeating: [Double](repeating: 0, count: n), count: $0.count) }
        var arc: [Int: Double] = [:]
        for k in 0..<n {
            let dec = -Double.pi / 2 + Double.pi * Double(k) / Double(n - 1)
            arc.removeAll(keepingCapacity: true)
            // Arc [a, b] whose ends lie in pixels pa and pb: split until each piece is in one pixel.
            func cover(_ a: Double, _ pa: Int, _ b: Double, _ pb: Int) {
                if pa == pb { arc[pa, default: 0] += b - a; return }
                if b - a < 1e-7 { arc[pa, default: 0] += 0.5 * (b - a); arc[pb, default: 0] += 0.5 * (b - a); return }
                let m = 0.5 * (a + b), pm = t.pixel(ra: m, dec: dec)
                cover(a, pa, m, pm); cover(m, pm, b, pb)
            }
            var previous = t.pixel(ra: 0, dec: dec)
            for s in 1...samples {
                let b = Double(s) * step, pb = t.pixel(ra: s == samples ? 0 : b, dec: dec)
                cover(b - step, previous, b, pb)
                previous = pb
            }
            // Summed in pixel order: a Dictionary's order changes from process to process (seeded
            // hashing), and floating-point sums in another order differ in the last bits.
            let pieces = arc.sorted { $0.key < $1.key }
            for (b, maps) in bands.enumerated() {
                for (j, map) in maps.enumerated() {
                    out[b][j][k] = pieces.reduce(0) { $0 + $1.value * map[$1.key] } / (2 * .pi)
                }
            }
        }
        return out
    }

    /// Ring average at a fractional Dec-grid position, linear in Dec and in sigma (clamped).
    static func interpolate(_ rings: [[Double]], sigmaGrid: [Double], sigma: Double, at position: Double) -> Double {
        let k0 = min(Int(position), rings[0].count - 2), u = position - Double(k0)
        func at(_ s: Int) -> Double { rings[s][k0] * (1 - u) + rings[s][k0 + 1] * u }
        let (k, t) = sigmaWeight(sigmaGrid, sigma)
        return t == 0 ? at(k) : at(k) * (1 - t) + at(k + 1) * t
    }

    /// Lower grid index and linear weight of `sigma` in the sigma grid (clamped to its ends).
    @inline(__always)
    static func sigmaWeight(_ grid: [Double], _ sigma: Double) -> (Int, Double) {
        if sigma <= grid[0] { return (0, 0) }
        if sigma >= grid[grid.count - 1] { return (grid.count - 1, 0) }
        var k = 0
        while grid[k + 1] < sigma { k += 1 }
        return (k, (sigma - grid[k]) / (grid[k + 1] - grid[k]))
    }

    /// Smoothed template density (sr^-1) at a direction for angular error sigma (radians):
    /// the pixel's value, linear in sigma between grid maps (clamped to the grid).
    func signalDensity(_ m: Model, band: Int, ra: Double, dec: Double, sigma: Double) -> Double {
        let p = template.pixel(ra: ra, dec: dec)
        let (k, t) = Self.sigmaWeight(sigmaGrid, sigma)
        let maps = m.maps[band], i = p * sigmaGrid.count + k
        return t == 0 ? maps[i] : maps[i] * (1 - t) + maps[i + 1] * t
    }

    /// The signal PDF S(x, E) of season `season` for an event at (ra, dec) (radians) with angular error
    /// `sigma` (radians) and log10(E_reco/GeV): spatial density (sr⁻¹) × energy density (per log10 E).
    /// For a template whose spectrum varies across the sky, the spatial part depends on the energy.
    public func signalPDF(season: Int = 0, ra: Double, dec: Double, sigma: Double, log10Energy: Double) -> Double {
        let m = models[season]
        let b = Self.band(of: log10Energy, innerEdges: energyBandEdges)
        let d = min(max(0, m.smearingDecEdges.lastIndex { $0 <= dec * 180 / .pi } ?? 0), m.signalEnergy.count - 1)
        var e = m.signalEnergy[d].density(log10Energy: log10Energy)
        if !energyBandEdges.isEmpty { e = Self.perBand(e, m.bandProbability[d][b]) }
        return signalDensity(m, band: b, ra: ra, dec: dec, sigma: sigma) * e
    }

    // MARK: - Trials

    /// Per season: X_i for every event of a trial (see the type's documentation).
    func trialTerms<G: RandomNumberGenerator>(scramble: Bool, injectMean: Double, injection: SignalInjector.Model,
                                              kernel: TrialKernel = .lookup, using g: inout G) -> (terms: [[Double]], injected: Int) {
        var out: [[Double]] = [], injected = 0
        // No injected events for certain: the terms are known as the densities are.
        let fused = fusedTerms(injectMean: injectMean, kernel: kernel)
        for (j, m) in models.enumerated() {
            // S_spatial per event (data first, then injected), replaced by X_i in place below (each term reads
            // only its own S_i). The right ascensions are drawn first, in event order, then turned into
            // densities: the same draws, in the same order, either way.
            var x = [Double](unsafeUninitializedCapacity: m.totalEvents + 64) { buffer, count in
                switch kernel {
                case .lookup:
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * m.totalEvents) { scratch in
                        let ra = UnsafeMutableBufferPointer(rebasing: scratch[..<m.totalEvents])
                        let values = UnsafeMutableBufferPointer(rebasing: scratch[m.totalEvents...])
                        drawRightAscensions(m, scramble: scramble, into: ra, using: &g)
                        // A background trial of the signal-subtracted likelihood writes its terms X_i at once.
                        signalDensities(m, rightAscensions: [UnsafeBufferPointer(ra)], into: [values], terms: fused)
                        eventOrder(m, UnsafeBufferPointer(values), into: buffer)
                    }
                case .perEvent:
                    for i in 0..<m.totalEvents {
                        let ra = scramble ? g.uniform(0, 2 * .pi) : m.ra[i]
                        buffer[i] = signalDensity(m, band: m.eventBand[i], ra: ra, dec: m.dec[i], sigma: m.sigma[i])
                    }
                }
                count = m.totalEvents
            }
            let inj = drawInjected(season: j, mean: injectMean, injection: injection, using: &g)
            injected += inj.events.count
            finishTerms(season: j, &x, injected: inj, fused: fused, kernel: kernel)
            out.append(x)
        }
        return (out, injected)
    }

    /// Whether a trial's data terms are written with its densities (`signalDensities(terms:)`): signal-subtracted,
    /// and no injected events for certain (a mean of 0 draws none).
    func fusedTerms(injectMean: Double, kernel: TrialKernel) -> Bool {
        kernel == .lookup && backgroundModel == .signalSubtracted && injectMean <= 0
    }

    /// A trial's random right ascensions (radians) of season model `m`, drawn in event order, each written to
    /// the event's place in the look-up order (or the data's own, unscrambled).
    @inline(__always)
    func drawRightAscensions<G: RandomNumberGenerator>(_ m: Model, scramble: Bool, into ra: UnsafeMutableBufferPointer<Double>, using g: inout G) {
        // The generator's state in a local copy (registers), written back after: the same draws in the same order.
        var local = g
        m.lookup.rank.withUnsafeBufferPointer { rank in
            for i in 0..<m.totalEvents { ra[Int(rank[i])] = scramble ? local.uniform(0, 2 * .pi) : m.ra[i] }
        }
        g = local
    }

    /// The signal events a trial injects into season `season`: Poisson(mean × share) of them (none for mean 0,
    /// which draws nothing), each with its band, its signal energy density and its signal spatial density.
    struct InjectedEvents {
        var events: [SignalInjector.Event] = [], signalEnergy: [Double] = [], band: [Int] = [], signalSpatial: [Double] = []
    }

    func drawInjected<G: RandomNumberGenerator>(season j: Int, mean injectMean: Double, injection: SignalInjector.Model,
                                                using g: inout G) -> InjectedEvents {
        let m = models[j]
        let n = injectMean > 0 ? g.poisson(mean: injectMean * seasonShares[j]) : 0
        var inj = InjectedEvents()
        for _ in 0..<n {
            let q = g.index(cumulative: m.pixelCumulative)
            let origin = SkyDirection(raRadians: template.ra[q], decRadians: template.dec[q])
            var d = 0
            while d + 1 < m.smearingDecEdges.count - 1 && m.smearingDecEdges[d + 1] <= origin.decDegrees { d += 1 }
            let c = pixelClass?[q] ?? 0
            let sampler = injection == .likelihoodModel ? EnergySampler(m.classSignalEnergy[c][d]) : nil
            let ev = m.injectors[d].draw(energyCumulative: m.energyCumulative[c][d], model: injection, energySampler: sampler,
                                         angularErrors: m.angularErrorTable, origin: origin, using: &g)
            let dEv = min(max(0, m.smearingDecEdges.lastIndex { $0 <= ev.dec * 180 / .pi } ?? 0), m.signalEnergy.count - 1)
            let b = Self.band(of: ev.log10Energy, innerEdges: energyBandEdges)
            let e = m.signalEnergy[dEv].density(log10Energy: ev.log10Energy)
            inj.events.append(ev); inj.band.append(b); inj.signalEnergy.append(energyBandEdges.isEmpty ? e : Self.perBand(e, m.bandProbability[dEv][b]))
            inj.signalSpatial.append(signalDensity(m, band: b, ra: ev.ra, dec: ev.dec, sigma: ev.angularError))
        }
        return inj
    }

    /// Turns a trial's data densities S_i of season `season` (in `x`; already X_i when `fused`) and its
    /// injected events into the terms X_i (data first, then injected).
    func finishTerms(season j: Int, _ x: inout [Double], injected: InjectedEvents, fused: Bool, kernel: TrialKernel) {
        let m = models[j], inj = injected.events, injSE = injected.signalEnergy, injBand = injected.band
        x.append(contentsOf: injected.signalSpatial)
        let total = Double(x.count)
        if backgroundModel == .dataBackground {
            // Plain form, B from the data alone.
            for i in 0..<m.totalEvents { x[i] = (x[i] * m.energyOverBackgroundSpatial[i] - 1) / total }
            for (k, ev) in inj.enumerated() {
                let r = Self.energyOverSpatial(signalEnergy: injSE[k], log10Energy: ev.log10Energy, sinDec: sin(ev.dec),
                                               energy: m.backgroundEnergy, spatial: m.backgroundSpatial)
                x[m.totalEvents + k] = (x[m.totalEvents + k] * r - 1) / total
            }
        } else if inj.isEmpty && fused {
            // Written by `signalDensities`.
        } else if inj.isEmpty {
            // D from the trial's events = D from the data (scrambling keeps Dec and energy).
            x.withUnsafeMutableBufferPointer { x in
                m.scrambledSignal.withUnsafeBufferPointer { tilde in
                    m.energyOverBackgroundSpatial.withUnsafeBufferPointer { r in
                        for i in 0..<m.totalEvents { x[i] = (x[i] - tilde[i]) * r[i] / total }
                    }
                }
            }
        } else {
            // D rebuilt from data + injected events: the trial's signal is in its background PDF,
            // as the real signal is in the data's.
            let injSinDec = inj.map { sin($0.dec) }
            let energy: BackgroundEnergyPDF, spatial: BackgroundSpatialPDF
            var changedRows = [Bool](repeating: false, count: m.yEdges.count - 1)
            switch kernel {
            case .lookup:
                // The data's counts plus the injected events' (the same whole numbers as binning all).
                var counts = m.energyCounts
                BackgroundEnergyPDF.count(log10Energy: inj.map(\.log10Energy), sinDec: injSinDec, log10EnergyEdges: m.xEdges,
                                          sinDecEdges: m.yEdges, into: &counts)
                // Rows whose spline values are the data's keep the data's spline (and energy ratios).
                energy = BackgroundEnergyPDF(counts: counts, reusing: m.backgroundEnergy)
                changedRows = energy.rowValues.indices.map { energy.rowValues[$0] != m.backgroundEnergy.rowValues[$0] }
                var spatialCounts = m.spatialCounts
                for y in injSinDec { if let b = Histogram.bin(y, m.yEdges) { spatialCounts[b] += 1 } }
                spatial = try! BackgroundSpatialPDF(counts: spatialCounts, reusing: m.backgroundSpatial)  // data alone fill every bin
            case .perEvent:
                energy = BackgroundEnergyPDF(log10Energy: m.log10Energy + inj.map(\.log10Energy), sinDec: m.sinDec + injSinDec,
                                             log10EnergyEdges: m.xEdges, sinDecEdges: m.yEdges, smoothing: backgroundEnergySmoothing)
                spatial = try! BackgroundSpatialPDF(sinDec: m.sinDec + injSinDec, sinDecEdges: m.yEdges)  // data alone fill every bin
                changedRows = changedRows.map { _ in true }
            }
            if kernel == .lookup && energy.binDensity == nil {
                x.withUnsafeMutableBufferPointer { injectedTrialTerms(m, energy: energy, spatial: spatial, changed: changedRows, total: total, s: $0) }
            } else {
                for i in 0..<m.totalEvents {
                    let row = Int(m.injectedTables.energyRow[i])
                    // Outside the binning (row < 0) the density is 0 with any counts.
                    let e = row >= 0 && changedRows[row]
                        ? Self.energyRatio(signalEnergy: m.signalEnergyDensity[i], log10Energy: m.log10Energy[i], sinDec: m.sinDec[i], energy: energy)
                        : m.dataEnergyRatio[i]
                    x[i] = (x[i] - m.scrambledSignal[i]) * (e / spatial.density(sinDec: m.sinDec[i])) / total
                }
            }
            for (k, ev) in inj.enumerated() {
                let r = Self.energyOverSpatial(signalEnergy: injSE[k], log10Energy: ev.log10Energy, sinDec: injSinDec[k],
                                               energy: energy, spatial: spatial)
                let tilde = Self.interpolate(m.ringAverages[injBand[k]], sigmaGrid: sigmaGrid, sigma: ev.angularError,
                                             at: Self.decGridPosition(ev.dec, nside: template.nside))
                x[m.totalEvents + k] = (x[m.totalEvents + k] - tilde) * r / total
            }
        }
    }

    /// Up to this many trials' data events (summed over trials) are looked up together (`batchedTrials`;
    /// 16 trials of IC40's 36.9k events: 9.4 MB of scratch for their right ascensions and values;
    /// 16 rather than 8: −1% to +29% trials/s in 6 alternating pairs of runs at load 6-7, +10% on average).
    static let batchEvents = 640_000

    /// `count` trials with the `.lookup` kernel, in batches of trials whose data events are looked up together
    /// block by block (`signalDensities`): a block's stretch of the maps and its per-event tables are then
    /// read from memory once per batch, not once per trial. Every random number is drawn in the order the
    /// trials draw them one after another (each trial's right ascensions, then its injected events), so the
    /// fits are those of `trialTerms` one trial at a time, bit for bit.
    func batchedTrials<G: RandomNumberGenerator>(count: Int, injectMean: Double, injection: SignalInjector.Model,
                                                 using g: inout G) -> [TemplateFit] {
        let events = models.reduce(0) { $0 + $1.totalEvents }
        let batch = max(1, min(16, Self.batchEvents / max(1, events)))
        let fused = fusedTerms(injectMean: injectMean, kernel: .lookup)
        // Where season j's right ascensions of a batch's trial t start in the batch's buffer.
        let seasonStart = models.indices.map { j in models[..<j].reduce(0) { $0 + $1.totalEvents } }
        var fits: [TemplateFit] = []
        fits.reserveCapacity(count)
        // The batch's right ascensions, then its values, [trial][season] in look-up order.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * batch * events) { scratch in
            var done = 0
            while done < count {
                let size = min(batch, count - done)
                func ra(_ t: Int, _ j: Int) -> UnsafeMutableBufferPointer<Double> {
                    UnsafeMutableBufferPointer(rebasing: scratch[(t * events + seasonStart[j])..<(t * events + seasonStart[j] + models[j].totalEvents)])
                }
                func values(_ t: Int, _ j: Int) -> UnsafeMutableBufferPointer<Double> {
                    let start = (batch + t) * events + seasonStart[j]
                    return UnsafeMutableBufferPointer(rebasing: scratch[start..<(start + models[j].totalEvents)])
                }
                // Every draw of the batch, in the order of the trials one after another: each trial's right
                // ascensions (look-up order) and injected events, season by season.
                var injected: [[InjectedEvents]] = []
                for t in 0..<size {
                    injected.append(models.indices.map { j in
                        drawRightAscensions(models[j], scramble: true, into: ra(t, j), using: &g)
                        return drawInjected(season: j, mean: injectMean, injection: injection, using: &g)
                    })
                }
                // [trial][season] densities (or terms), the batch's trials looked up together.
                var terms = [[[Double]]](repeating: [], count: size)
                for (j, m) in models.enumerated() {
                    signalDensities(m, rightAscensions: (0..<size).map { UnsafeBufferPointer(ra($0, j)) }, into: (0..<size).map { values($0, j) },
                                    terms: fused)
                    for t in 0..<size {
                        terms[t].append([Double](unsafeUninitializedCapacity: m.totalEvents + 64) { x, n in
                            eventOrder(m, UnsafeBufferPointer(values(t, j)), into: x); n = m.totalEvents
                        })
                    }
                }
                for t in 0..<size {
                    for j in models.indices { finishTerms(season: j, &terms[t][j], injected: injected[t][j], fused: fused, kernel: .lookup) }
                    fits.append(fit(terms: terms[t], injected: injected[t].reduce(0) { $0 + $1.events.count }, kernel: .lookup))
                }
                done += size
            }
        }
        return fits
    }

    /// Maximum-likelihood ns >= 0 (log Lambda is concave in ns; safeguarded Newton) and
    /// TS = 2 log Lambda. ns is kept below the first pole of log Lambda (1 + ns f_j X_ij > 0 for
    /// every event; with signal subtraction X can be negative, i.e. B_i >= 0) and below N.
    func fit(terms: [[Double]], injected: Int, kernel: TrialKernel = .lookup) -> TemplateFit {
        let f = seasonShares
        let maximizer = ConcaveMaximizer1D(tolerance: 1e-10)
        let ns: Double
        switch kernel {
        case .lookup:
            // One pass for the ceiling and the first evaluation (at nₛ = 0), the only one of about half
            // the background trials.
            let first = Self.firstPass(terms: terms, shares: f)
            let upper = nsCeiling(minima: first.minima)
            ns = maximizer.maximize(lower: 0, upper: upper, start: min(10, 0.5 * upper)) {
                $0 == 0 ? first.atZero : Self.derivatives(ns: $0, terms: terms, shares: f)
            }.x
        case .perEvent:
            let upper = nsCeiling(minima: terms.map { $0.min() ?? 0 })
            ns = maximizer.maximize(lower: 0, upper: upper, start: min(10, 0.5 * upper)) { ns in
                var g1 = 0.0, g2 = 0.0
                for j in terms.indices {
                    for x in terms[j] { let q = x / (1 + ns * f[j] * x); g1 += f[j] * q; g2 -= f[j] * f[j] * q * q }
                }
                return (g1, g2)
            }.x
        }
        return TemplateFit(ns: ns, ts: ns > 0 ? max(0, Self.testStatistic(ns: ns, terms: terms, shares: f)) : 0, injected: injected)
    }

    /// d log Λ / d nₛ and d² log Λ / d nₛ² at `ns`: Σⱼ Σᵢ fⱼ qᵢⱼ and −Σⱼ Σᵢ fⱼ² qᵢⱼ², qᵢⱼ = Xᵢⱼ / (1 + nₛ fⱼ Xᵢⱼ),
    /// summed in event order. At nₛ = 0, qᵢⱼ = Xᵢⱼ exactly, and the division is skipped (the fit's first
    /// evaluation, and its last for the half of background trials that end at nₛ = 0).
    static func derivatives(ns: Double, terms: [[Double]], shares f: [Double]) -> (Double, Double) {
        var g1 = 0.0, g2 = 0.0
        for j in terms.indices {
            let fj = f[j], ff = f[j] * f[j], a = ns * f[j]
            terms[j].withUnsafeBufferPointer { x in
                if ns == 0 {
                    for i in x.indices { let q = x[i]; g1 += fj * q; g2 -= ff * q * q }
                } else {
                    // The quotients of a block first (a loop the compiler vectorises: the same quotients), then
                    // the sums one by one in event order: the divider no longer holds up the sums' chain.
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: 256) { q in
                        for block in stride(from: 0, to: x.count, by: 256) {
                            let n = min(256, x.count - block)
                            var k = 0
                            while k + 4 <= n {   // 4 quotients per SIMD division (the same quotients)
                                let v = SIMD4(x[block + k], x[block + k + 1], x[block + k + 2], x[block + k + 3]), r = v / (1 + a * v)
                                q[k] = r[0]; q[k + 1] = r[1]; q[k + 2] = r[2]; q[k + 3] = r[3]
                                k += 4
                            }
                            while k < n { let v = x[block + k]; q[k] = v / (1 + a * v); k += 1 }
                            for k in 0..<n { g1 += fj * q[k]; g2 -= ff * q[k] * q[k] }
                        }
                    }
                }
            }
        }
        return (g1, g2)
    }

    /// One pass over a trial's terms: each season's smallest Xᵢⱼ (0 for none; as `Array.min()`) and
    /// `derivatives(ns: 0, ...)`, the same sums in the same order.
    static func firstPass(terms: [[Double]], shares f: [Double]) -> (minima: [Double], atZero: (Double, Double)) {
        var g1 = 0.0, g2 = 0.0, minima: [Double] = []
        for j in terms.indices {
            let fj = f[j], ff = f[j] * f[j]
            minima.append(terms[j].withUnsafeBufferPointer { x in
                guard var least = x.first else { return 0 }
                for i in x.indices {
                    let q = x[i]
                    if q < least { least = q }
                    g1 += fj * q; g2 -= ff * q * q
                }
                return least
            })
        }
        return (minima, (g1, g2))
    }

    /// The largest nₛ the likelihood allows: below the first pole of log Λ (1 + nₛ fⱼ Xᵢⱼ > 0) and below N,
    /// from each season's smallest Xᵢⱼ.
    func nsCeiling(minima: [Double]) -> Double {
        var upper = 0.999 * Double(models.map(\.totalEvents).min()!)
        for j in minima.indices where minima[j] < 0 { upper = min(upper, 0.999 / (seasonShares[j] * -minima[j])) }
        return upper
    }

    /// TS(nₛ) = 2 log Λ(nₛ) = 2 Σⱼ Σᵢ log(1 + nₛ fⱼ Xᵢⱼ), not maximised.
    static func testStatistic(ns: Double, terms: [[Double]], shares f: [Double]) -> Double {
        var logLambda = 0.0
        for j in terms.indices { for x in terms[j] { logLambda += log1p(ns * f[j] * x) } }
        return 2 * logLambda
    }

    /// Fit on the real events.
    public func fitData() -> TemplateFit {
        var g = NoRandomness()   // nothing is scrambled or injected
        let t = trialTerms(scramble: false, injectMean: 0, injection: .instrumentResponse, using: &g)
        return fit(terms: t.terms, injected: 0)
    }

    /// `count` trials (RA-scrambled data plus optional Poisson(injectMean) template signal events),
    /// all drawn from `g` (the caller's trial chunk generator, see FolioRunner's `TrialChunk`).
    /// `kernel`: `.lookup` (default) or `.perEvent`, the implementation it replaced (same results; see `TrialKernel`).
    /// Pre-specialised for the runner's generator: callers in other modules would otherwise run the
    /// generic code, with a protocol call for each of a trial's ~37k random numbers.
    @_specialize(exported: true, where G == Xoshiro256StarStar)
    public func trials<G: RandomNumberGenerator>(count: Int, injectMean: Double = 0, injection: SignalInjector.Model = .instrumentResponse,
                                                 kernel: TrialKernel = .lookup, using g: inout G) -> [TemplateFit] {
        if kernel == .lookup { return batchedTrials(count: count, injectMean: injectMean, injection: injection, using: &g) }
        return (0..<count).map { _ in
            let t = trialTerms(scramble: true, injectMean: injectMean, injection: injection, kernel: kernel, using: &g)
            return fit(terms: t.terms, injected: t.injected, kernel: kernel)
        }
    }

    /// How a trial computes its data events' signal densities and its fit's sums. Both give the same
    /// numbers, bit for bit (`TemplateTrialKernelTests`); `.perEvent` is kept as that check and as the
    /// baseline of `Benchmarks/likelihood/template.sh`.
    public enum TrialKernel: Sendable {
        /// Precomputed per-event tables visited in declination order, inlined pixel look-up, σ maps
        /// interleaved per pixel, no division in the fit's sums at nₛ = 0 (`SignalLookup`, `derivatives`).
        case lookup
        /// Event by event: libchealpix's pixel look-up, the σ-grid search and the map reads in event order.
        case perEvent
    }

    /// Template flux normalisation (per unit of the template's values) giving `ns` expected events.
    public func normalisation(ns: Double) -> Double { ns / signalYield }

    /// The all-sky flux dN/dE (GeV⁻¹ cm⁻² s⁻¹, per the template's values' unit and flavour) at `energyGeV`
    /// of the template normalised to `ns` expected events: Σ_q T(q) (E/1 TeV)^−γ_q ΔΩ × ns / yield, with
    /// each pixel's own index class (`indexClass`; the values being the flux at 1 TeV).
    public func allSkyFlux(ns: Double, energyGeV: Double) -> Double {
        let x = energyGeV / 1000
        let sum: Double
        if let pixelClass {
            sum = template.values.indices.reduce(0) { $0 + template.values[$1] * pow(x, -classGammas[pixelClass[$1]]) }
        } else {
            sum = template.values.reduce(0, +) * pow(x, -gamma)
        }
        return normalisation(ns: ns) * sum * template.pixelArea
    }
}

/// Result of a template fit: ns >= 0 and TS = 2 log Lambda(ns).
public struct TemplateFit: Sendable, Equatable, Codable {
    public var ns: Double
    public var ts: Double
    public var injected: Int
}

import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

/// The injection-bias study behind the numbers in Sources/FolioIceCube/README.md. Not a test (it
/// asserts nothing and takes minutes): runs only with FOLIO_BIAS_STUDY=1 and prints a table.
@Suite(.enabled(if: TestData.available && ProcessInfo.processInfo.environment["FOLIO_BIAS_STUDY"] == "1"))
struct BiasStudy {
    static let trials = Int(ProcessInfo.processInfo.environment["FOLIO_BIAS_TRIALS"] ?? "1000")!

    static func summary(_ label: String, _ diff: [Double], scale: Double) {
        let n = Double(diff.count), mean = diff.reduce(0, +) / n
        let se = (diff.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / n).squareRoot()
        let median = diff.sorted()[diff.count / 2]
        let line = String(format: "STUDY %@ n=%d mean=%+.3f se=%.3f (%.1f se) rel=%+.2f%% median=%+.3f", label, diff.count, mean, se,
                          mean / se, 100 * mean / scale, median)
        FileHandle.standardError.write(Data((line + "\n").utf8))  // unbuffered, so long runs show progress
    }

    /// Point source: model- and IRF-injection with gamma free and fixed, and background-only
    /// trials with ns unconstrained (gamma fixed at 2) to measure the additive offset from the
    /// data-driven background PDFs.
    @Test func pointSource() throws {
        let data = try #require(TestData.ic40)
        let n = Self.trials
        for dec in [-30.0, 0, 30, 60] {
            let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: dec))
            var fixed = ana.likelihood; fixed.gammaBounds = 1.9999...2.0001
            for mean in [30.0, 100.0] {
                for model in [SignalInjector.Model.likelihoodModel, .instrumentResponse, .instrumentResponseModelPSF] {
                    let tag = "ps dec=\(dec) inj=\(mean) \(model)"
                    let free = ana.parallelTrials(seed: 77, count: n, chunkSize: 100, injectMean: mean, injectGamma: 2, injection: model)
                    Self.summary(tag + " gammaFree", free.map { $0.ns - Double($0.injected) }, scale: mean)
                    let g = free.map(\.gamma); print("STUDY   mean gamma \(g.reduce(0, +) / Double(n))")
                    var rng = Xoshiro256StarStar(seed: 78)
                    let fx = (0..<n).map { _ in
                        fixed.fit(ana.trialData(scramble: true, injectMean: mean, gamma: 2, injection: model, using: &rng))
                    }
                    Self.summary(tag + " gammaFixed", fx.map { $0.ns - Double($0.injected) }, scale: mean)
                }
            }
            // Background only, gamma = 2 fixed, ns free of sign: E[ns] = 0 if the PDFs describe the
            // background.
            var rng = Xoshiro256StarStar(seed: 79)
            let offsets = (0..<n).map { _ in Self.unconstrainedNs(ana, ana.trialData(scramble: true, injectMean: 0, gamma: 2, using: &rng)) }
            Self.summary("ps dec=\(dec) background unconstrained-ns", offsets, scale: 1)
        }
    }

    /// ns maximising log Lambda at gamma = 2 with ns allowed negative (down to the pole).
    static func unconstrainedNs(_ ana: PointSourceAnalysis, _ data: TrialData) -> Double {
        let llh = ana.likelihood
        let w = llh.weights(gamma: 2)
        let terms = llh.eventTerms(data, gamma: 2, sourceShares: w.source)
        var lower = -1e9
        for j in terms.indices { if let mx = terms[j].x.max(), mx > 0 { lower = max(lower, -0.999 / (w.season[j] * mx)) } }
        func d(_ ns: Double) -> (Double, Double) {
            var g1 = 0.0, g2 = 0.0
            for j in terms.indices {
                let f = w.season[j], n = data.seasons[j].totalEvents, rest = n - Double(data.seasons[j].selectedCount)
                for x in terms[j].x { let q = x / (1 + ns * f * x); g1 += f * q; g2 -= f * f * q * q }
                g1 -= f * rest / (n - ns * f); g2 -= f * f * rest / ((n - ns * f) * (n - ns * f))
            }
            return (g1, g2)
        }
        return ConcaveMaximizer1D(tolerance: 1e-10).maximize(lower: lower, upper: 500, start: 0, derivatives: d).x
    }
}

extension BiasStudy {
    /// Broad templates: background TS distribution and injection recovery, both background
    /// models, both injection models.
    @Test func templates() throws {
        let data = try #require(TestData.ic40)
        let n = Self.trials
        let mean = Double(ProcessInfo.processInfo.environment["FOLIO_BIAS_TEMPLATE_MEAN"] ?? "150")!
        let nside = Int(ProcessInfo.processInfo.environment["FOLIO_BIAS_NSIDE"] ?? "16")!
        let models: [TemplateAnalysis.BackgroundModel] = ProcessInfo.processInfo.environment["FOLIO_BIAS_SIGSUB_ONLY"] == "1"
            ? [.signalSubtracted] : [.signalSubtracted, .dataBackground]
        for (name, t) in [("plane", BroadTemplates.plane(nside: nside)), ("pi0", BroadTemplates.pi0(nside: nside))] {
            for bm in models {
                let start = Date()
                let ana = try TemplateAnalysis(dataset: data, template: t, gamma: 2.7, sigmaGridPoints: 6, backgroundModel: bm)
                let tag = "tpl nside=\(nside) \(name) \(bm == .signalSubtracted ? "sigsub" : "plain")"
                let bkg = ana.parallelTrials(seed: 5, count: n, chunkSize: 50)
                let ts = bkg.map(\.ts).sorted()
                FileHandle.standardError.write(Data("STUDY \(tag) bkg n=\(n) zeroFrac=\(Double(ts.filter { $0 <= 0 }.count) / Double(n)) median=\(ts[n / 2]) p90=\(ts[9 * n / 10]) meanNs=\(bkg.map(\.ns).reduce(0, +) / Double(n))  data=\(ana.fitData())\n".utf8))
                for model in [SignalInjector.Model.likelihoodModel, .instrumentResponse] {
                    let fits = ana.parallelTrials(seed: 6, count: n, chunkSize: 50, injectMean: mean, injection: model)
                    Self.summary(tag + " inj=\(mean) \(model == .likelihoodModel ? "model" : "irf")", fits.map { $0.ns - Double($0.injected) }, scale: mean)
                }
                print("STUDY \(tag) seconds \(Date().timeIntervalSince(start))")
            }
        }
    }
}

extension BiasStudy {
    /// Point source, signal contamination of the data-driven background PDFs: the same
    /// model-injection trials, once with B from the data alone (the engine's trials) and once with
    /// B rebuilt from data + injected events (as it would be if the data contained the signal).
    @Test func pointSourceContamination() throws {
        let data = try #require(TestData.ic40)
        let n = Self.trials
        for dec in [-30.0, 0, 30, 60] {
            for mean in [30.0, 100.0] {
                let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: dec))
                var g1 = Xoshiro256StarStar(seed: 81), g2 = Xoshiro256StarStar(seed: 81)
                var clean: [Double] = [], dirty: [Double] = []
                for _ in 0..<n {
                    let a = Self.trial(ana, data.seasons[0], mean: mean, contaminate: false, using: &g1)
                    let b = Self.trial(ana, data.seasons[0], mean: mean, contaminate: true, using: &g2)
                    let fa = ana.likelihood.fit(a), fb = ana.likelihood.fit(b)
                    clean.append(fa.ns - Double(fa.injected)); dirty.append(fb.ns - Double(fb.injected))
                }
                Self.summary("ps dec=\(dec) inj=\(mean) model B=data", clean, scale: mean)
                Self.summary("ps dec=\(dec) inj=\(mean) model B=data+signal", dirty, scale: mean)
                Self.summary("ps dec=\(dec) inj=\(mean) model shift (paired)", zip(dirty, clean).map { $0 - $1 }, scale: mean)
            }
        }
    }

    /// One model-injection trial (single source, one season), B from the data or from data + signal.
    static func trial<G: RandomNumberGenerator>(_ ana: PointSourceAnalysis, _ season: SeasonData, mean: Double, contaminate: Bool,
                                                using g: inout G) -> TrialData {
        let m = ana.likelihood.models[0], ev = season.events
        let k = GammaGrid.nearestIndex(2)
        let sampler = EnergySampler(m.signalEnergy[0][k]), cum = m.injectors[0].energyCumulative(gamma: 2)
        let inj = (0..<g.poisson(mean: mean)).map { _ in
            m.injectors[0].draw(energyCumulative: cum, model: .likelihoodModel, energySampler: sampler, angularErrors: m.angularErrorTable, using: &g)
        }
        let logE = ev.log10Energy + (contaminate ? inj.map(\.log10Energy) : [])
        let sinDec = ev.sinDec + (contaminate ? inj.map { sin($0.dec) } : [])
        let bE = BackgroundEnergyPDF(log10Energy: logE, sinDec: sinDec, log10EnergyEdges: season.season.log10EnergyBinEdges,
                                     sinDecEdges: season.season.sinDecBinEdges)
        let bS = try! BackgroundSpatialPDF(sinDec: sinDec, sinDecEdges: season.season.sinDecBinEdges)
        var s = TrialData.SeasonEvents(totalEvents: Double(ev.count + inj.count))
        let src = m.sources[0]
        func add(ra: Double, dec: Double, sigma: Double, log10Energy: Double) {
            guard m.inBox(0, ra: ra, dec: dec) else { return }
            let psi = RayleighSignalSpatialPDF.angularDistance(ra1: src.ra, dec1: src.dec, ra2: ra, dec2: dec)
            s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: sigma) / bS.density(sinDec: sin(dec)))
            s.energyRatio.append(contentsOf: SeasonSourceModel.energyRatioRow(signal: m.signalEnergy, background: bE,
                                                                              log10Energy: log10Energy, sinDec: sin(dec)))
            s.selectedCount += 1
        }
        for i in 0..<ev.count where ev.dec[i] > m.decWindow[0].0 && ev.dec[i] < m.decWindow[0].1 {
            add(ra: g.uniform(0, 2 * .pi), dec: ev.dec[i], sigma: ev.angularError[i], log10Energy: ev.log10Energy[i])
        }
        for e in inj { add(ra: e.ra, dec: e.dec, sigma: e.angularError, log10Energy: e.log10Energy) }
        return TrialData(seasons: [s], injectedSignal: inj.count)
    }
}

extension BiasStudy {
    /// Point source, model injection into a background simulated from the likelihood's own
    /// background PDFs (sin Dec from B_spatial within the declination band, log10 E from
    /// B_E(. | sin Dec), AngErr from data at similar energy, RA uniform) instead of scrambled data:
    /// a fully specified model, so any remaining bias is the small-sample bias of the fit itself.
    @Test func pointSourceSimulatedBackground() throws {
        let data = try #require(TestData.ic40)
        let n = Self.trials
        for dec in [-30.0, 60] {
            let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: dec))
            let sim = SimulatedBackground(ana.likelihood.models[0], season: data.seasons[0])
            for mean in [30.0] {
                var g = Xoshiro256StarStar(seed: 91)
                let fits = (0..<n).map { _ in ana.likelihood.fit(sim.trial(mean: mean, using: &g)) }
                Self.summary("ps dec=\(dec) inj=\(mean) model simulatedBkg", fits.map { $0.ns - Double($0.injected) }, scale: mean)
            }
        }
    }
}

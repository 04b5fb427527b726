import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

@Suite(.enabled(if: TestData.available)) struct LikelihoodTests {
    static let txs = SkyDirection(raDegrees: 77.36, decDegrees: 5.69)

    /// Reference fits from SkyLLH 26.1.0 on the same files (IC40 real events/uptime/effective area,
    /// SYNTHETIC stand-in smearing), made with `Tests/CrossCheck/run.sh` (which runs
    /// `Tests/CrossCheck/skyllh_fits.py`) on 2026-11-27. Positions with ns > 0 only: at ns = 0 the
    /// likelihood does not depend on gamma, so gamma is arbitrary there (SkyLLH reports 4.0).
    static let skyllh: [(ra: Double, dec: Double, ts: Double, ns: Double, gamma: Double)] = [
        (77.36, 5.69, 3.445170625965521, 1.0251326552765911, 1.7990272326687955),   // TXS 0506+056
        (40.67, -0.01, 0.22906655890262018, 1.3041645701512008, 3.037132595469367),  // NGC 1068
        (125.0, -45.0, 0.7619449571061927, 1.9892577816561698, 3.74218313778585),
        (325.0, 15.0, 3.4006800201472807, 5.2703055655305695, 3.90660915561873),
        (345.0, 30.0, 4.181039957797662, 4.28509008870802, 3.0913250830393273),
        (45.0, 45.0, 5.129799118898556, 3.15070419342337, 2.191532782655287),
        (145.0, 60.0, 4.479840398743347, 5.206005232606061, 4.0),
    ]

    @Test func agreesWithSkyLLHWithinOnePercent() throws {
        let data = try #require(TestData.ic40)
        for ref in Self.skyllh {
            let fit = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: ref.ra, decDegrees: ref.dec)).fitData()
            #expect(abs(fit.ts / ref.ts - 1) < 0.01, "TS at \(ref.ra),\(ref.dec): \(fit.ts) vs \(ref.ts)")
            #expect(abs(fit.ns / ref.ns - 1) < 0.01, "ns at \(ref.ra),\(ref.dec): \(fit.ns) vs \(ref.ns)")
            #expect(abs(fit.gamma / ref.gamma - 1) < 0.01, "gamma at \(ref.ra),\(ref.dec): \(fit.gamma) vs \(ref.gamma)")
        }
    }

    /// Analytic gradient of log Lambda against central finite differences (h = 1e-6 in ns,
    /// 1e-6 in gamma, away from the parabola switch points at grid midpoints).
    @Test func gradientMatchesFiniteDifferences() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: Self.txs)
        let trial = ana.observedData()
        let llh = ana.likelihood
        for (ns, gamma) in [(0.5, 1.52), (3.0, 2.23), (12.0, 3.31)] {
            let g = llh.logLambda(trial, ns: ns, gamma: gamma)
            let h = 1e-6
            let dns = (llh.logLambda(trial, ns: ns + h, gamma: gamma).value - llh.logLambda(trial, ns: ns - h, gamma: gamma).value) / (2 * h)
            let dg = (llh.logLambda(trial, ns: ns, gamma: gamma + h).value - llh.logLambda(trial, ns: ns, gamma: gamma - h).value) / (2 * h)
            #expect(abs(g.dns - dns) < 1e-6 * max(1, abs(dns)))
            #expect(abs(g.dgamma - dg) < 1e-5 * max(1, abs(dg)))
        }
    }

    /// The profile fit is the maximum: no point on a (ns, gamma) grid beats it.
    @Test func fitIsTheMaximumOnAGrid() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: Self.txs)
        let trial = ana.observedData()
        let fit = ana.likelihood.fit(trial)
        var best = -Double.infinity
        for i in 0...40 { for j in 0...30 {
            best = max(best, ana.likelihood.logLambda(trial, ns: Double(i) * 0.25, gamma: 1 + Double(j) * 0.1).value)
        } }
        #expect(fit.ts / 2 >= best - 1e-9)
    }

    /// A chunk is a pure function of (analysis, seed, chunk): same inputs, same fits, in
    /// parallel or serially; another chunk gives other trials.
    @Test func trialsAreDeterministicPerChunk() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: Self.txs)
        let a = ana.trials(seed: 5, chunk: 3, count: 20)
        #expect(a == ana.trials(seed: 5, chunk: 3, count: 20))
        #expect(a != ana.trials(seed: 5, chunk: 4, count: 20))
        let serial = ana.parallelTrials(seed: 9, count: 60, chunkSize: 20, threads: 1)
        #expect(serial == ana.parallelTrials(seed: 9, count: 60, chunkSize: 20))
        #expect(Array(serial[20..<40]) == ana.trials(seed: 9, chunk: 1, count: 20))
    }

    /// Background trials: about half the fits end at ns = 0 and none has negative TS.
    @Test func backgroundTrialsLookLikeBackground() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: Self.txs)
        let fits = ana.parallelTrials(seed: 1, count: 400, chunkSize: 100)
        #expect(fits.allSatisfy { $0.ts >= 0 && $0.ns >= 0 && $0.injected == 0 })
        let zero = Double(fits.filter { $0.ts <= 1e-6 }.count) / 400
        #expect(zero > 0.3 && zero < 0.7)
        let dist = BackgroundTSDistribution(trials: fits.map(\.ts))
        #expect(dist.significance(of: 100).pValue < 1e-10)
    }

    /// Injection-recovery of the fit itself, with a fully specified model: background simulated
    /// from the likelihood's own background PDFs (`SimulatedBackground`: sin Dec from B_spatial,
    /// log10 E from B_E, AngErr from data at similar energy, RA uniform) plus Poisson(30) E^-2
    /// events from its signal model, at Dec -30 deg (where the same injection into scrambled data
    /// is biased by -0.33 +- 0.08 events, see the README). 600 trials: the mean of
    /// (fitted ns - injected) is zero within 3 standard errors (0.1 events).
    @Test func injectionIntoModelBackgroundIsUnbiased() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: -30))
        let sim = SimulatedBackground(ana.likelihood.models[0], season: data.seasons[0])
        var g = Xoshiro256StarStar(seed: 92)
        let fits = (0..<600).map { _ in ana.likelihood.fit(sim.trial(mean: 30, using: &g)) }
        let (bias, standardError) = Self.bias(fits)
        #expect(abs(bias) < 3 * standardError, "bias \(bias) +- \(standardError)")
    }

    /// Model injection into RA-scrambled data at Dec 30 deg (300 trials). Tolerance 2% of the
    /// injected mean (0.6 events), not "within the standard error": the data-driven background
    /// PDFs (3-bin smoothed energy histogram, log-spline in sin Dec) do not describe the events they
    /// were built from exactly, which moves ns by -0.45 ... +0.45 events across declinations (1000
    /// trials each, +-0.1; README), and the fit has a small-sample bias of up to +0.3 events with
    /// gamma free. gamma is recovered.
    @Test func injectionFromTheModelIsRecoveredWithinTheDocumentedTolerance() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: 30))
        let n = 300
        let fits = ana.parallelTrials(seed: 2024, count: n, chunkSize: 50, injectMean: 30, injectGamma: 2, injection: .likelihoodModel)
        let (bias, standardError) = Self.bias(fits)
        #expect(abs(bias) < 0.6 && standardError < 0.25, "bias \(bias) +- \(standardError)")
        let gamma = fits.map(\.gamma).reduce(0, +) / Double(n)
        #expect(abs(gamma - 2) < 0.1)
    }

    /// Injection from the instrument response (the SYNTHETIC stand-in smearing matrix): the PDFs
    /// describe the IRFs only approximately, so ns is biased by -4% ... +6% across declinations
    /// (1000 trials each, README): at Dec 30 the whole -1.4% is the PSF model (psi is Rayleigh in
    /// the true resolution in the stand-in, of which AngErr is a noisy estimate; drawing psi
    /// Rayleigh in AngErr instead gives +0.4 +- 0.3%); at Dec -30 the energy PDF construction
    /// dominates (+7%). SkyLLH shows the same pattern on these files. Guard: |bias| < 8%.
    @Test(arguments: [-30.0, 30, 60]) func injectionFromTheIRFsIsRecoveredWithinAFewPercent(_ dec: Double) throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: SkyDirection(raDegrees: 77.36, decDegrees: dec))
        let fits = ana.parallelTrials(seed: 2025, count: 200, chunkSize: 50, injectMean: 30, injectGamma: 2)
        let (bias, _) = Self.bias(fits)
        #expect(abs(bias) < 0.08 * 30, "bias \(bias) at Dec \(dec)")
        let meanGamma: Double = fits.map(\.gamma).reduce(0, +) / 200
        #expect(abs(meanGamma - 2) < 0.2)
    }

    static func bias(_ fits: [PointSourceFit]) -> (mean: Double, standardError: Double) {
        let diff = fits.map { $0.ns - Double($0.injected) }, n = Double(diff.count)
        let mean = diff.reduce(0, +) / n
        let sd = (diff.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        return (mean, sd / n.squareRoot())
    }

    /// ns <-> flux: the flux of ns events gives back ns expected events; E^2 dN/dE scales as
    /// E^(2-gamma).
    @Test func fluxConversionRoundTrips() throws {
        let data = try #require(TestData.ic40)
        let ana = try PointSourceAnalysis(dataset: data, source: Self.txs)
        let flux = ana.flux(ns: 10, gamma: 2)
        #expect(abs(ana.expectedSignal(flux) - 10) < 1e-9)
        #expect(abs(flux.e2dNdE(atTeV: 100) / flux.e2dNdE(atTeV: 1) - 1) < 1e-12)
        let soft = ana.flux(ns: 10, gamma: 3)
        #expect(abs(soft.e2dNdE(atTeV: 100) / soft.e2dNdE(atTeV: 1) - 0.01) < 1e-12)
        // IC40, E^-2, 1 year: order 1e-11 TeV cm^-2 s^-1 for 10 events near the horizon.
        #expect(flux.e2dNdE(atTeV: 1) > 1e-13 && flux.e2dNdE(atTeV: 1) < 1e-9)
    }

    /// Stacking with one source equals the point-source fit; two sources give one common ns.
    @Test func stackingReducesToPointSource() throws {
        let data = try #require(TestData.ic40)
        let single = try PointSourceAnalysis(dataset: data, source: Self.txs).fitData()
        let stacked1 = try PointSourceAnalysis(dataset: data, catalogue: [Self.txs], weights: [3]).fitData()
        #expect(abs(single.ts - stacked1.ts) < 1e-9 && abs(single.ns - stacked1.ns) < 1e-9)
        let two = try PointSourceAnalysis(dataset: data, catalogue: [Self.txs, SkyDirection(raDegrees: 40.67, decDegrees: -0.01)],
                                          weights: [1, 1])
        let fit = two.fitData()
        #expect(fit.ts >= 0 && fit.ns >= 0)
        #expect(two.signalYield(gamma: 2) > 0)
    }

    /// Season combination: the same season entered twice must give ns_j = ns f_j with f_j = 1/2,
    /// i.e. log Lambda_2(ns) = 2 log Lambda_1(ns / 2): twice the ns and twice the TS, same gamma.
    @Test func seasonsCombineWithNsSplitByAcceptance() throws {
        let data = try #require(TestData.ic40)
        let season = try SeasonSourceModel(data: data.seasons[0], sources: [Self.txs])
        let one = PointSourceLikelihood(models: [season], sourceWeights: [1])
        let two = PointSourceLikelihood(models: [season, season], sourceWeights: [1])
        #expect(two.weights(gamma: 2.5).season == [0.5, 0.5])
        let single = try PointSourceAnalysis(dataset: data, source: Self.txs).observedData()
        let doubled = TrialData(seasons: single.seasons + single.seasons)
        let f1 = one.fit(single), f2 = two.fit(doubled)
        #expect(abs(f2.ns / f1.ns - 2) < 1e-6 && abs(f2.ts / f1.ts - 2) < 1e-6 && abs(f2.gamma - f1.gamma) < 1e-3)
        let l1 = one.logLambda(single, ns: 1.3, gamma: 2.2), l2 = two.logLambda(doubled, ns: 2.6, gamma: 2.2)
        #expect(abs(l2.value - 2 * l1.value) < 1e-12)
    }

    /// With two sources and two different seasons' shares the gamma-gradient includes the
    /// derivative of the acceptance shares; check it against finite differences.
    @Test func stackingGradientIncludesAcceptanceShares() throws {
        let data = try #require(TestData.ic40)
        let catalogue = [Self.txs, SkyDirection(raDegrees: 80, decDegrees: -20)]
        let ana = try PointSourceAnalysis(dataset: data, catalogue: catalogue, weights: [1, 2])
        let trial = ana.observedData()
        let north = try SeasonSourceModel(data: data.seasons[0], sources: catalogue)
        let llh = PointSourceLikelihood(models: [north, north], sourceWeights: [1, 2])
        let doubled = TrialData(seasons: trial.seasons + trial.seasons)
        for (ns, gamma) in [(2.0, 1.72), (6.0, 2.83)] {
            let g = llh.logLambda(doubled, ns: ns, gamma: gamma)
            let h = 1e-6
            let dg = (llh.logLambda(doubled, ns: ns, gamma: gamma + h).value - llh.logLambda(doubled, ns: ns, gamma: gamma - h).value) / (2 * h)
            #expect(abs(g.dgamma - dg) < 1e-5 * max(1, abs(dg)), "\(g.dgamma) vs \(dg)")
        }
        // The in-season source shares do depend on gamma here (different declinations).
        let w1 = llh.weights(gamma: 1.5).source[0], w3 = llh.weights(gamma: 3.5).source[0]
        #expect(abs(w1[0] - w3[0]) > 1e-3)
    }
}

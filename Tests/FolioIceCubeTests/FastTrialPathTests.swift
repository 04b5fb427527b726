import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube

/// The point-source trial loop's fast paths (reused buffers, precomputed declination terms, the
/// one-source scramble loop, X_ij without dX_ij, memoised gammas, the ns = 0 shortcut, shares of
/// exactly 1) give the same bits as the plain computation they replaced, written out here.
@Suite(.enabled(if: TestData.available)) struct FastTrialPathTests {
    static let txs = SkyDirection(raDegrees: 77.36, decDegrees: 5.69)

    /// The trial data as `PointSourceAnalysis.trialData` built it before the fast paths: full
    /// haversine per selected event, rows appended one by one (scrambled background only).
    static func referenceTrialData(_ analysis: PointSourceAnalysis, using g: inout Xoshiro256StarStar) -> TrialData {
        var seasons: [TrialData.SeasonEvents] = []
        for m in analysis.likelihood.models {
            let k = m.sourceCount, rowLength = k * GammaGrid.count
            var s = TrialData.SeasonEvents(totalEvents: Double(m.totalEvents))
            for i in 0..<m.bandEventCount {
                let ra = g.uniform(0, 2 * .pi)
                guard (0..<k).contains(where: { m.inBox($0, ra: ra, dec: m.bandDec[i]) }) else { continue }
                for src in 0..<k {
                    let sd = sin(0.5 * (m.bandDec[i] - m.sources[src].dec)), sr = sin(0.5 * (ra - m.sources[src].ra))
                    let h = sd * sd + cos(m.sources[src].dec) * cos(m.bandDec[i]) * sr * sr
                    let psi = 2 * asin(min(1, h.squareRoot()))
                    s.spatialRatio.append(RayleighSignalSpatialPDF.density(psi: psi, sigma: m.bandSigma[i]) / m.bandBackgroundSpatial[i])
                }
                s.energyRatio.append(contentsOf: m.bandEnergyRatio[(i * rowLength)..<((i + 1) * rowLength)])
                s.selectedCount += 1
            }
            seasons.append(s)
        }
        return TrialData(seasons: seasons)
    }

    /// The profile as it was: `eventTerms` (allocating, with dX_ij), then the same Newton and sum.
    static func referenceProfile(_ llh: PointSourceLikelihood, _ data: TrialData, gamma: Double) -> (ns: Double, logLambda: Double) {
        let w = llh.weights(gamma: gamma)
        let terms = llh.eventTerms(data, gamma: gamma, sourceShares: w.source)
        let seasons = data.seasons
        func derivatives(_ ns: Double) -> (Double, Double) {
            var g1 = 0.0, g2 = 0.0
            for j in seasons.indices {
                let f = w.season[j], nsj = ns * f, n = seasons[j].totalEvents
                let rest = n - Double(seasons[j].selectedCount)
                for xi in terms[j].x {
                    let q = xi / (1 + nsj * xi)
                    g1 += f * q; g2 -= f * f * q * q
                }
                let d = n - nsj
                g1 -= f * rest / d; g2 -= f * f * rest / (d * d)
            }
            return (g1, g2)
        }
        let upper = min(llh.nsBounds.upperBound, 0.999 * seasons.map { $0.totalEvents }.min()!)
        let ns = ConcaveMaximizer1D(tolerance: 1e-9).maximize(lower: llh.nsBounds.lowerBound, upper: upper, start: 1,
                                                                derivatives: derivatives).x
        var value = 0.0
        for j in seasons.indices {
            let nsj = ns * w.season[j], n = seasons[j].totalEvents
            for xi in terms[j].x { value += log1p(nsj * xi) }
            value += (n - Double(seasons[j].selectedCount)) * log1p(-nsj / n)
        }
        return (ns, value)
    }

    static func referenceFit(_ llh: PointSourceLikelihood, _ data: TrialData) -> PointSourceFit {
        let result = BrentMinimizer(absoluteTolerance: 1e-4).minimizeScanned(
            lower: llh.gammaBounds.lowerBound, upper: llh.gammaBounds.upperBound, gridPoints: 13) { g in
            -referenceProfile(llh, data, gamma: g).logLambda
        }
        let best = referenceProfile(llh, data, gamma: result.x)
        if best.ns <= 0 { return PointSourceFit(ns: 0, gamma: result.x, ts: 0, injected: data.injectedSignal) }
        return PointSourceFit(ns: best.ns, gamma: result.x, ts: 2 * best.logLambda, injected: data.injectedSignal)
    }

    /// Bitwise equality of two fits (== on Double would also accept +0 for -0).
    static func sameBits(_ a: PointSourceFit, _ b: PointSourceFit) -> Bool {
        a.ns.bitPattern == b.ns.bitPattern && a.gamma.bitPattern == b.gamma.bitPattern
            && a.ts.bitPattern == b.ts.bitPattern && a.injected == b.injected
    }

    func check(_ analysis: PointSourceAnalysis, trials: Int, seed: UInt64) {
        var fast = Xoshiro256StarStar(seed: seed), reference = Xoshiro256StarStar(seed: seed)
        let fits = analysis.trials(count: trials, using: &fast)
        var positive = 0, shortcut = 0
        for (t, fit) in fits.enumerated() {
            let data = Self.referenceTrialData(analysis, using: &reference)
            let expected = Self.referenceFit(analysis.likelihood, data)
            #expect(Self.sameBits(fit, expected), "trial \(t): \(fit) vs \(expected)")
            #expect(Self.sameBits(analysis.likelihood.fit(data, shortcuts: false), expected), "trial \(t) without shortcuts")
            if expected.ns > 0 { positive += 1 }
            if analysis.likelihood.endsAtZeroEverywhere(data) { shortcut += 1; #expect(expected.ts == 0) }
        }
        // Both kinds of trial occur, so both paths were compared.
        #expect(positive > trials / 5, "\(positive) of \(trials) trials with ns > 0")
        if analysis.likelihood.sharesAreOne { #expect(shortcut > trials / 5, "shortcut in \(shortcut) of \(trials) trials") }
    }

    @Test func oneSourceTrialsKeepTheirBits() throws {
        let data = try #require(TestData.ic40)
        let analysis = try PointSourceAnalysis(dataset: data, source: Self.txs)
        #expect(analysis.likelihood.sharesAreOne)
        check(analysis, trials: 300, seed: 2026_12_02)
    }

    @Test func stackedTrialsKeepTheirBits() throws {
        let data = try #require(TestData.ic40)
        let analysis = try PointSourceAnalysis(dataset: data, catalogue: [Self.txs, SkyDirection(raDegrees: 40.67, decDegrees: -0.01)],
                                               weights: [1, 2])
        #expect(!analysis.likelihood.sharesAreOne)
        check(analysis, trials: 100, seed: 17)
    }

    /// `fill` reuses a trial's buffers: refilling gives the data a fresh `trialData` gives.
    @Test func refilledTrialDataEqualsFreshTrialData() throws {
        let data = try #require(TestData.ic40)
        let analysis = try PointSourceAnalysis(dataset: data, source: Self.txs)
        var a = Xoshiro256StarStar(seed: 5), b = Xoshiro256StarStar(seed: 5)
        var reused = TrialData(seasons: [])
        for _ in 0..<5 {
            analysis.fill(&reused, scramble: true, injectMean: 3, gamma: 2, injection: .instrumentResponse, using: &a)
            let fresh = analysis.trialData(scramble: true, injectMean: 3, gamma: 2, using: &b)
            #expect(reused.seasons.count == 1 && reused.injectedSignal == fresh.injectedSignal)
            #expect(reused.seasons[0].selectedCount == fresh.seasons[0].selectedCount)
            #expect(reused.seasons[0].spatialRatio == fresh.seasons[0].spatialRatio)
            #expect(reused.seasons[0].energyRatio == fresh.seasons[0].energyRatio)
        }
    }
}

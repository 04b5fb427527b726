import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

/// The template trial code (`TrialKernel.lookup`: per-event tables visited by declination, the data's
/// histogram counts reused with injected signal) gives the same fits, bit for bit, as the per-event
/// implementation it replaced (`.perEvent`), from the same generator: background and injected trials,
/// both background models, one spectrum and an energy-dependent (KRA-γ-like) template.
@Suite struct TemplateTrialKernelTests {
    static func band() -> SkyTemplate {
        SkyTemplate(nside: 16) { ra, dec in exp(-0.5 * pow((dec - 0.2) / 0.15, 2)) * (1 + cos(ra)) }
    }

    func expectSameTrials(_ analysis: TemplateAnalysis, injectMean: Double, count: Int = 12) {
        let fast = analysis.trials(seed: 5, chunk: 1, count: count, injectMean: injectMean, kernel: .lookup)
        let reference = analysis.trials(seed: 5, chunk: 1, count: count, injectMean: injectMean, kernel: .perEvent)
        #expect(fast == reference)
        // Not a comparison of zeros: some trials fit signal.
        #expect(fast.contains { $0.ns > 0 && $0.ts > 0 })
        if injectMean > 0 { #expect(fast.map(\.injected).reduce(0, +) > 0) }
    }

    @Test(.enabled(if: TestData.available)) func oneSpectrumGivesTheSameFitsAsThePerEventPath() throws {
        let data = try #require(TestData.ic40)
        let subtracted = try TemplateAnalysis(dataset: data, template: Self.band(), gamma: 2.7)
        expectSameTrials(subtracted, injectMean: 0)
        expectSameTrials(subtracted, injectMean: 0, count: 37)   // three batches of trials, the last one short
        expectSameTrials(subtracted, injectMean: 40)
        let plain = try TemplateAnalysis(dataset: data, template: Self.band(), gamma: 2.7, backgroundModel: .dataBackground)
        expectSameTrials(plain, injectMean: 40)
        // The fit on the data: terms and derivatives of both paths.
        var g = NoRandomness(), h = NoRandomness()
        let fast = subtracted.trialTerms(scramble: false, injectMean: 0, injection: .instrumentResponse, kernel: .lookup, using: &g)
        let slow = subtracted.trialTerms(scramble: false, injectMean: 0, injection: .instrumentResponse, kernel: .perEvent, using: &h)
        #expect(fast.terms == slow.terms)
        #expect(subtracted.fit(terms: fast.terms, injected: 0, kernel: .lookup) == subtracted.fit(terms: slow.terms, injected: 0, kernel: .perEvent))
    }

    @Test(.enabled(if: TestData.available)) func energyDependentTemplateGivesTheSameFitsAsThePerEventPath() throws {
        let data = try #require(TestData.ic40)
        let analysis = try TemplateAnalysis(dataset: data, template: EnergyDependentTemplateTests.twoDiscs(localIndex: true), gamma: 2.6)
        #expect(analysis.energyBandEdges.count > 1)
        expectSameTrials(analysis, injectMean: 0)
        expectSameTrials(analysis, injectMean: 30)
    }

    /// Many injected events (every sin Dec row and the smallest energy density change, the data's rows are
    /// all refitted) and the piecewise-constant energy PDF (`.histogram`, which evaluates no spline).
    @Test(.enabled(if: TestData.available)) func manyInjectedEventsAndHistogramEnergyPDFGiveTheSameFits() throws {
        let data = try #require(TestData.ic40)
        let subtracted = try TemplateAnalysis(dataset: data, template: Self.band(), gamma: 2.7)
        expectSameTrials(subtracted, injectMean: 400, count: 6)
        let histogram = try TemplateAnalysis(dataset: data, template: Self.band(), gamma: 2.7, backgroundEnergySmoothing: .histogram)
        expectSameTrials(histogram, injectMean: 40, count: 6)
        expectSameTrials(histogram, injectMean: 0, count: 6)
    }

    /// Smoothing several densities in one pass gives each the values it gets alone.
    @Test func smoothingBandsTogetherEqualsSmoothingEachAlone() {
        let t = Self.band()
        let other = t.values.indices.map { t.values[$0] * (1 + 0.5 * sin(Double($0))) }
        let sigmas = [0.01, 0.05, 0.2]
        let together = t.smoothed(bands: [t.values, other], sigmas: sigmas)
        #expect(together[0] == t.smoothed(t.values, sigmas: sigmas))
        #expect(together[1] == t.smoothed(other, sigmas: sigmas))
        #expect(together[1][2][100] != together[0][2][100])
    }
}

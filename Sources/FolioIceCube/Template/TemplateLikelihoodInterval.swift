import Foundation
import FolioStatistics

/// The likelihood interval of the template normalisation on the data: the nₛ where
/// TS(nₛ) = 2 log Λ(nₛ) lies within `deltaTS` of its maximum (ΔTS = 1: 68% CL for one parameter by
/// Wilks' theorem, as IceCube quotes the Galactic-plane flux). nₛ is the only free parameter, so
/// the profile is the likelihood itself. The lower end is 0 when TS(0) is already within reach.
public struct TemplateLikelihoodInterval: Sendable, Equatable {
    public var fit: TemplateFit
    public var lower: Double
    public var upper: Double
    /// True when the upper end hit the largest nₛ the likelihood allows (the interval is open).
    public var upperIsBound: Bool
    /// That largest nₛ (events): below the first pole of log Λ and below N.
    public var ceiling: Double
}

extension TemplateAnalysis {
    /// TS(nₛ) = 2 log[L(nₛ)/L(0)] on the data at a given nₛ (not maximised).
    public func dataTS(ns: Double) -> Double {
        Self.testStatistic(ns: ns, terms: dataTerms(), shares: seasonShares)
    }

    public func dataInterval(deltaTS: Double = 1) -> TemplateLikelihoodInterval {
        let terms = dataTerms()
        let best = fit(terms: terms, injected: 0)
        let f = seasonShares
        func ts(_ ns: Double) -> Double { Self.testStatistic(ns: ns, terms: terms, shares: f) }
        let ceiling = nsCeiling(minima: terms.map { $0.min() ?? 0 })
        let level = best.ts - deltaTS
        func crossing(_ inside: Double, _ outside: Double) -> Double {
            var a = inside, b = outside
            for _ in 0..<200 where abs(b - a) > 1e-9 * max(1, abs(a)) {
                let m = 0.5 * (a + b)
                if ts(m) >= level { a = m } else { b = m }
            }
            return 0.5 * (a + b)
        }
        let lower = ts(0) >= level ? 0 : crossing(best.ns, 0)
        let upperIsBound = ts(ceiling) >= level
        let upper = upperIsBound ? ceiling : crossing(best.ns, ceiling)
        return TemplateLikelihoodInterval(fit: best, lower: lower, upper: upper, upperIsBound: upperIsBound, ceiling: ceiling)
    }

    private func dataTerms() -> [[Double]] {
        var g = NoRandomness()   // nothing is scrambled or injected
        return trialTerms(scramble: false, injectMean: 0, injection: .instrumentResponse, using: &g).terms
    }

}

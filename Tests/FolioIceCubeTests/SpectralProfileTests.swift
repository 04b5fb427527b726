import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

@Suite struct SpectralProfileTests {
    /// The interval logic on a known parabola: TS = 25 − ((γ − 2.5)/0.2)², so ΔTS = 1 at 2.3 and 2.7.
    @Test func parabolaGivesItsWilksInterval() {
        let gammas = stride(from: 2.0, through: 3.6, by: 0.1).map { $0 }
        let p = SpectralIndexProfile(points: gammas.map { .init(gamma: $0, ns: 10, ts: 25 - pow(($0 - 2.5) / 0.2, 2)) })
        #expect(abs(p.bestGamma! - 2.5) < 1e-9)
        #expect(abs(p.interval68.lower - 2.3) < 1e-9 && abs(p.interval68.upper - 2.7) < 1e-9)
        #expect(p.isConstrained)
        // A narrow peak between coarse grid points: the parabola recovers the vertex and the width
        // that linear interpolation would cut (TS = 100 − ((γ − 2.57)/0.05)², ΔTS = 1 at 2.52, 2.62).
        let coarse = SpectralIndexProfile(points: stride(from: 2.0, through: 3.6, by: 0.2).map {
            .init(gamma: $0, ns: 10, ts: 100 - pow(($0 - 2.57) / 0.05, 2))
        })
        #expect(abs(coarse.bestGamma! - 2.57) < 1e-9 && abs(coarse.peak.ts - 100) < 1e-9)
        #expect(abs(coarse.interval68.lower - 2.52) < 1e-9 && abs(coarse.interval68.upper - 2.62) < 1e-9)
        // A maximum at the grid edge leaves that end to the grid.
        let edge = SpectralIndexProfile(points: gammas.map { .init(gamma: $0, ns: 5, ts: 9 - 4 * ($0 - 2.0)) })
        #expect(edge.bestGamma == 2.0 && !edge.lowerEndFromData && edge.upperEndFromData && !edge.isConstrained)
        #expect(abs(edge.interval68.upper - 2.25) < 1e-9 && edge.peak.ts == 9)
    }

    /// No excess: TS ≡ 0, no best γ, the interval is the whole grid.
    @Test func flatZeroProfileIsUnconstrained() {
        let p = SpectralIndexProfile(points: [3.0, 2.0, 2.5].map { .init(gamma: $0, ns: 0, ts: 0) })
        #expect(p.points.map(\.gamma) == [2.0, 2.5, 3.0])
        #expect(p.bestGamma == nil && !p.isConstrained)
        #expect(p.interval68.lower == 2.0 && p.interval68.upper == 3.0)
        let decoded = try? JSONDecoder().decode(SpectralIndexProfile.self, from: JSONEncoder().encode(p))
        #expect(decoded == p)
    }

    static let txs = SkyDirection(raDegrees: 77.36, decDegrees: 5.69)
    static func blob(nside: Int = 16, widthDegrees: Double = 3) -> SkyTemplate {
        let width = widthDegrees * Double.pi / 180
        return SkyTemplate(nside: nside) { ra, dec in
            let psi = RayleighSignalSpatialPDF.angularDistance(ra1: txs.ra, dec1: txs.dec, ra2: ra, dec2: dec)
            return exp(-0.5 * psi * psi / (width * width))
        }
    }

    /// RA-scrambled IC40 plus Poisson(mean 200) events injected through the instrument response
    /// from a compact template with E^−2.5: the profile's maximum lies within ±0.3 of 2.5 (a loose
    /// tolerance: one pseudo-experiment, and a SYNTHETIC stand-in smearing matrix), its 68%
    /// interval contains 2.5 or lies within 0.3 of it, and its value at γ = 2.7 is exactly the TS
    /// of a `TemplateAnalysis` built at 2.7 on the same events (what `icecube.templateFit` reports).
    @Test(.enabled(if: TestData.available)) func profileOfInjectedSignalPeaksAtTheInjectedIndex() throws {
        let data = try #require(TestData.ic40)
        let template = Self.blob()
        let injector = try TemplateAnalysis(dataset: data, template: template, gamma: 2.5, sigmaGridPoints: 6)
        let pseudo = injector.pseudoDataset(from: data, seed: 11, injectMean: 200)
        #expect(pseudo.totalEvents > data.totalEvents + 150 && pseudo.totalEvents < data.totalEvents + 250)
        #expect(pseudo.seasons[0].events.ra != data.seasons[0].events.ra)
        let gammas = stride(from: 1.9, through: 3.3, by: 0.2).map { $0 }
        let profile = try SpectralIndexProfile.scan(dataset: pseudo, template: template, gammas: gammas, sigmaGridPoints: 6, threads: 2)
        let best = try #require(profile.bestGamma)
        #expect(abs(best - 2.5) <= 0.3 + 1e-9, "best γ \(best); profile \(profile.points)")
        #expect(profile.maximum.ts > 25)
        #expect(profile.interval68.lower - 0.3 <= 2.5 && 2.5 <= profile.interval68.upper + 0.3)
        #expect(profile.interval68.lower < best && best < profile.interval68.upper)
        // With ~200 signal events the interval is a few tenths wide, not the grid spacing's cut-off top.
        #expect(profile.interval68.upper - profile.interval68.lower > 0.05 && profile.interval68.upper - profile.interval68.lower < 0.5)
        let at27 = try TemplateAnalysis(dataset: pseudo, template: template, gamma: 2.7, sigmaGridPoints: 6).fitData()
        let point = try #require(profile.points.first { abs($0.gamma - 2.7) < 1e-9 })
        // Equal up to the reassociation of the memoised smoothing (BandSmoothingCache).
        #expect(abs(point.ts - at27.ts) < 1e-9 * at27.ts && abs(point.ns - at27.ns) < 1e-9 * at27.ns)
        // The same seed gives the same pseudo-experiment.
        #expect(injector.pseudoDataset(from: data, seed: 11, injectMean: 200).seasons[0].events.ra == pseudo.seasons[0].events.ra)
    }

    /// Memoised smoothing equals the direct kernel sum for template × band-weight densities (the
    /// acceptance form) and falls back to it for any other density.
    @Test func bandSmoothingCacheMatchesDirectSmoothing() {
        let template = Self.blob(nside: 16, widthDegrees: 10)
        let edges = stride(from: -90.0, through: 90.0, by: 7.5).map { $0 }
        let cached = template.cachingSmoothing(bandEdgesDegrees: edges)
        let cache = cached.bandCache!
        let weight: (Double) -> Double = { dec in 1 + Double(cache.band(dec) % 5) * 0.7 }
        let density = template.values.indices.map { template.values[$0] * weight(template.dec[$0]) }
        let sigmas = [0.01, 0.05, 0.3]
        let direct = template.smoothed(density, sigmas: sigmas), fast = cached.smoothed(density, sigmas: sigmas)
        for (d, f) in zip(direct, fast) {
            let worst = zip(d, f).map { abs($0 - $1) / max(abs($0), 1e-300) }.max()!
            #expect(worst < 1e-12, "\(worst)")
        }
        #expect(cache.bandWeights(of: density, template: template) != nil)
        // Not of the band form: the cache declines and the result is the direct one.
        let other = template.values.indices.map { template.values[$0] * (1 + template.ra[$0]) }
        #expect(cache.bandWeights(of: other, template: template) == nil)
        #expect(cached.smoothed(other, sigmas: sigmas) == template.smoothed(other, sigmas: sigmas))
    }

    /// The central 90% energy range of the expected signal: inside the effective area's energy
    /// range, wider than the central 50%, and lower for a softer spectrum.
    @Test(.enabled(if: TestData.available)) func signalEnergyRangeMovesWithTheSpectrum() throws {
        let data = try #require(TestData.ic40)
        let template = Self.blob()
        let hard = template.centralEnergyRange(dataset: data, gamma: 2.0)
        let soft = template.centralEnergyRange(dataset: data, gamma: 3.0)
        let half = template.centralEnergyRange(dataset: data, gamma: 2.0, fraction: 0.5)
        let edges = data.seasons[0].effectiveArea.log10EnergyEdges
        #expect(hard.lowerGeV >= pow(10, edges.first!) && hard.upperGeV <= pow(10, edges.last!))
        #expect(half.lowerGeV > hard.lowerGeV && half.upperGeV < hard.upperGeV)
        #expect(soft.lowerGeV < hard.lowerGeV && soft.upperGeV < hard.upperGeV)
        #expect(hard.upperGeV / hard.lowerGeV > 10)
    }
}

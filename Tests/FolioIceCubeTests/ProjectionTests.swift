import Foundation
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

@Suite struct RotationTests {
    /// A table whose every (δ, E) cell differs, on IceCube-like declination edges (uneven, in sin δ).
    static let edges: [Double] = (0...20).map { asin(-1 + 0.1 * Double($0)) * 180 / .pi }
    static let area = EffectiveArea(log10EnergyEdges: [2, 3, 4, 5], decEdgesDegrees: edges,
                                    area: (0..<20).map { j in (0..<3).map { i in Double(1 + j * 10 + i) } })

    @Test func southPoleRotationReproducesTheInputExactly() {
        let rotated = Self.area.rotated(to: .southPole)
        #expect(rotated.area == Self.area.area)
        #expect(rotated.decEdgesDegrees == Self.area.decEdgesDegrees && rotated.log10EnergyEdges == Self.area.log10EnergyEdges)
    }

    @Test(.enabled(if: TestData.available)) func southPoleRotationOfTheRealResponseIsTheIdentity() throws {
        let season = try #require(TestData.ic40).seasons[0]
        #expect(season.effectiveArea.rotated(to: .southPole).area == season.effectiveArea.area)
        let sm = try #require(season.smearing)
        let rotated = sm.rotated(to: .southPole, effectiveArea: season.effectiveArea)
        #expect(rotated.fraction == sm.fraction && rotated.psiLower == sm.psiLower && rotated.angErrUpper == sm.angErrUpper
                && rotated.recoLower == sm.recoLower)
    }

    /// At 36° N the pole (δ = +90°) stays at zenith 54° all day; a source at δ < −54° never rises
    /// (only zenith > 90°, IceCube's northern, Earth-filtered half); one at δ > +54° never sets.
    @Test func mediterraneanZenithGeometry() {
        let site = DetectorSite.mediterranean
        for h in stride(from: 0.0, to: 2 * .pi, by: 0.3) {
            #expect(abs(acos(site.cosZenith(decRadians: .pi / 2, hourAngleRadians: h)) * 180 / .pi - 54) < 1e-9)
        }
        // Upper culmination of δ = 0 is at zenith 36°, lower at 144°.
        #expect(abs(acos(site.cosZenith(decRadians: 0, hourAngleRadians: 0)) * 180 / .pi - 36) < 1e-9)
        #expect(abs(acos(site.cosZenith(decRadians: 0, hourAngleRadians: .pi)) * 180 / .pi - 144) < 1e-9)
        // Edges chosen so that the pole's zenith band (53.9°–54.1°) falls in the IceCube bin [−37°, −35°].
        let rotation = ResponseRotation(site: site, decEdgesDegrees: [-90, -60, -37, -35, 0, 30, 54, 89.9, 90])
        #expect(rotation.weights[7] == [0, 0, 1, 0, 0, 0, 0, 0])
        for row in rotation.weights { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
        // δ ∈ [−90°, −60°] (never rises): only IceCube bins at δ_IC ≥ 0 (zenith ≥ 90°).
        #expect(rotation.weights[0][0..<4].allSatisfy { $0 == 0 })
        // δ ∈ [54°, 89.9°] (never sets): only δ_IC < 0.
        #expect(rotation.weights[6][4...].allSatisfy { $0 == 0 })
        // δ = 0 spends half the day above the horizon: half its weight at δ_IC < 0.
        let equator = ResponseRotation(site: site, decEdgesDegrees: [-90, -0.01, 0, 0.01, 90])
        #expect(abs(equator.weights[1][0] - 0.5) < 0.01)
        // The rotated table of a constant area is that constant.
        let flat = EffectiveArea(log10EnergyEdges: [2, 3], decEdgesDegrees: RotationTests.edges, area: Array(repeating: [7], count: 20))
        #expect(flat.rotated(to: site).area.allSatisfy { abs($0[0] - 7) < 1e-12 })
    }

    @Test func pseudoEventsKeepTheirDeclinationAtTheSouthPole() {
        let site = DetectorSite.southPole
        for dec in stride(from: -1.5, through: 1.5, by: 0.25) {
            #expect(abs(site.declination(zenithRadians: .pi / 2 + dec, azimuthRadians: 1.234) - dec) < 1e-12)
        }
    }
}

@Suite struct ExpectedSignificanceTests {
    @Test func quantilesOfTheSignificanceDistribution() {
        // Background: 1000 trials, half at 0, the rest 1..500 (TS = i/100).
        let bkg = BackgroundTSDistribution(trials: Array(repeating: 0, count: 500) + (1...500).map { Double($0) / 100 })
        // A signal TS at 0 is 0σ; at 2.505 half of the positive trials lie above: p = 0.25.
        let e = ExpectedSignificance(signalTS: [0, 2.505, 2.505], background: bkg, injectedMean: 3)
        let z = Significance(pValue: 0.25).sigma
        #expect(e.median == z)
        // Sorted z = [0, z, z]: the 16% quantile lies 0.32 of the way from the first to the second.
        #expect(abs(e.lower! - 0.32 * z) < 1e-12 && e.upper == z)
        #expect(e.asymptoticMedian == 2.505.squareRoot() && e.backgroundPositiveFraction == 0.5)
        // A background with fewer than 10 positive trials cannot convert TS: only √TS remains.
        let degenerate = ExpectedSignificance(signalTS: [4, 9, 16], background: BackgroundTSDistribution(trials: Array(repeating: 0, count: 95) + [1, 2, 3, 4, 5]),
                                              injectedMean: 3)
        #expect(degenerate.median == nil && degenerate.asymptoticMedian == 3 && degenerate.asymptoticLower == 2.32)
        #expect(e.medianTS == 2.505 && e.signalTrials == 3 && e.backgroundTrials == 1000)
    }

    /// Z(k): exact power laws between measured points; beyond the last one the range runs from
    /// the √k law to the last segment's exponent, the centre halfway in exponent; joint samples add
    /// in quadrature end by end.
    @Test func exposureScalingInterpolatesAndCarriesTheExtrapolationRange() {
        // Z = 0.44, 1.33, 2.85 at k = 1, 3, 10 (the flagship's measured ratios Z/√k = 0.44, 0.77, 0.90).
        let s = ExposureScaling(points: [(1, 0.44, 0.05), (3, 1.33, 0.06), (10, 2.85, 0.08)])
        let b = log(2.85 / 1.33) / log(10.0 / 3)
        #expect(abs(s.lastExponent - b) < 1e-12 && abs(b - 0.633) < 0.001)
        #expect(abs(s.lastExponentError - ((0.06 / 1.33) * (0.06 / 1.33) + (0.08 / 2.85) * (0.08 / 2.85)).squareRoot() / log(10.0 / 3)) < 1e-12)
        // Measured points come back exactly, with no range; between them a power law.
        #expect(abs(s.projection(exposure: 3).median - 1.33) < 1e-12 && s.projection(exposure: 3).lower == s.projection(exposure: 3).upper)
        #expect(abs(s.projection(exposure: 2).median - 0.44 * pow(2, log(1.33 / 0.44) / log(3))) < 1e-12)
        #expect(s.projection(exposure: 0).median == 0)
        // k = 107 (IceCube by 2045 in the flagship): from 2.85 √10.7 = 9.3 to 2.85 × 10.7^0.633 = 12.8.
        let far = s.projection(exposure: 107)
        #expect(abs(far.lower - 2.85 * (10.7).squareRoot()) < 1e-9)
        #expect(abs(far.upper - 2.85 * pow(10.7, b)) < 1e-9)
        #expect(abs(far.median - 2.85 * pow(10.7, 0.5 * (0.5 + b))) < 1e-9)
        #expect(far.lower < far.median && far.median < far.upper)
        // An exponent below ½ (noise) is raised to ½: the range collapses to the √k law.
        let flat = ExposureScaling(points: [(1, 1.0, 0.1), (4, 1.5, 0.1)])
        #expect(flat.lastExponent == 0.5 && abs(flat.projection(exposure: 16).median - 3) < 1e-12)
        // Two points at one exposure (the data set and its k = 1 pseudo-data) merge into their mean.
        let twice = ExposureScaling(points: [(1, 0.40, 0.05), (1, 0.48, 0.05), (3, 1.33, 0.06)])
        #expect(twice.exposures == [1, 3] && abs(twice.medians[0] - 0.44) < 1e-12)
        #expect(twice.projection(exposure: 0.01).median.isFinite && twice.projection(exposure: 0.01).median > 0)
        // Two independent samples in one likelihood: Z² adds.
        let a = ExposureScaling(points: [(1, 3, 0)]), c = ExposureScaling(points: [(1, 4, 0)])
        #expect(abs(ExposureScaling.combined([(a, 1), (c, 1)]).median - 5) < 1e-12)
    }
}

@Suite(.serialized, .enabled(if: TestData.available)) struct ProjectionOnDataTests {
    /// A compact Gaussian template near the Galactic centre's longitude in the northern sky
    /// (where IC40 sees): cheap to build at nside 16.
    static let blob: SkyTemplate = {
        let ra0 = 290.0 * Double.pi / 180, dec0 = 10.0 * Double.pi / 180, width = 4 * Double.pi / 180
        return SkyTemplate(nside: 16) { ra, dec in
            let psi = RayleighSignalSpatialPDF.angularDistance(ra1: ra0, dec1: dec0, ra2: ra, dec2: dec)
            return exp(-0.5 * psi * psi / (width * width))
        }
    }()

    @Test func templateExposureIsTheLikelihoodsSignalYield() throws {
        let data = try #require(TestData.ic40)
        let ana = try TemplateAnalysis(dataset: data, template: Self.blob, gamma: 2.7, sigmaGridPoints: 4)
        let s = data.seasons[0]
        let y = TemplateExposure.yield(template: Self.blob, effectiveArea: s.effectiveArea, gamma: 2.7, livetimeSeconds: s.goodRuns.livetimeSeconds)
        #expect(abs(y / ana.signalYield - 1) < 1e-12)
    }

    /// Pseudo-data for k = 3: three times the events and livetime, so three times the signal yield;
    /// at the Mediterranean site the declinations are rotated and the yield follows the rotated area.
    @Test func pseudoSamplesScaleEventsAndExposure() throws {
        let data = try #require(TestData.ic40)
        let base = data.seasons[0]
        let tripled = PseudoSample.season(base, exposureFactor: 3, seed: 1)
        #expect(tripled.events.count == 3 * base.events.count)
        #expect(abs(tripled.goodRuns.livetimeDays - 3 * base.goodRuns.livetimeDays) < 1e-9)
        #expect(Set(tripled.events.log10Energy).isSubset(of: Set(base.events.log10Energy)))
        let y1 = TemplateExposure.yield(template: Self.blob, effectiveArea: base.effectiveArea, gamma: 2.7, livetimeSeconds: base.goodRuns.livetimeSeconds)
        let y3 = TemplateExposure.yield(template: Self.blob, effectiveArea: tripled.effectiveArea, gamma: 2.7, livetimeSeconds: tripled.goodRuns.livetimeSeconds)
        #expect(abs(y3 / y1 - 3) < 1e-12)
        let med = PseudoSample.season(base, exposureFactor: 1, site: .mediterranean, seed: 1)
        #expect(med.events.count == base.events.count)
        // IceCube's southern-sky (downgoing) events populate the Mediterranean northern sky: no
        // event below δ = −90° + ... and the mean sin δ moves north (IC40's data are mostly at δ < 0).
        let meanSin = { (e: EventSample) in e.sinDec.reduce(0, +) / Double(e.count) }
        #expect(meanSin(med.events) > meanSin(base.events))
        #expect(med.events.dec.allSatisfy { abs($0) <= .pi / 2 })
    }

    /// The expected significance of a fixed flux rises with exposure, roughly as √k; at k = 1 on
    /// the data it is the quantile of TemplateAnalysis' own injection trials converted by hand.
    @Test func expectedSignificanceRisesWithExposureAndMatchesDirectTrials() throws {
        let data = try #require(TestData.ic40)
        let ana = try TemplateAnalysis(dataset: data, template: Self.blob, gamma: 2.7, sigmaGridPoints: 4)
        let mu = 15.0
        let bkgTS = ana.parallelTrials(seed: 11, count: 200, chunkSize: 50).map(\.ts)
        let sigTS = ana.parallelTrials(seed: 12, count: 60, chunkSize: 30, injectMean: mu).map(\.ts)
        let here = ExpectedSignificance(signalTS: sigTS, background: BackgroundTSDistribution(trials: bkgTS), injectedMean: mu)
        // By hand: p = fraction of background trials at or above (the fitted tail where fewer than
        // 20 reach the TS), z = Φ⁻¹(1 − p), clipped at 0; median of 60 = mean of order statistics 29, 30.
        let distribution = BackgroundTSDistribution(trials: bkgTS)
        let z = sigTS.map { ts -> Double in
            let above = bkgTS.filter { $0 >= ts }.count
            if ts <= 1e-6 || above == bkgTS.count { return 0 }
            let p = above >= 20 ? Double(above) / Double(bkgTS.count) : distribution.significance(of: ts).pValue
            return max(0, SpecialFunctions.inverseNormalSurvival(p))
        }.sorted()
        #expect(abs(0.5 * (z[29] + z[30]) - here.median!) < 1e-12)
        #expect(abs(here.asymptoticMedian - 0.5 * (sigTS.sorted()[29].squareRoot() + sigTS.sorted()[30].squareRoot())) < 1e-12)
        #expect(here.asymptoticMedian > 0.5)

        // Scaling, with a signal clearly above threshold: Z(4) / Z(1) ≈ √4.
        let strong = 30.0
        let one = ExpectedSignificance(signalTS: ana.parallelTrials(seed: 15, count: 100, chunkSize: 50, injectMean: strong).map(\.ts),
                                       background: BackgroundTSDistribution(trials: bkgTS), injectedMean: strong)
        let pseudo = try TemplateAnalysis(dataset: PseudoSample.dataset([PseudoSample.season(data.seasons[0], exposureFactor: 4, seed: 3)], root: data.root),
                                          template: Self.blob, gamma: 2.7, sigmaGridPoints: 4)
        #expect(abs(pseudo.signalYield / ana.signalYield - 4) < 1e-12)
        let bkg4 = BackgroundTSDistribution(trials: pseudo.parallelTrials(seed: 13, count: 100, chunkSize: 50).map(\.ts))
        let four = ExpectedSignificance(signalTS: pseudo.parallelTrials(seed: 14, count: 100, chunkSize: 50, injectMean: 4 * strong).map(\.ts),
                                        background: bkg4, injectedMean: 4 * strong)
        #expect(four.asymptoticMedian > one.asymptoticMedian && one.asymptoticMedian > here.asymptoticMedian)
        let ratio = four.asymptoticMedian / one.asymptoticMedian
        #expect(ratio > 1.6 && ratio < 2.5, "Z(4)/Z(1) = \(ratio), expected about 2")
    }
}

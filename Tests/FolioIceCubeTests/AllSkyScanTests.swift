import Foundation
import FolioSky
import FolioStatistics
import Testing
@testable import FolioIceCube
import FolioTrialSupport

@Suite(.enabled(if: TestData.available)) struct AllSkyScanTests {
    /// IC40 scanned once on a coarse grid without refinement (768 pixels), shared by the tests.
    static let coarse: (scan: AllSkyScan, map: SkyScanMap)? = {
        guard let data = TestData.ic40,
              let scan = try? AllSkyScan(dataset: data, settings: .init(nside: 8, refinementNside: 0)) else { return nil }
        return (scan, scan.scan())
    }()

    /// At any pixel the scan's fit is the fit of a PointSourceAnalysis built at that pixel centre.
    @Test func scanAtAPixelEqualsADirectFit() throws {
        let data = try #require(TestData.ic40)
        let (scan, map) = try #require(Self.coarse)
        let grid = try HEALPix(nside: 8)
        // The hottest pixel, pixels in both caps, on the equator, and one far south.
        let north = try #require(map.hotSpot(.north)).pixel
        for pixel in [north, 0, 5, 300, 383, 500, 767] {
            let c = grid.center(of: pixel)
            let direct = try PointSourceAnalysis(dataset: data, source: SkyDirection(raRadians: c.longitude, decRadians: c.latitude)).fitData()
            #expect(abs(map.ts[pixel] - direct.ts) <= 1e-9 * max(1, direct.ts), "TS at pixel \(pixel): \(map.ts[pixel]) vs \(direct.ts)")
            #expect(abs(map.ns[pixel] - direct.ns) <= 1e-9 * max(1, direct.ns), "ns at pixel \(pixel)")
            if direct.ns > 0 { #expect(abs(map.gamma[pixel] - direct.gamma) <= 1e-9, "gamma at pixel \(pixel)") }
        }
        #expect(map.ts[north] > 0)
        _ = scan
    }

    /// The exact ns = 0 shortcut of `ScanRing.fit` changes no pixel: every pixel of the map equals
    /// the full likelihood fit on the same events, and the shortcut is taken for a good share of them.
    @Test func nullShortcutChangesNoPixel() throws {
        let (scan, map) = try #require(Self.coarse)
        var shortcut = 0
        for (r, ring) in scan.coarse.rings.enumerated() {
            for p in ring.pixels {
                let data = scan.coarseRings[r].trialData(ra: scan.coarse.rightAscension(of: p), scrambledRA: nil)
                let full = scan.coarseRings[r].analysis.likelihood.fit(data, shortcuts: false)
                #expect(map.ts[p] == full.ts && map.ns[p] == full.ns && map.gamma[p] == full.gamma, "pixel \(p): \(full) vs map")
                if PointSourceLikelihood.maximumGridSum(data.seasons[0], gammaBounds: 1...4) < data.seasons[0].totalEvents * (1 - 1e-9) {
                    shortcut += 1
                    #expect(full.ns == 0 && full.ts == 0)
                }
            }
        }
        #expect(shortcut > 768 / 5, "shortcut taken at \(shortcut) of 768 pixels")
    }

    /// Without refinement each hemisphere's hot spot is its highest pixel, on the right side of
    /// the -5 degree split, with the pixel's own fit.
    @Test func hotSpotsAreTheHemisphereMaxima() throws {
        let (_, map) = try #require(Self.coarse)
        let grid = try HEALPix(nside: 8)
        let dec = (0..<grid.pixelCount).map { grid.center(of: $0).latitudeDegrees }
        let northMax = (0..<grid.pixelCount).filter { dec[$0] >= -5 }.map { map.ts[$0] }.max()!
        let southMax = (0..<grid.pixelCount).filter { dec[$0] < -5 }.map { map.ts[$0] }.max()!
        let n = try #require(map.hotSpot(.north)), s = try #require(map.hotSpot(.south))
        #expect(n.ts == northMax && n.decDegrees >= -5)
        #expect(s.ts == southMax && s.decDegrees < -5)
        #expect(map.ns[n.pixel] == n.ns && map.gamma[n.pixel] == n.gamma && n.nside == 8)
        // A data set with real (background-like) fluctuations: hot spots with modest TS.
        #expect(n.ts > 2 && n.ts < 40 && s.ts > 2 && s.ts < 40)
    }

    /// A source injected at a known position into RA-scrambled IC40 is the northern hot spot,
    /// found within one pixel of the scan grid, with a large TS and ns near the injected count.
    @Test func injectedSourceIsFoundAsTheHottestSpot() throws {
        let data = try #require(TestData.ic40)
        let season = data.seasons[0]
        let source = SkyDirection(raDegrees: 137.3, decDegrees: 23.4)   // deliberately off pixel centres
        var g = Xoshiro256StarStar(seed: 2024)
        let injector = SignalInjector(source: source, effectiveArea: season.effectiveArea, smearing: try #require(season.smearing))
        let cumulative = injector.energyCumulative(gamma: 2)
        let signal = (0..<20).map { _ in injector.draw(energyCumulative: cumulative, using: &g) }
        let e = season.events
        let events = EventSample(mjd: e.mjd + signal.map { _ in e.mjd[0] }, log10Energy: e.log10Energy + signal.map(\.log10Energy),
                                 angularError: e.angularError + signal.map(\.angularError),
                                 ra: e.ra.map { _ in g.uniform(0, 2 * .pi) } + signal.map(\.ra), dec: e.dec + signal.map(\.dec))
        let injected = IceCubeDataset(root: data.root, seasons: [SeasonData(season: season.season, events: events, effectiveArea: season.effectiveArea,
                                                                             smearing: season.smearing, smearingIsStandIn: season.smearingIsStandIn,
                                                                             goodRuns: season.goodRuns)], notices: [])
        let scan = try AllSkyScan(dataset: injected, settings: .init(nside: 16, refinementNside: 64, refinementRadiusDegrees: 3))
        let spot = try #require(scan.scan().hotSpot(.north))
        let found = SkyCoordinate(longitudeDegrees: spot.raDegrees, latitudeDegrees: spot.decDegrees)
        let truth = SkyCoordinate(longitude: source.ra, latitude: source.dec)
        let pixelSize = try HEALPix(nside: 16).pixelArea.squareRoot()
        #expect(found.angularDistance(to: truth) < pixelSize, "hot spot \(spot) is \(found.angularDistance(to: truth) * 180 / .pi)° away")
        #expect(spot.ts > 30)
        #expect(spot.ns > 10 && spot.ns < 30)
        #expect(spot.nside == 64)   // refinement improved on the coarse pixel
    }

    /// Scrambled scans are pure functions of (seed, chunk): equal when repeated, different across chunks.
    @Test func scrambledScansArePureFunctionsOfSeedAndChunk() throws {
        let (scan, map) = try #require(Self.coarse)
        let a = scan.scan(scrambledWithSeed: 11, chunk: 3), b = scan.scan(scrambledWithSeed: 11, chunk: 3, threads: 1)
        let c = scan.scan(scrambledWithSeed: 11, chunk: 4)
        #expect(a == b)
        #expect(a.ts != c.ts)
        #expect(a.ts != map.ts)
    }

    /// The post-trial p-value comes from a Gumbel fit to the scramble maxima: consistent with the
    /// fraction of maxima at or above where the scans reach, and reported as an extrapolation with
    /// the bound the scans measured where they do not.
    @Test func postTrialPValueIsAGumbelFitToTheScrambleMaxima() {
        // 200 maxima drawn from a Gumbel law (μ = 13.7, β = 3) by inversion.
        var g = Xoshiro256StarStar(seed: 21)
        let maxima = (0..<200).map { _ in 13.7 - 3 * log(-log(max(1e-300, Double(g.next() >> 11) * 0x1.0p-53))) }
        let mid = AllSkyScan.postTrialPValue(observedTS: 16, scrambledMaxima: maxima)
        let fraction = Double(maxima.filter { $0 >= 16 }.count) / 200
        #expect(mid.scansAtOrAbove == maxima.filter { $0 >= 16 }.count && mid.empiricalFraction == fraction && !mid.extrapolated)
        #expect(abs(mid.pValue - fraction) < 3 * (fraction * (1 - fraction) / 200).squareRoot(), "Gumbel \(mid.pValue), fraction \(fraction)")
        #expect(mid.lower < mid.pValue && mid.pValue < mid.upper)
        // Beyond every scan: an extrapolation below the bound the scans measured (1 − 0.1^(1/200) = 0.0114).
        let far = AllSkyScan.postTrialPValue(observedTS: 40, scrambledMaxima: maxima)
        #expect(far.scansAtOrAbove == 0 && far.extrapolated && abs(far.trialBound - 0.01145) < 1e-4)
        #expect(far.pValue > 0 && far.pValue < far.trialBound)
        // The case: 30 maxima spread ~3 around 13.7 and an observed 20.19 (one scan above):
        // the χ² fitted to the maxima gave 0.17-0.20; the Gumbel law of those maxima gives ~0.06.
        let south = [14.56, 12.10, 12.86, 13.79, 9.74, 14.06, 10.26, 16.40, 13.67, 23.60, 16.72, 21.50, 10.49, 13.70, 12.03,
                     17.02, 11.28, 20.33, 10.76, 15.70, 12.34, 15.89, 19.95, 15.69, 16.38, 10.83, 18.90, 10.79, 12.79, 14.14]
        let post = AllSkyScan.postTrialPValue(observedTS: 20.19, scrambledMaxima: south)
        #expect(post.scansAtOrAbove == 3 && post.extrapolated)
        #expect(post.pValue > 0.04 && post.pValue < 0.12, "Gumbel post-trial p = \(post.pValue)")
    }

    /// Bad settings are refused up front, every problem named.
    @Test func badSettingsAreNamed() throws {
        let data = try #require(TestData.ic40)
        let error = #expect(throws: AllSkyScan.SettingsError.self) {
            try AllSkyScan(dataset: data, settings: .init(nside: 12, refinementNside: 100, boxHalfAngleDegrees: 0))
        }
        let text = try #require(error).description
        #expect(text.contains("nside must be a power of 2") && text.contains("refinementNside") && text.contains("boxHalfAngleDegrees"))
    }
}

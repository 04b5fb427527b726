import Foundation
import Testing
import FolioCache
import FolioModel
import FolioRunner
import FolioSky
import FolioIceCube
import FolioTestSupport
@testable import FolioPlot
@testable import FolioSteps

@Suite(.enabled(if: hasStagedData, "needs the public IceCube data in ../shared/data"))
struct SkyScanStepTests {
    /// Through the runner on a coarse grid: the results carry units, the hot spots written for the
    /// figure agree with results.json, the TS map has the grid's pixels and its hemisphere maxima
    /// do not exceed the refined hot spots, and the post-trial p-value is the Gumbel law fitted to
    /// the scrambled scans' maxima, with their empirical fraction beside it.
    @Test func scanStepRecordsHotSpotsAndPostTrialPValues() async throws {
        let dir = TemporaryDirectory()
        let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: stagedData, outputDirectory: dir.path("output"), jobs: 2,
                                           toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
        let builder = Builder(registry: StandardKinds.registry, environment: environment)
        let analysis = Analysis("scan", title: "Scan", seed: 5) {
            IceCubeData("data")
            SkyScan("sky", data: "data", scan: .init(nside: 8, refinementNside: 16), scrambledScans: 24, localTrials: 100)
            SkyScanFigure("sky-map", scan: "sky", sources: [.init("Crab", ra: 83.63, dec: 22.01)])
        }
        _ = try await builder.build(analysis)
        let results = try StableJSON.read([String: ResultValue].self, from: dir.path("output/scan/results.json"))
        #expect(results["sky.scans"]?.value == 24 && results["sky.scans"]?.unit == .trials)
        #expect(results["sky.northRA"]?.unit == .degrees && results["sky.southDec"]?.unit == .degrees)
        #expect(results["sky.northPostTrialSignificance"]?.unit == .sigma)
        #expect(try #require(results["sky.southDec"]?.value) < -5 && (try #require(results["sky.northDec"]?.value)) >= -5)

        let published = dir.url.appendingPathComponent("output/scan")
        let spots = try JSONDecoder().decode([SkyScanHotSpot].self,
                                             from: Data(contentsOf: published.appendingPathComponent("tables/sky-hot-spots.json")))
        let map = try HEALPixMap.read(from: published.appendingPathComponent("maps/sky-ts.fits"))
        #expect(map.values.count == 768 && map.frame == .equatorial)
        let grid = try HEALPix(nside: 8)
        let maxima = try JSONDecoder().decode([[Double]].self, from: Data(contentsOf: published.appendingPathComponent("tables/sky-scrambled-maxima.json")))
        #expect(maxima.count == 24)
        for (h, spot) in spots.enumerated() {
            let key = spot.hemisphere
            #expect(results["sky.\(key)TS"]?.value == spot.ts && results["sky.\(key)RA"]?.value == spot.ra)
            let inHemisphere = (0..<768).filter { (grid.center(of: $0).latitudeDegrees >= -5) == (key == "north") }
            #expect(spot.ts >= inHemisphere.map { map.values[$0] }.max()!)
            // The post-trial p-value is the Gumbel law of the maxima at the observed TS; the empirical
            // fraction and its count are recorded beside it.
            let atLeast = maxima.filter { $0[h] >= spot.ts }.count
            #expect(spot.scansAtOrAbove == atLeast && results["sky.\(key)PostTrialEmpirical"]?.value == Double(atLeast) / 24)
            let post = AllSkyScan.postTrialPValue(observedTS: spot.ts, scrambledMaxima: maxima.map { $0[h] })
            #expect(spot.postTrialPValue == post.pValue && results["sky.\(key)PostTrialPValue"]?.value == post.pValue)
            #expect(results["sky.\(key)LocalTrialsAtOrAbove"]?.unit == .trials)
            #expect(spot.localPValue > 0 && spot.localPValue <= 1)
        }
        #expect(FileManager.default.fileExists(atPath: published.appendingPathComponent("figures/sky-map.png").path))
    }
}

/// The TS-map figure: size, a filled map, and the hot-spot and catalogue marks where the
/// Mollweide formulas (written out here, independently of FolioSky) put them in Galactic coordinates.
@Suite struct SkyScanFigureTests {
    static func mollweide(lambda: Double, phi: Double) -> (x: Double, y: Double) {
        independentMollweide(lambda: lambda, phi: phi)
    }

    static let spot = SkyScanHotSpot(hemisphere: "north", ra: 300, dec: 40, ts: 1, ns: 3, gamma: 2.5, localPValue: 0.01,
                                     localSignificance: 2.3, postTrialPValue: 0.5, postTrialSignificance: 0, scans: 10)

    func render(spots: [SkyScanHotSpot], sources: [SkyScanFigure.Mark]) throws -> RasterImage {
        // A flat map (every pixel TS 0.5 on a 0-1 scale) so the ellipse is one colour.
        let map = try HEALPixMap(nside: 16, frame: .equatorial, values: [Double](repeating: 0.5, count: 3072))
        let figure = SkyScanFigureKind.figure(map: map, spots: spots, .init(title: nil, sources: sources, frame: .galactic))
        return try RasterImage(figure: figure, dpi: 100)
    }

    /// Expected image position of an equatorial direction on the Galactic map whose flat-colour
    /// ellipse spans the given pixel box (longitude increases to the left).
    func expected(ra: Double, dec: Double, ellipse: (minX: Int, maxX: Int, minY: Int)) -> (x: Double, y: Double) {
        let g = Rotation.equatorialToGalactic.apply(to: SkyCoordinate(longitudeDegrees: ra, latitudeDegrees: dec))
        var l = g.longitude.truncatingRemainder(dividingBy: 2 * .pi)
        if l > .pi { l -= 2 * .pi }
        if l < -.pi { l += 2 * .pi }
        let w = Double(ellipse.maxX - ellipse.minX + 1) + 1.6, h = w / 2
        let cx = (Double(ellipse.minX) + Double(ellipse.maxX) + 1) / 2, cy = Double(ellipse.minY) - 0.8 + h / 2
        let p = Self.mollweide(lambda: l, phi: g.latitude)
        return (cx - p.x / (2 * 2.0.squareRoot()) * w / 2, cy - p.y / 2.0.squareRoot() * h / 2)
    }

    func count(_ argb: UInt32, in image: RasterImage, near c: (x: Double, y: Double), radius: Int) -> (n: Int, x: Double, y: Double) {
        var n = 0, sx = 0.0, sy = 0.0
        for y in max(0, Int(c.y) - radius)...min(image.height - 1, Int(c.y) + radius) {
            for x in max(0, Int(c.x) - radius)...min(image.width - 1, Int(c.x) + radius) where image.pixel(x, y) == argb {
                n += 1; sx += Double(x) + 0.5; sy += Double(y) + 0.5
            }
        }
        return (n, n > 0 ? sx / Double(n) : 0, n > 0 ? sy / Double(n) : 0)
    }

    /// The hot spots are refitted off the pixel grid, so their TS can exceed every pixel's: the
    /// colour bar reaches them, and it names the natural logarithm, as the text does.
    @Test func colourBarReachesTheHotSpots() throws {
        let map = try HEALPixMap(nside: 16, frame: .equatorial, values: [Double](repeating: 0.5, count: 3072))
        let spot = SkyScanHotSpot(hemisphere: "south", ra: 266, dec: -29, ts: 20.2, ns: 3, gamma: 2.5, localPValue: 0.01,
                                  localSignificance: 2.3, postTrialPValue: 0.5, postTrialSignificance: 0, scans: 10)
        let figure = SkyScanFigureKind.figure(map: map, spots: [spot], .init(title: nil, sources: [], frame: .galactic))
        guard case .sky(let panel) = try #require(figure.panels.first), let layer = panel.map else { Issue.record("no map"); return }
        #expect(try #require(layer.colorScale.range).upper >= 20.2)
        #expect(layer.colorBarLabel == "TS = 2 ln Λ")
        let ring = try #require(panel.sources.first { $0.name == "S" })
        #expect(ring.hollow && ring.legendLabel?.contains("TS 20.2") == true)
    }

    @Test func rendersTheMapWithHotSpotsAndSourcesMarked() throws {
        let crab = SkyScanFigure.Mark("Crab", ra: 83.63, dec: 22.01)
        let image = try render(spots: [Self.spot], sources: [crab])
        #expect(image.width == 800 && image.height == 500)
        // The map colour (TS 0.5 of a 0-1 viridis scale) fills the ellipse; its top and side extent give the geometry.
        let mapColour = ColorMap.viridis.argbTable[128]
        var minX = Int.max, maxX = Int.min, minY = Int.max, filled = 0
        for y in 0..<image.height { for x in 0..<image.width where image.pixel(x, y) == mapColour {
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); filled += 1
        } }
        #expect(filled > 100_000, "the map covers a large part of the figure (\(filled) pixels)")
        #expect(maxX - minX > 600)
        let ellipse = (minX, maxX, minY)

        // The hot spot: a vermillion ring centred where the projection puts (RA 300°, Dec 40°),
        // hollow, so the map shows through its middle.
        let red: UInt32 = 0xFFD5_5E00  // SkyScanFigureKind.hotSpotColor
        let at = expected(ra: 300, dec: 40, ellipse: ellipse)
        let ring = count(red, in: image, near: at, radius: 10)
        #expect(ring.n >= 15, "hot-spot marker pixels near \(at): \(ring.n)")
        #expect(abs(ring.x - at.x) <= 2 && abs(ring.y - at.y) <= 2, "hot spot at (\(ring.x), \(ring.y)), expected \(at)")
        #expect(count(red, in: image, near: at, radius: 2).n == 0, "the ring's middle is not filled")
        #expect(count(mapColour, in: image, near: at, radius: 2).n >= 9, "the map shows through the ring")
        // Nothing vermillion there without the hot spot.
        let plain = try render(spots: [], sources: [crab])
        #expect(count(red, in: plain, near: at, radius: 10).n == 0)

        // The catalogue source: white star pixels at the Crab's position, absent without the source.
        let crabAt = expected(ra: crab.ra, dec: crab.dec, ellipse: ellipse)
        let white: UInt32 = 0xFFFF_FFFF
        let without = try render(spots: [Self.spot], sources: [])
        let withStar = count(white, in: image, near: crabAt, radius: 4).n, withoutStar = count(white, in: without, near: crabAt, radius: 4).n
        #expect(withStar >= withoutStar + 10, "white pixels at the Crab: \(withStar) with the mark, \(withoutStar) without")
    }
}

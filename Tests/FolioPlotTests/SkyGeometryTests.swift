import Testing
import FolioTestSupport
import Foundation
import FolioSky
@testable import FolioPlot

/// Checks where things land on rendered sky maps by reading back the ARGB pixels. Expected
/// positions come from the Mollweide formulas written out here independently of FolioSky.
@Suite struct SkyGeometryTests {
    static let marker = Color(red: 1, green: 0, blue: 0)
    static let markerARGB: UInt32 = 0xFFFF_0000

    static func mollweide(lambda: Double, phi: Double) -> (x: Double, y: Double) {
        independentMollweide(lambda: lambda, phi: phi)
    }

    /// A flat grey-ish map (one colour) so the ellipse can be found in the image.
    static func flatMap(frame: CoordinateFrame) -> HEALPixLayer {
        HEALPixLayer(values: [Double](repeating: 1, count: 12 * 16 * 16), frame: frame,
                     colorScale: ColorScale(colorMap: .viridis, range: AxisRange(0, 2)), showColorBar: false)
    }

    /// Bounding box (pixel centres) of pixels with exactly this colour.
    static func box(of argb: UInt32, in image: RasterImage) -> (minX: Int, maxX: Int, minY: Int, maxY: Int)? {
        var b: (minX: Int, maxX: Int, minY: Int, maxY: Int)?
        for y in 0..<image.height { for x in 0..<image.width where image.pixel(x, y) == argb {
            if let c = b { b = (min(c.minX, x), max(c.maxX, x), min(c.minY, y), max(c.maxY, y)) } else { b = (x, x, y, y) }
        } }
        return b
    }

    /// Centroid (in pixel-centre coordinates, x + 0.5) of the marker's pure-red pixels.
    static func centroid(of argb: UInt32, in image: RasterImage) -> (x: Double, y: Double)? {
        var sx = 0.0, sy = 0.0, n = 0.0
        for y in 0..<image.height { for x in 0..<image.width where image.pixel(x, y) == argb {
            sx += Double(x) + 0.5; sy += Double(y) + 0.5; n += 1
        } }
        return n > 0 ? (sx / n, sy / n) : nil
    }

    func render(frame: CoordinateFrame, sources: [SkySource], center: Double = 0, projection: SkyProjection = .mollweide,
                dpi: Double = 100) throws -> (RasterImage, ellipse: (cx: Double, cy: Double, w: Double, h: Double)) {
        let fig = Figure(name: "geometry", width: 6, height: 3.5, panels: [.sky(SkyPanel(
            projection: projection, frame: frame, centerLongitude: center, graticule: nil, showReferencePlane: false,
            map: Self.flatMap(frame: frame), sources: sources))])
        let image = try RasterImage(figure: fig, dpi: dpi)
        let mapColor = ColorMap.viridis.argbTable[128]
        let b = try #require(Self.box(of: mapColor, in: image))
        // The outline stroke eats the same rim on every side, so the box is centred on the ellipse;
        // its full size is recovered from the known 2:1 aspect and the wider extent.
        let cx = (Double(b.minX) + Double(b.maxX) + 1) / 2, cy = (Double(b.minY) + Double(b.maxY) + 1) / 2
        let w = Double(b.maxX - b.minX + 1), h = Double(b.maxY - b.minY + 1)
        return (image, (cx, cy, max(w, 2 * h) + 1.6, max(w, 2 * h) / 2 + 0.8))
    }

    @Test func galacticCentreIsTheCentreOfAGalacticMap() throws {
        let (image, e) = try render(frame: .galactic, sources: [
            SkySource("", frame: .galactic, longitude: 0, latitude: 0, marker: .square, color: Self.marker)])
        let c = try #require(Self.centroid(of: Self.markerARGB, in: image))
        #expect(abs(c.x - e.cx) <= 1 && abs(c.y - e.cy) <= 1, "marker at \(c), map centre at \(e)")
        // Same position when the source is given in equatorial coordinates of the Galactic centre.
        let (image2, _) = try render(frame: .galactic, sources: [
            SkySource("", frame: .equatorial, longitude: 266.40499, latitude: -28.93617, marker: .square, color: Self.marker)])
        let c2 = try #require(Self.centroid(of: Self.markerARGB, in: image2))
        #expect(abs(c2.x - c.x) <= 0.5 && abs(c2.y - c.y) <= 0.5)
    }

    @Test func equatorialMapPositions() throws {
        let (origin, e) = try render(frame: .equatorial, sources: [
            SkySource("", longitude: 0, latitude: 0, marker: .square, color: Self.marker)])
        let c0 = try #require(Self.centroid(of: Self.markerARGB, in: origin))
        #expect(abs(c0.x - e.cx) <= 1 && abs(c0.y - e.cy) <= 1, "RA=0, Dec=0 at \(c0), centre \(e)")

        // The Galactic centre on an equatorial map centred on RA = 0: λ = 266.405° − 360° = −93.595°,
        // which lies to the RIGHT of centre (RA increases to the left).
        let (gcImage, _) = try render(frame: .equatorial, sources: [
            SkySource("", frame: .galactic, longitude: 0, latitude: 0, marker: .square, color: Self.marker)])
        let c = try #require(Self.centroid(of: Self.markerARGB, in: gcImage))
        let p = Self.mollweide(lambda: (266.40499 - 360) * .pi / 180, phi: -28.93617 * .pi / 180)
        let ex = e.cx - p.x / (2 * 2.0.squareRoot()) * e.w / 2
        let ey = e.cy - p.y / 2.0.squareRoot() * e.h / 2
        #expect(c.x > e.cx + 50, "the Galactic centre is right of the map centre")
        #expect(abs(c.x - ex) <= 1.5 && abs(c.y - ey) <= 1.5, "Galactic centre at \(c), formulas say (\(ex), \(ey))")
    }

    /// With the map centred on RA = 180°, RA = 180° is the centre and RA = 90° lies right of it
    /// (longitude increases to the left), where the projection formulas put λ = −90°, mirrored.
    @Test(arguments: SkyProjection.allCases)
    func centredOn180(_ projection: SkyProjection) throws {
        let (image, e) = try render(frame: .equatorial, sources: [
            SkySource("", longitude: 180, latitude: 0, marker: .square, color: Self.marker)], center: 180, projection: projection)
        let c = try #require(Self.centroid(of: Self.markerARGB, in: image))
        #expect(abs(c.x - e.cx) <= 1 && abs(c.y - e.cy) <= 1)
        let (image2, _) = try render(frame: .equatorial, sources: [
            SkySource("", longitude: 90, latitude: 30, marker: .square, color: Self.marker)], center: 180, projection: projection)
        let c2 = try #require(Self.centroid(of: Self.markerARGB, in: image2))
        // λ = 90° − 180° = −90° gives plane x < 0; screen x = centre − x·scale, so RA 90° is right of centre.
        let p = projection.project(longitude: -.pi / 2, latitude: .pi / 6)
        let ex = e.cx - p.x / (2 * 2.0.squareRoot()) * e.w / 2, ey = e.cy - p.y / 2.0.squareRoot() * e.h / 2
        #expect(c2.x > e.cx && abs(c2.x - ex) <= 1.5 && abs(c2.y - ey) <= 1.5, "RA 90° at \(c2), expected (\(ex), \(ey))")
    }

    /// A map whose values are their own pixel indices: the colour found at the projected centre
    /// of every HEALPix pixel decodes to that pixel's index. Run for the map's own frame and for
    /// a Galactic panel showing an equatorial map (which exercises the rotation).
    @Test(arguments: [(2, CoordinateFrame.equatorial), (4, .equatorial), (4, .galactic)])
    func indexMapLandsInTheRightPlaces(nside: Int, panelFrame: CoordinateFrame) throws {
        let hp = try HEALPix(nside: nside)
        let n = hp.pixelCount
        let layer = HEALPixLayer(values: (0..<n).map(Double.init), frame: .equatorial,
                                 colorScale: ColorScale(colorMap: .viridis, range: AxisRange(-0.5, Double(n) - 0.5)), showColorBar: false)
        let fig = Figure(name: "index-map", width: 6, height: 3.5, panels: [.sky(SkyPanel(
            frame: panelFrame, graticule: nil, showReferencePlane: false, map: layer))])
        let image = try RasterImage(figure: fig, dpi: 100)
        // Colour -> index (each index maps to a distinct table entry for n ≤ 256).
        let table = ColorMap.viridis.argbTable
        var decode: [UInt32: Int] = [:]
        for k in 0..<n { decode[table[ColorMap.index((Double(k) + 0.5) / Double(n))]] = k }
        #expect(decode.count == n)
        // Ellipse from the extent of all decodable pixels.
        var minX = Int.max, maxX = Int.min, minY = Int.max, maxY = Int.min
        for y in 0..<image.height { for x in 0..<image.width where decode[image.pixel(x, y)] != nil {
            minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
        } }
        let cx = (Double(minX) + Double(maxX) + 1) / 2, cy = (Double(minY) + Double(maxY) + 1) / 2
        let w = Double(maxX - minX + 1) + 1.6, h = w / 2
        let rotation = CoordinateFrame.equatorial.rotation(to: panelFrame)
        var checked = 0
        for p in 0..<n {
            let c = rotation.apply(to: hp.center(of: p))
            let lambda = c.longitude > .pi ? c.longitude - 2 * .pi : c.longitude
            guard abs(lambda) < .pi - 0.05 else { continue }  // centres on the map's edge
            let xy = Self.mollweide(lambda: lambda, phi: c.latitude)
            let px = Int(cx - xy.x / (2 * 2.0.squareRoot()) * w / 2), py = Int(cy - xy.y / 2.0.squareRoot() * h / 2)
            #expect(decode[image.pixel(px, py)] == p, "HEALPix pixel \(p) (nside \(nside), \(panelFrame) panel) at (\(px), \(py))")
            checked += 1
        }
        #expect(checked > n * 9 / 10)
    }
}

import Testing
import Foundation
import FolioSky
@testable import FolioPlot

/// The raster's output-pixel -> HEALPix-pixel table (Mollweide's latitude terms once per row, kept
/// in `PixelIndexCache`) equals the per-pixel inverse projection it replaced, pixel for pixel.
@Suite struct HEALPixRasterTests {
    /// The table as `HEALPixRaster.fill` computed it per pixel before: full inverse at every pixel.
    static func reference(columns: Int, rows: Int, geometry g: SkyGeometry, mapFrame: CoordinateFrame, healpix: HEALPix) -> [Int32] {
        let rotation = g.frame.rotation(to: mapFrame).flat, rotate = g.frame != mapFrame
        let a = SkyProjection.halfWidth, b = SkyProjection.halfHeight
        let rimX = 2.0 / Double(columns) * 2, rimY = 2.0 / Double(rows) * 2
        var out = [Int32](repeating: -1, count: columns * rows)
        for j in 0..<rows {
            let y = b - (Double(j) + 0.5) / Double(rows) * 2 * b
            for i in 0..<columns {
                let x = -(-a + (Double(i) + 0.5) / Double(columns) * 2 * a)
                let e = (x / a) * (x / a) + (y / b) * (y / b)
                if e > (1 + rimX) * (1 + rimY) { continue }
                var px = x, py = y
                if e > 1 { let s = (1 - 1e-12) / e.squareRoot(); px *= s; py *= s }
                guard let s = g.projection.inverse(x: px, y: py) else { continue }
                var lon = s.longitude + g.centerLongitude, lat = s.latitude
                if rotate {
                    let cl = cos(lat)
                    let vx = cl * cos(lon), vy = cl * sin(lon), vz = sin(lat)
                    let rx = rotation[0] * vx + rotation[1] * vy + rotation[2] * vz
                    let ry = rotation[3] * vx + rotation[4] * vy + rotation[5] * vz
                    let rz = rotation[6] * vx + rotation[7] * vy + rotation[8] * vz
                    lon = atan2(ry, rx); lat = asin(max(-1, min(1, rz)))
                }
                lon = lon.truncatingRemainder(dividingBy: 2 * .pi)
                if lon < 0 { lon += 2 * .pi }
                out[j * columns + i] = Int32(healpix.pixel(theta: max(0, min(.pi, .pi / 2 - lat)), phi: lon))
            }
        }
        return out
    }

    @Test(arguments: [(SkyProjection.mollweide, CoordinateFrame.equatorial), (.mollweide, .galactic), (.hammerAitoff, .galactic)])
    func tableEqualsThePerPixelInverse(projection: SkyProjection, panelFrame: CoordinateFrame) throws {
        let hp = try HEALPix(nside: 32)
        let g = SkyGeometry(projection: projection, frame: panelFrame, centerLongitudeDegrees: 30,
                            originX: 0, originY: 0, width: 400, height: 200)
        let fast = HEALPixRaster.pixelIndices(columns: 402, rows: 201, geometry: g, mapFrame: .equatorial, healpix: hp)
        let plain = Self.reference(columns: 402, rows: 201, geometry: g, mapFrame: .equatorial, healpix: hp)
        #expect(fast == plain)
        #expect(fast.filter { $0 >= 0 }.count > 402 * 201 * 3 / 4)   // the ellipse and its rim
    }

    /// A second draw of the same geometry reads the cached table and writes the same pixels.
    @Test func cachedTableGivesTheSamePixels() throws {
        let hp = try HEALPix(nside: 16)
        let g = SkyGeometry(projection: .mollweide, frame: .galactic, centerLongitudeDegrees: 0,
                            originX: 0, originY: 0, width: 300, height: 150)
        let colors = (0..<hp.pixelCount).map { UInt32(0xFF00_0000 | $0) }
        var first = [UInt32](repeating: 7, count: 300 * 150), second = first
        first.withUnsafeMutableBufferPointer {
            HEALPixRaster.fill($0.baseAddress!, stride: 300, columns: 300, rows: 150, geometry: g, mapFrame: .equatorial, healpix: hp, colors: colors)
        }
        second.withUnsafeMutableBufferPointer {
            HEALPixRaster.fill($0.baseAddress!, stride: 300, columns: 300, rows: 150, geometry: g, mapFrame: .equatorial, healpix: hp, colors: colors)
        }
        #expect(first == second)
        let plain = Self.reference(columns: 300, rows: 150, geometry: g, mapFrame: .equatorial, healpix: hp)
        #expect(first == plain.map { $0 < 0 ? 0 : colors[Int($0)] })
    }
}

import Foundation
import FolioSky

/// Rasterises a HEALPix map into an ARGB32 pixel grid by inverse projection: every output pixel's
/// centre is mapped back to the sky (inverse projection, then rotation into the map's frame) and
/// takes the colour of the HEALPix pixel containing it. This is exact at every output pixel
/// centre, for any nside, and costs one libchealpix lookup per output pixel.
enum HEALPixRaster {
    /// Grey for NaN / UNSEEN pixels, as healpy draws them.
    static let unseenARGB: UInt32 = 0xFF80_8080

    /// Per-HEALPix-pixel colours (premultiplied ARGB32, opaque).
    static func pixelColors(_ layer: HEALPixLayer, range: AxisRange) -> [UInt32] {
        let table = layer.colorScale.colorMap.argbTable
        let log = layer.colorScale.scale == .log10
        let a = log ? Foundation.log10(range.lower) : range.lower
        let b = log ? Foundation.log10(range.upper) : range.upper
        let inv = 1 / (b - a)
        return layer.values.map { v in
            guard v.isFinite, v > -1e30, !log || v > 0 else { return unseenARGB }
            let t = ((log ? Foundation.log10(v) : v) - a) * inv
            return table[ColorMap.index(t)]
        }
    }

    /// Fills `pixels` (row-major, `stride` words per row) for an image of `columns` × `rows`
    /// device pixels covering the ellipse box of `geometry` at `scale` device pixels per point.
    /// Pixels outside the ellipse (beyond a 2-pixel rim kept for antialiased clipping) are left 0.
    static func fill(_ pixels: UnsafeMutablePointer<UInt32>, stride: Int, columns: Int, rows: Int,
                     geometry: SkyGeometry, mapFrame: CoordinateFrame, healpix: HEALPix, colors: [UInt32]) {
        let rotation = geometry.frame.rotation(to: mapFrame).flat
        let rotate = geometry.frame != mapFrame
        let a = SkyProjection.halfWidth, b = SkyProjection.halfHeight
        let rimX = 2.0 / Double(columns) * 2, rimY = 2.0 / Double(rows) * 2
        let projection = geometry.projection
        let center = geometry.centerLongitude
        nonisolated(unsafe) let out = pixels
        colors.withUnsafeBufferPointer { colorBuffer in
            nonisolated(unsafe) let colorTable = colorBuffer
            DispatchQueue.concurrentPerform(iterations: rows) { j in
                // Plane coordinates of the pixel centre; x flipped (longitude grows leftwards).
                let y = b - (Double(j) + 0.5) / Double(rows) * 2 * b
                let row = out + j * stride
                for i in 0..<columns {
                    let x = -(-a + (Double(i) + 0.5) / Double(columns) * 2 * a)
                    var e = (x / a) * (x / a) + (y / b) * (y / b)
                    if e > (1 + rimX) * (1 + rimY) { row[i] = 0; continue }
                    var px = x, py = y
                    if e > 1 { let s = (1 - 1e-12) / e.squareRoot(); px *= s; py *= s; e = 1 }
                    guard let s = projection.inverse(x: px, y: py) else { row[i] = 0; continue }
                    var lon = s.longitude + center, lat = s.latitude
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
                    row[i] = colorTable[healpix.pixel(theta: max(0, min(.pi, .pi / 2 - lat)), phi: lon)]
                }
            }
        }
    }
}

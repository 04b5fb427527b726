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
        let indices = PixelIndexCache.shared.indices(
            PixelIndexCache.Key(columns: columns, rows: rows, projection: geometry.projection, frame: geometry.frame,
                                mapFrame: mapFrame, centerLongitudeBits: geometry.centerLongitude.bitPattern,
                                nside: healpix.nside)) {
            pixelIndices(columns: columns, rows: rows, geometry: geometry, mapFrame: mapFrame, healpix: healpix)
        }
        indices.withUnsafeBufferPointer { index in
            colors.withUnsafeBufferPointer { color in
                for j in 0..<rows {
                    let row = pixels + j * stride, first = j * columns
                    for i in 0..<columns {
                        let p = index[first + i]
                        row[i] = p < 0 ? 0 : color[Int(p)]
                    }
                }
            }
        }
    }

    /// The HEALPix pixel under every output pixel's centre (row-major, `columns` per row), or -1
    /// outside the ellipse and its 2-pixel rim: the inverse projection, then the rotation into the
    /// map's frame, then libchealpix's ang2pix. Mollweide's latitude terms depend on the row
    /// only and are computed once per row (the same expressions, so the same pixels).
    static func pixelIndices(columns: Int, rows: Int, geometry: SkyGeometry, mapFrame: CoordinateFrame,
                             healpix: HEALPix) -> [Int32] {
        let rotation = geometry.frame.rotation(to: mapFrame).flat
        let rotate = geometry.frame != mapFrame
        let a = SkyProjection.halfWidth, b = SkyProjection.halfHeight
        let rimX = 2.0 / Double(columns) * 2, rimY = 2.0 / Double(rows) * 2
        let projection = geometry.projection
        let center = geometry.centerLongitude
        var indices = [Int32](repeating: -1, count: columns * rows)
        indices.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: rows) { j in
                // Plane coordinates of the pixel centre; x flipped (longitude grows leftwards).
                let y = b - (Double(j) + 0.5) / Double(rows) * 2 * b
                let row = out + j * columns
                let mollweideRow = projection == .mollweide ? Mollweide.inverseRow(y: y) : nil
                for i in 0..<columns {
                    let x = -(-a + (Double(i) + 0.5) / Double(columns) * 2 * a)
                    var e = (x / a) * (x / a) + (y / b) * (y / b)
                    if e > (1 + rimX) * (1 + rimY) { continue }
                    var px = x, py = y
                    let inside = e <= 1
                    if !inside { let s = (1 - 1e-12) / e.squareRoot(); px *= s; py *= s; e = 1 }
                    let s: (longitude: Double, latitude: Double)?
                    if inside, let mollweideRow {
                        // Mollweide.inverse(x: px, y: py) with its row terms: e <= 1, so never nil.
                        s = (Mollweide.inverseLongitude(x: px, row: mollweideRow), mollweideRow.latitude)
                    } else {
                        s = projection.inverse(x: px, y: py)
                    }
                    guard let s else { continue }
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
                    row[i] = Int32(healpix.pixel(theta: max(0, min(.pi, .pi / 2 - lat)), phi: lon))
                }
            }
        }
        return indices
    }
}

/// The output-pixel -> HEALPix-pixel table of the last few (image size, nside, projection, frames,
/// centre) combinations: a report draws several maps of one geometry, and a map in a figure written
/// as PNG and PDF is rasterised twice; each draw after the first is a table look-up per pixel.
/// Thread-safe; at most `capacity` tables (5 MB each for 1600 x 800 pixels).
final class PixelIndexCache: @unchecked Sendable {
    struct Key: Hashable {
        let columns: Int, rows: Int
        let projection: SkyProjection, frame: CoordinateFrame, mapFrame: CoordinateFrame
        let centerLongitudeBits: UInt64
        let nside: Int
    }

    static let shared = PixelIndexCache(capacity: 4)
    private let capacity: Int
    private let lock = NSLock()
    private var tables: [(key: Key, indices: [Int32])] = []   // most recently used last

    init(capacity: Int) { self.capacity = capacity }

    func indices(_ key: Key, compute: () -> [Int32]) -> [Int32] {
        lock.lock()
        if let k = tables.firstIndex(where: { $0.key == key }) {
            let entry = tables.remove(at: k)
            tables.append(entry)
            lock.unlock()
            return entry.indices
        }
        lock.unlock()
        let computed = compute()   // outside the lock: it runs on every core
        lock.lock(); defer { lock.unlock() }
        if !tables.contains(where: { $0.key == key }) {
            tables.append((key, computed))
            if tables.count > capacity { tables.removeFirst() }
        }
        return computed
    }
}

import Foundation
import FolioCache

/// A per-pixel comparison of two images of the same size, with a picture of what changed.
///
/// A pixel counts as changed when any of its four channels differs by more than
/// `channelTolerance` (0...255), which absorbs antialiasing noise. The diff image shows the
/// reference faded towards white with changed pixels in solid red.
public struct PixelComparison: Sendable {
    public var width: Int
    public var height: Int
    public var changedPixels: Int
    public var maximumChannelDifference: Int
    /// Bounding box (x, y, width, height) of the changed pixels, nil if none changed.
    public var changedRegion: (x: Int, y: Int, width: Int, height: Int)?
    public var sizeChanged: Bool
    let diff: [UInt32]

    public var totalPixels: Int { width * height }

    /// Compares two PNG files (`old` is the reference).
    public init(old: URL, new: URL, channelTolerance: Int = 24) throws {
        self.init(old: try RasterImage(png: old), new: try RasterImage(png: new), channelTolerance: channelTolerance)
    }

    init(old: RasterImage, new: RasterImage, channelTolerance: Int) {
        width = new.width
        height = new.height
        guard old.width == new.width, old.height == new.height else {
            sizeChanged = true
            changedPixels = new.pixels.count
            maximumChannelDifference = 255
            diff = []
            return
        }
        sizeChanged = false
        var changed = 0, worst = 0
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        var picture = [UInt32](repeating: 0, count: new.pixels.count)
        for k in new.pixels.indices {
            let a = old.pixels[k], b = new.pixels[k]
            var delta = 0
            for shift: UInt32 in [0, 8, 16, 24] {
                delta = max(delta, abs(Int((a >> shift) & 0xFF) - Int((b >> shift) & 0xFF)))
            }
            worst = max(worst, delta)
            if delta > channelTolerance {
                changed += 1
                picture[k] = 0xFFFF_0000
                let x = k % width, y = k / width
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            } else {
                let g = (Int((a >> 8) & 0xFF) + 3 * 255) / 4
                picture[k] = 0xFF00_0000 | UInt32(g) << 16 | UInt32(g) << 8 | UInt32(g)
            }
        }
        changedPixels = changed
        maximumChannelDifference = worst
        changedRegion = maxX >= 0 ? (minX, minY, maxX - minX + 1, maxY - minY + 1) : nil
        diff = picture
    }

    /// Writes the diff picture as PNG (atomically). Returns false when the sizes differ.
    @discardableResult
    public func writeDiffImage(to url: URL) throws -> Bool {
        guard !sizeChanged else { return false }
        let data = try RasterImage(width: width, height: height, pixels: diff).pngData()
        try AtomicFile.write(data, to: url)
        return true
    }
}

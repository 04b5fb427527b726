import FolioPlot
import FolioReview
import Foundation

/// The PNG comparison `folio diff` uses: FolioPlot's per-pixel comparison with a diff picture.
public enum ImageComparisonProvider {
    public static let comparison: ImageComparison? = { old, new, diffImage in
        let c = try PixelComparison(old: old, new: new)
        let written = c.changedPixels > 0 ? try c.writeDiffImage(to: diffImage) : false
        return ImageDifference(changedPixels: c.changedPixels, totalPixels: c.totalPixels,
                               maximumChannelDifference: c.maximumChannelDifference,
                               changedRegion: c.changedRegion.map { [$0.x, $0.y, $0.width, $0.height] },
                               sizeChanged: c.sizeChanged, diffImageWritten: written)
    }
}

import FolioReview

/// The PNG comparison `folio diff` uses; nil until the plotting module provides a pixel reader.
public enum ImageComparisonProvider {
    public static var comparison: ImageComparison? { nil }
}

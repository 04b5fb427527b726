import FolioModel
import FolioSteps

/// Every analysis `folio` knows by name, in the order `folio list` shows them.
public enum AnalysisCatalog {
    /// Every analysis that can be built by name, including variants such as the quick flagship;
    /// each is built only when a command needs it (`folio build toy` never builds the gallery).
    public static let entries: [LazyAnalysis] = [
        LazyAnalysis("toy") { ToyAnalysis.analysis },
        LazyAnalysis("gallery") { GalleryAnalysis.analysis },
        LazyAnalysis("galactic-plane") { GalacticPlaneAnalysis.analysis },
        LazyAnalysis("galactic-plane-quick") { GalacticPlaneAnalysis.quick },
    ]

    /// What `folio build` builds when no analysis is named.
    public static let standardNames = ["toy", "gallery", "galactic-plane"]

    /// The standard analyses, built.
    public static var standard: [Analysis] { standardNames.map { name in entries.first { $0.name == name }!.analysis } }

    /// Every analysis, built.
    public static var all: [Analysis] { entries.map(\.analysis) }
}

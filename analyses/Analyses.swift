import FolioModel
import FolioSteps

/// Every analysis `folio` knows by name, in the order `folio list` shows them.
public enum AnalysisCatalog {
    /// What `folio build` builds when no analysis is named.
    public static let standard: [Analysis] = [
        ToyAnalysis.analysis,
        GalleryAnalysis.analysis,
        GalacticPlaneAnalysis.analysis,
    ]

    /// Every analysis that can be built by name, including variants such as the quick flagship.
    public static let all: [Analysis] = standard + [
        GalacticPlaneAnalysis.quick,
    ]
}

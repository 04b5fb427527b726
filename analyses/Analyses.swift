import FolioModel
import FolioSteps

/// Every analysis `folio` knows by name, in the order `folio list` shows them.
public enum AnalysisCatalog {
    public static let all: [Analysis] = [
        ToyAnalysis.analysis,
        GalleryAnalysis.analysis,
        GalacticPlaneAnalysis.analysis,
    ]
}

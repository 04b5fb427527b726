import FolioModel
import FolioPlot
import FolioSteps

/// One figure of every kind FolioPlot draws (lines, bands, error bars, histograms, heat maps,
/// log axes, sky maps in both frames with HEALPix maps, events and sources), each a figure step.
public enum GalleryAnalysis {
    public static let analysis = Analysis("gallery", title: "Folio figure gallery") {
        for (name, figure) in GalleryFigures.all() {
            InlineFigure(name, figure: figure)
        }
    }
}

import FolioModel
import FolioSteps

/// The self-contained example: a seeded toy data set with a small signal peak, an unbinned fit of
/// the signal fraction and background trials for its significance. Needs no external data.
public enum ToyAnalysis {
    public static let analysis = Analysis("toy", title: "A toy peak search: the whole Folio loop without external data", seed: 20_230_629) {
        ToySample("sample", events: 2000, signalFraction: 0.02)
        ToyFit("fit", on: "sample")
        ToyTrials("background", of: "fit", trials: 2000)
        ToyFitFigure("fit-figure", sample: "sample", fit: "fit")
        TSDistributionFigure("ts-distribution", trials: "background", observed: "fit.testStatistic",
                             title: "Background trials of the toy peak search")
    }
}

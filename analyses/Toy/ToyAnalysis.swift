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
        TSDistributionFigure("ts-distribution", trials: "background", observed: "fit.testStatistic")
        report
    }

    /// The prose is `report.md` beside this file, read when the analysis is planned (a prose edit
    /// reruns only the report); figures and tables are declared here and placed there by name.
    static let report = Report(
        markdownFile: .folioFile("analyses/Toy/report.md"),
        figures: [
            ReportFigure(name: "fit-figure", caption: "The toy data with the fitted model (solid) and its background part (dashed)."),
            ReportFigure(name: "ts-distribution",
                         caption: "Test statistic of background trials, with the observed value and the asymptotic ½δ(0) + ½χ²₁ expectation."),
        ],
        tables: [
            ReportTable(name: "summary", caption: "Fit and significance of the toy peak.",
                        columns: [.init(header: "Quantity", role: .text), .init(header: "Value", role: .value)],
                        rows: [
                            [.text("Signal fraction f"), .result("fit.signalFraction")],
                            [.text("Signal events"), .result("fit.signalEvents")],
                            [.text("Test statistic TS"), .result("fit.testStatistic")],
                            [.text("p-value from trials"), .result("background.pValue")],
                            [.text("Significance from trials"), .result("background.significance")],
                            [.text("Asymptotic significance √TS"), .result("background.significanceAsymptotic")],
                        ]),
        ])
}

import FolioPlot
import FolioRunner

/// The toy sample as a histogram with the fitted model (signal + background) and the
/// background-only part drawn over it.
public struct ToyFitFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "toy.fitFigure"
        public var bins: Int
    }

    public let spec: StepSpec

    public init(_ name: String, sample: StepRef, fit: StepRef, bins: Int = 50) {
        spec = StepSpec(name, Parameters(bins: bins), inputs: ["sample": .step(sample.name), "fit": .step(fit.name)])
    }
}

struct ToyFitFigureKind: StepKind {
    typealias Parameters = ToyFitFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot"]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let sample = try context.readJSON(ToySampleData.self, input: "sample", file: "sample.json")
        let fit = try context.readJSON(ToyFitResult.self, input: "fit", file: "fit.json")
        let shapes = sample.shapes
        let width = shapes.upper / Double(p.bins)
        let edges = (0...p.bins).map { Double($0) * width }
        let xs = stride(from: 0.0, through: shapes.upper, by: shapes.upper / 400).map { $0 }
        let n = Double(sample.x.count) * width
        let f = fit.signalFraction
        let total = xs.map { n * (f * shapes.signalDensity($0) + (1 - f) * shapes.backgroundDensity($0)) }
        let background = xs.map { n * (1 - f) * shapes.backgroundDensity($0) }
        let panel = PlotPanel(
            x: Axis(label: "<i>x</i>"),
            y: Axis(label: "events per bin"),
            series: [
                .histogram(Histogram(label: "toy data (\(sample.x.count) events)", samples: sample.x, edges: edges, filled: false)),
                .line(Line(label: "background only", x: xs, y: background, style: LineStyle(dash: .dashed))),
                .line(Line(label: String(format: "fit: signal fraction %.4f", f), x: xs, y: total)),
            ],
            legend: .best)
        try FigurePublishing.publish(Figure(name: context.stepName, panels: [.plot(panel)]), in: context)
    }
}

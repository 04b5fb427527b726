import Foundation
import FolioPlot
import FolioRunner
import FolioStatistics

/// The test-statistic distribution of background trials with the observed value marked, the
/// asymptotic expectation ½δ(0) + ½χ²₁ (Chernoff 1954; Wilks for one parameter on its boundary)
/// drawn for comparison, and the tail η·χ²ₖ fitted to the trials (`BackgroundTSDistribution`), which
/// gives the p-value where the trials run out.
///
/// Reads `ts.json` (an array of TS values) from the trials step and the observed TS from a result
/// of another step, named `"<step>.<field>"`.
public struct TSDistributionFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.tsDistribution"
        public var observedResult: String
        public var bins: Int
        public var title: String?
    }

    public let spec: StepSpec

    public init(_ name: String, trials: StepRef, observed: String, bins: Int = 40, title: String? = nil) {
        let step = String(observed.split(separator: ".").first ?? "")
        spec = StepSpec(name, Parameters(observedResult: observed, bins: bins, title: title),
                        inputs: ["trials": .step(trials.name), "observed": .step(step)])
    }
}

struct TSDistributionFigureKind: StepKind {
    typealias Parameters = TSDistributionFigure.Parameters
    static let version = 2
    static let codeModules = ["FolioPlot", "FolioStatistics"]

    /// The observed TS, checked against the observing step's declared results when planning.
    static func resultReferences(_ p: Parameters) -> [ResultReference] {
        let parts = p.observedResult.split(separator: ".").map(String.init)
        guard parts.count == 2 else { return [] }
        return [ResultReference(location: "parameter 'observedResult'", text: p.observedResult, step: parts[0], field: parts[1])]
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.bins < 2 { problems.append("parameter 'bins' must be at least 2, found \(p.bins)") }
        if p.observedResult.split(separator: ".").count != 2 {
            problems.append("parameter 'observedResult' must name a result as '<step>.<field>', found '\(p.observedResult)'")
        }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let ts = try TrialDistribution.read(input: "trials", in: context).ts
        let field = String(p.observedResult.split(separator: ".")[1])
        guard let observed = try context.outputs(of: "observed").results[field]?.value else {
            throw SpecProblem("step '\(context.stepName)'", "result '\(p.observedResult)' does not exist or has no value")
        }
        let upper = max(observed, ts.max() ?? 1) * 1.15
        let width = upper / Double(p.bins)
        let edges = (0...p.bins).map { Double($0) * width }
        let histogram = Histogram(label: "background trials (\(ts.count))", samples: ts, edges: edges, filled: true, opacity: 0.55)
        // Expected trials per bin from ½δ(0) + ½χ²₁: the δ puts half of all trials in the first bin.
        let centers = (0..<p.bins).map { (Double($0) + 0.5) * width }
        let n = Double(ts.count)
        let expected = centers.enumerated().map { i, x -> Double in
            let chi2 = 0.5 * (erf(((Double(i) + 1) * width / 2).squareRoot()) - erf((Double(i) * width / 2).squareRoot()))
            return n * (chi2 + (i == 0 ? 0.5 : 0))
        }
        // The fitted tail: η of the trials above zero follow χ²ₖ with k fitted to them.
        let distribution = BackgroundTSDistribution(trials: ts)
        let tail = ChiSquare(degreesOfFreedom: distribution.degreesOfFreedom)
        let fitted = (0..<p.bins).map { i -> Double in
            n * distribution.eta * (tail.survival(Double(i) * width) - tail.survival(Double(i + 1) * width))
        }
        var tailSeries: [Series] = []
        if distribution.eta > 0 {
            let label = String(format: "fitted tail η·χ²<sub>k</sub> (η = %.2f, k = %.2f)", distribution.eta, distribution.degreesOfFreedom)
            tailSeries = [.line(Line(label: label, x: centers, y: fitted.map { max($0, 1e-3) },
                                     style: LineStyle(color: .blue, width: 1.4)))]
        }
        let panel = PlotPanel(
            title: p.title,
            // An observed TS at 0 would sit on the left spine, invisible: start the axis just below 0.
            x: Axis(label: "test statistic TS", range: observed < 0.01 * upper ? AxisRange(-0.04 * upper, upper) : nil),
            y: Axis(label: "trials per bin", scale: .log10, range: AxisRange(0.5, n * 1.5)),
            series: [
                .histogram(histogram),
                .line(Line(label: "½δ(0) + ½χ²<sub>1</sub>", x: centers, y: expected.map { max($0, 1e-3) },
                           style: LineStyle(color: .black, width: 1.2, dash: .dashed))),
            ] + tailSeries + [
                .referenceLine(ReferenceLine(.vertical, at: observed, label: String(format: "observed TS = %.2f", observed),
                                             style: LineStyle(color: .vermillion, width: 1.8))),
            ],
            legend: .best)
        try FigurePublishing.publish(Figure(name: context.stepName, panels: [.plot(panel)]), in: context)
    }
}

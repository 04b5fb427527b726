import Foundation
import FolioIceCube
import FolioPlot
import FolioRunner

/// TS versus spectral index γ from an `icecube.spectralProfile` step: the profile, the level
/// TS_max − 1 that bounds the 68% interval (Wilks), the interval's ends, and the index the template
/// fit uses. When TS ≡ 0 the panel says that γ is unconstrained.
public struct SpectralProfileFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.spectralProfile"
        public var title: String?
    }

    public let spec: StepSpec

    public init(_ name: String, profile: StepRef, title: String? = nil) {
        spec = StepSpec(name, Parameters(title: title), inputs: ["profile": .step(profile.name)])
    }
}

struct SpectralProfileFigureKind: StepKind {
    typealias Parameters = SpectralProfileFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot", "FolioIceCube"]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let profile = try context.readJSON(SpectralIndexProfile.self, input: "profile", file: "profile.json")
        let fitGamma = try SpectralProfileOutput.read(input: "profile", in: context).fitGamma
        let gammas = profile.points.map(\.gamma), ts = profile.points.map(\.ts)
        let tsMax = profile.peak.ts
        let top = max(2, tsMax * 1.25)
        let accent = Color.vermillion
        var series: [Series] = [
            .line(Line(label: "TS(γ), n<sub>s</sub> profiled", x: gammas, y: ts, style: LineStyle(color: .black, width: 1.6))),
            .scatter(Scatter(x: gammas, y: ts, marker: .circle, markerSize: 4, color: .black)),
        ]
        var annotations: [Annotation] = []
        if tsMax > 1 {
            series.append(.referenceLine(ReferenceLine(.horizontal, at: tsMax - 1, label: "TS<sub>max</sub> − 1 (68%)",
                                                       style: LineStyle(color: accent, width: 1, dash: .dashed))))
        }
        for (end, fromData) in [(profile.interval68.lower, profile.lowerEndFromData), (profile.interval68.upper, profile.upperEndFromData)] where fromData {
            series.append(.referenceLine(ReferenceLine(.vertical, at: end, style: LineStyle(color: accent, width: 0.8, dash: .dotted))))
        }
        let middle = 0.5 * (gammas.first! + gammas.last!)
        if profile.isConstrained, let best = profile.bestGamma {
            annotations.append(Annotation(String(format: "best γ = %.2f, 68%%: %.2f – %.2f", best, profile.interval68.lower, profile.interval68.upper),
                                          x: middle, y: 0.92 * top, alignment: .center, color: accent))
        } else if profile.bestGamma == nil {
            annotations.append(Annotation("n̂<sub>s</sub> = 0 at every γ: TS ≡ 0, γ unconstrained", x: middle, y: 0.55 * top, alignment: .center, color: accent))
        } else {
            annotations.append(Annotation(String(format: "TS<sub>max</sub> = %.2f; the 68%% interval reaches the grid's edge: γ not constrained", tsMax),
                                          x: middle, y: 0.45 * top, alignment: .center, color: accent))
        }
        series.append(.referenceLine(ReferenceLine(.vertical, at: fitGamma, label: String(format: "γ of the template fit (%.2f)", fitGamma),
                                                   style: LineStyle(color: .gray, width: 1, dash: .dashed))))
        let pad = 0.03 * (gammas.last! - gammas.first!)
        let panel = PlotPanel(title: p.title,
                              x: Axis(label: "spectral index γ (d<i>N</i>/d<i>E</i> ∝ <i>E</i><sup>−γ</sup>)",
                                      range: AxisRange(gammas.first! - pad, gammas.last! + pad)),
                              y: Axis(label: "test statistic TS", range: AxisRange(min(0, ts.min()!) - 0.05 * top, top)),
                              series: series, annotations: annotations, legend: .upperRight, grid: true)
        // A profile that says nothing (n̂ₛ = 0 at every γ) gets a short panel, not a full figure's height.
        let height = profile.bestGamma == nil ? 2.4 : 4.0
        try FigurePublishing.publish(Figure(name: context.stepName, width: 6.4, height: height, panels: [.plot(panel)]), in: context)
    }
}

import FolioPlot
import FolioRunner

/// A figure whose data are written into the analysis itself (e.g. the gallery, or a sketch).
///
/// ```swift
/// InlineFigure("sketch", figure: Figure(name: "sketch", panels: [.plot(PlotPanel(series: [...]))]))
/// ```
public struct InlineFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.inline"
        public var figure: Figure
    }

    public let spec: StepSpec

    public init(_ name: String, figure: Figure) {
        spec = StepSpec(name, Parameters(figure: figure))
    }
}

struct InlineFigureKind: StepKind {
    typealias Parameters = InlineFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot"]

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        do { try p.figure.validate(); return [] } catch { return ["\(error)"] }
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        try FigurePublishing.publish(p.figure, in: context)
    }
}

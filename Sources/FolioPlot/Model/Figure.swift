import Foundation
import FolioModel

/// A figure as a value: panels, their data and their styling, everything needed to draw it.
///
/// Because the data is embedded, a figure can be hashed, cached and diffed like any other result;
/// drawing it (``render(_:format:to:)``) is a pure function of the value.
///
/// ```swift
/// let fig = Figure(name: "spectrum", panels: [
///     .plot(PlotPanel(x: Axis(label: "E [GeV]", scale: .log10),
///                     y: Axis(label: "E<sup>2</sup> dN/dE [GeV cm<sup>−2</sup> s<sup>−1</sup>]", scale: .log10),
///                     series: [.line(Line(label: "best fit", x: [1e3, 1e6], y: [1e-8, 1e-9]))]))
/// ])
/// try render(fig, format: .png(dpi: 150), to: URL(fileURLWithPath: "spectrum.png"))
/// ```
public struct Figure: Codable, Hashable, Sendable {
    /// Used in error messages and as a default file name.
    public var name: String
    /// Size in inches (matplotlib's default is 6.4 × 4.8).
    public var width: Double
    public var height: Double
    /// Optional title over the whole figure (Pango markup).
    public var title: String?
    /// Panels, laid out row by row in a grid of `columns` columns.
    public var panels: [Panel]
    public var columns: Int
    /// Panels in the same grid column share one x range; only the bottom row shows x tick labels.
    public var sharedX: Bool
    /// Panels in the same grid row share one y range; only the left column shows y tick labels.
    public var sharedY: Bool
    /// Base font size in points (tick labels, axis labels and legend use it; titles are 1.2×).
    public var fontSize: Double
    /// One colour bar below all panels, for maps drawn on one colour scale (their own bars hidden
    /// with `showColorBar: false`): three bars for one scale only repeat themselves.
    public var colorBar: FigureColorBar?

    public init(name: String, width: Double = 6.4, height: Double = 4.8, title: String? = nil,
                panels: [Panel], columns: Int = 1, sharedX: Bool = false, sharedY: Bool = false,
                fontSize: Double = 10, colorBar: FigureColorBar? = nil) {
        self.name = name; self.width = width; self.height = height; self.title = title
        self.panels = panels; self.columns = columns; self.sharedX = sharedX; self.sharedY = sharedY
        self.fontSize = fontSize; self.colorBar = colorBar
    }

    /// Number of grid rows, ⌈panels / columns⌉.
    public var rows: Int { (panels.count + max(1, columns) - 1) / max(1, columns) }
}

/// A colour bar shared by the whole figure; its scale must carry an explicit range (the one the
/// panels' maps use).
public struct FigureColorBar: Codable, Hashable, Sendable {
    public var colorScale: ColorScale
    /// Pango markup, with units, e.g. "template density [sr<sup>−1</sup>]".
    public var label: String?
    public init(colorScale: ColorScale, label: String? = nil) { self.colorScale = colorScale; self.label = label }
}

/// One cell of a figure: a Cartesian plot or a whole-sky map.
public enum Panel: Codable, Hashable, Sendable {
    case plot(PlotPanel)
    case sky(SkyPanel)
}

/// The output formats; all three come from the same drawing code.
public enum FigureFormat: Hashable, Codable, Sendable {
    /// PNG at `dpi` pixels per inch (image size = figure size × dpi).
    case png(dpi: Double)
    case svg
    case pdf

    /// The conventional file extension.
    public var fileExtension: String {
        switch self {
        case .png: return "png"
        case .svg: return "svg"
        case .pdf: return "pdf"
        }
    }
}

// JSON: `{"plot": {…}}`, `{"sky": {…}}` (see `TaggedCase` in FolioModel).
extension Panel {
    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: ["plot", "sky"])
        switch tagged.name {
        case "plot": self = .plot(try tagged.value(PlotPanel.self))
        default: self = .sky(try tagged.value(SkyPanel.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .plot(let p): try TaggedCase.encode("plot", p, to: encoder)
        case .sky(let p): try TaggedCase.encode("sky", p, to: encoder)
        }
    }
}

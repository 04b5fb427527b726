import Foundation
import FolioModel

/// A data series in a ``PlotPanel``. Series without a colour take the next default colour
/// (``Color/cycle``) in order; series with a `label` appear in the legend.
public enum Series: Codable, Hashable, Sendable {
    case line(Line)
    case step(Step)
    case scatter(Scatter)
    case band(Band)
    case histogram(Histogram)
    case heatMap(HeatMap)
    case referenceLine(ReferenceLine)

    /// The legend label, if any.
    public var label: String? {
        switch self {
        case .line(let s): return s.label
        case .step(let s): return s.label
        case .scatter(let s): return s.label
        case .band(let s): return s.label
        case .histogram(let s): return s.label
        case .heatMap: return nil
        case .referenceLine(let s): return s.label
        }
    }
}

/// How a line is stroked. Widths in points.
public struct LineStyle: Codable, Hashable, Sendable {
    public var color: Color?
    public var width: Double
    public var dash: Dash
    public var opacity: Double

    public init(color: Color? = nil, width: Double = 1.5, dash: Dash = .solid, opacity: Double = 1) {
        self.color = color; self.width = width; self.dash = dash; self.opacity = opacity
    }
}

public enum Dash: String, Codable, Hashable, Sendable { case solid, dashed, dotted, dashDot }

/// A polyline through (x[i], y[i]).
public struct Line: Codable, Hashable, Sendable {
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    public var style: LineStyle
    public init(label: String? = nil, x: [Double], y: [Double], style: LineStyle = LineStyle()) {
        self.label = label; self.x = x; self.y = y; self.style = style
    }
}

/// A piecewise-constant curve: value[i] on [edges[i], edges[i+1]) (edges.count == values.count + 1).
/// On a log y axis a value of 0 is an empty bin and leaves a gap in the curve.
public struct Step: Codable, Hashable, Sendable {
    public var label: String?
    public var edges: [Double]
    public var values: [Double]
    public var style: LineStyle
    public init(label: String? = nil, edges: [Double], values: [Double], style: LineStyle = LineStyle()) {
        self.label = label; self.edges = edges; self.values = values; self.style = style
    }
}

/// Markers at (x, y) with optional asymmetric error bars (distances from the point, ≥ 0) and
/// optional upper-limit arrows (drawn down from y where `upperLimit[i]` is true).
public struct Scatter: Codable, Hashable, Sendable {
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    public var xErrorMinus: [Double]?
    public var xErrorPlus: [Double]?
    public var yErrorMinus: [Double]?
    public var yErrorPlus: [Double]?
    public var upperLimit: [Bool]?
    public var marker: Marker
    /// Marker diameter in points.
    public var markerSize: Double
    public var color: Color?

    public init(label: String? = nil, x: [Double], y: [Double],
                xErrorMinus: [Double]? = nil, xErrorPlus: [Double]? = nil,
                yErrorMinus: [Double]? = nil, yErrorPlus: [Double]? = nil,
                upperLimit: [Bool]? = nil, marker: Marker = .circle, markerSize: Double = 5, color: Color? = nil) {
        self.label = label; self.x = x; self.y = y
        self.xErrorMinus = xErrorMinus; self.xErrorPlus = xErrorPlus
        self.yErrorMinus = yErrorMinus; self.yErrorPlus = yErrorPlus
        self.upperLimit = upperLimit; self.marker = marker; self.markerSize = markerSize; self.color = color
    }
}

public enum Marker: String, Codable, Hashable, Sendable { case circle, square, diamond, triangle, cross, plus, star }

/// A filled region between `lower` and `upper` over x, e.g. a 68% flux band; optional central line.
public struct Band: Codable, Hashable, Sendable {
    public var label: String?
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var color: Color?
    public var opacity: Double
    public init(label: String? = nil, x: [Double], lower: [Double], upper: [Double], color: Color? = nil, opacity: Double = 0.3) {
        self.label = label; self.x = x; self.lower = lower; self.upper = upper; self.color = color; self.opacity = opacity
    }
}

/// Bin contents over `edges` (edges.count == counts.count + 1), drawn filled or as an outline.
public struct Histogram: Codable, Hashable, Sendable {
    public var label: String?
    public var edges: [Double]
    public var counts: [Double]
    public var filled: Bool
    public var color: Color?
    public var opacity: Double
    public var lineWidth: Double

    public init(label: String? = nil, edges: [Double], counts: [Double], filled: Bool = true,
                color: Color? = nil, opacity: Double = 0.6, lineWidth: Double = 1.5) {
        self.label = label; self.edges = edges; self.counts = counts; self.filled = filled
        self.color = color; self.opacity = opacity; self.lineWidth = lineWidth
    }

    /// Bins `samples` (optionally weighted) into `edges`: bin i holds the sum of weights of samples
    /// in [edges[i], edges[i+1]), the last bin also includes its upper edge (numpy's convention);
    /// samples outside the edges, and NaN, are dropped.
    public init(label: String? = nil, samples: [Double], weights: [Double]? = nil, edges: [Double],
                filled: Bool = true, color: Color? = nil, opacity: Double = 0.6, lineWidth: Double = 1.5) {
        var counts = [Double](repeating: 0, count: max(0, edges.count - 1))
        if edges.count >= 2 {
            for (i, s) in samples.enumerated() where s >= edges[0] && s <= edges[edges.count - 1] {
                var lo = 0, hi = edges.count - 1   // binary search: edges[lo] <= s < edges[hi]
                while hi - lo > 1 { let mid = (lo + hi) / 2; if s >= edges[mid] { lo = mid } else { hi = mid } }
                counts[min(lo, counts.count - 1)] += weights?[i] ?? 1
            }
        }
        self.init(label: label, edges: edges, counts: counts, filled: filled, color: color, opacity: opacity, lineWidth: lineWidth)
    }
}

/// A 2-D map of `values` on the grid `xEdges` × `yEdges`, coloured through `colorMap`, with a
/// colour bar. `values` is row-major: values[j * nx + i] is the cell [xEdges[i], xEdges[i+1]) ×
/// [yEdges[j], yEdges[j+1]). Cells that cannot be coloured (non-finite, or ≤ 0 on a log10 colour
/// scale) stay empty; prefer 0 with a log scale over NaN, because JSON (the runner's hashing
/// format) has no NaN. Evenly spaced edges (in the axis' scale) are drawn as one image.
public struct HeatMap: Codable, Hashable, Sendable {
    public var xEdges: [Double]
    public var yEdges: [Double]
    public var values: [Double]
    public var colorScale: ColorScale
    /// Colour bar label (Pango markup).
    public var colorBarLabel: String?
    public init(xEdges: [Double], yEdges: [Double], values: [Double], colorScale: ColorScale = ColorScale(),
                colorBarLabel: String? = nil) {
        self.xEdges = xEdges; self.yEdges = yEdges; self.values = values
        self.colorScale = colorScale; self.colorBarLabel = colorBarLabel
    }
}

/// A value-to-colour mapping: colour map, linear or log10 normalisation, optional fixed range
/// (otherwise the finite data range).
public struct ColorScale: Codable, Hashable, Sendable {
    public var colorMap: ColorMap
    public var scale: AxisScale
    public var range: AxisRange?
    public init(colorMap: ColorMap = .viridis, scale: AxisScale = .linear, range: AxisRange? = nil) {
        self.colorMap = colorMap; self.scale = scale; self.range = range
    }
}

/// A vertical (x = value) or horizontal (y = value) line across the whole panel.
public struct ReferenceLine: Codable, Hashable, Sendable {
    public enum Orientation: String, Codable, Hashable, Sendable { case vertical, horizontal }
    public var orientation: Orientation
    public var value: Double
    public var label: String?
    public var style: LineStyle
    public init(_ orientation: Orientation, at value: Double, label: String? = nil,
                style: LineStyle = LineStyle(color: .gray, width: 1, dash: .dashed)) {
        self.orientation = orientation; self.value = value; self.label = label; self.style = style
    }
}

// JSON: `{"line": {…}}`, `{"histogram": {…}}`, … (see `TaggedCase` in FolioModel).
extension Series {
    private static let cases = ["line", "step", "scatter", "band", "histogram", "heatMap", "referenceLine"]

    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: Self.cases)
        switch tagged.name {
        case "line": self = .line(try tagged.value(Line.self))
        case "step": self = .step(try tagged.value(Step.self))
        case "scatter": self = .scatter(try tagged.value(Scatter.self))
        case "band": self = .band(try tagged.value(Band.self))
        case "histogram": self = .histogram(try tagged.value(Histogram.self))
        case "heatMap": self = .heatMap(try tagged.value(HeatMap.self))
        default: self = .referenceLine(try tagged.value(ReferenceLine.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .line(let s): try TaggedCase.encode("line", s, to: encoder)
        case .step(let s): try TaggedCase.encode("step", s, to: encoder)
        case .scatter(let s): try TaggedCase.encode("scatter", s, to: encoder)
        case .band(let s): try TaggedCase.encode("band", s, to: encoder)
        case .histogram(let s): try TaggedCase.encode("histogram", s, to: encoder)
        case .heatMap(let s): try TaggedCase.encode("heatMap", s, to: encoder)
        case .referenceLine(let s): try TaggedCase.encode("referenceLine", s, to: encoder)
        }
    }
}

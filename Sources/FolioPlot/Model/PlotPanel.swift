import Foundation

/// A Cartesian plot: two axes, data series drawn in order, annotations on top, a legend.
public struct PlotPanel: Codable, Hashable, Sendable {
    public var title: String?
    public var x: Axis
    public var y: Axis
    public var series: [Series]
    public var annotations: [Annotation]
    public var legend: LegendPlacement
    /// Light grid lines at the major ticks.
    public var grid: Bool

    public init(title: String? = nil, x: Axis = Axis(), y: Axis = Axis(), series: [Series],
                annotations: [Annotation] = [], legend: LegendPlacement = .best, grid: Bool = false) {
        self.title = title; self.x = x; self.y = y; self.series = series
        self.annotations = annotations; self.legend = legend; self.grid = grid
    }
}

/// One axis: its label (Pango markup, with units, e.g. `"E<sup>2</sup> dN/dE [TeV cm<sup>−2</sup> s<sup>−1</sup>]"`),
/// scale and optional fixed range (otherwise the data range plus a 5% margin, as matplotlib does).
public struct Axis: Codable, Hashable, Sendable {
    public var label: String?
    public var scale: AxisScale
    public var range: AxisRange?

    public init(label: String? = nil, scale: AxisScale = .linear, range: AxisRange? = nil) {
        self.label = label; self.scale = scale; self.range = range
    }
}

public enum AxisScale: String, Codable, Hashable, Sendable {
    case linear
    /// Base-10 logarithmic; every value drawn on it must be positive.
    case log10
}

/// A closed interval [lower, upper] in data units.
public struct AxisRange: Codable, Hashable, Sendable {
    public var lower: Double
    public var upper: Double
    public init(_ lower: Double, _ upper: Double) { self.lower = lower; self.upper = upper }
}

/// Where the legend goes; `.best` picks the corner that covers the fewest data points.
public enum LegendPlacement: String, Codable, Hashable, Sendable {
    case best, upperRight, upperLeft, lowerLeft, lowerRight, upperCenter, lowerCenter, none
}

/// Free text placed at a data position (Pango markup).
public struct Annotation: Codable, Hashable, Sendable {
    public var text: String
    public var x: Double
    public var y: Double
    public var alignment: TextAlignment
    public var color: Color
    /// Optional arrow from the text to this data point.
    public var arrowTo: DataPoint?

    public init(_ text: String, x: Double, y: Double, alignment: TextAlignment = .left,
                color: Color = .black, arrowTo: DataPoint? = nil) {
        self.text = text; self.x = x; self.y = y; self.alignment = alignment; self.color = color
        self.arrowTo = arrowTo
    }
}

public struct DataPoint: Codable, Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

public enum TextAlignment: String, Codable, Hashable, Sendable { case left, center, right }

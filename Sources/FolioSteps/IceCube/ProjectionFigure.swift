import Foundation
import FolioPlot
import FolioRunner

/// The figures of an `ExposureProjection` step, from its `projection.json`:
/// - `.calendar`: median expected significance (16–84% band) versus calendar year for IceCube and
///   the larger-detector scenario, with the injection points that calibrate it;
/// - `.sites`: versus years of operation for IceCube, the second site and both combined;
/// - `.exposure`: events per year from a point source versus declination at both sites.
public struct ProjectionFigure: StepDeclaration {
    public enum Panel: String, Codable, Sendable { case calendar, sites, exposure }
    public struct Parameters: StepParameters {
        public static let kind = "figure.projection"
        public var panel: Panel
    }

    public let spec: StepSpec

    public init(_ name: String, projection: StepRef, panel: Panel) {
        spec = StepSpec(name, Parameters(panel: panel), inputs: ["projection": .step(projection.name)])
    }
}

struct ProjectionFigureKind: StepKind {
    typealias Parameters = ProjectionFigure.Parameters
    static let version = 2  // 2: exposure panel leaves room for the legend
    static let codeModules = ["FolioPlot"]

    static let palette = [Color.blue, .vermillion, .bluishGreen, .reddishPurple]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let data = try context.readJSON(ProjectionData.self, input: "projection", file: "projection.json")
        let panel: PlotPanel
        switch p.panel {
        case .calendar: panel = calendar(data)
        case .sites: panel = sites(data)
        case .exposure: panel = exposure(data)
        }
        try FigurePublishing.publish(Figure(name: context.stepName, width: 6.4, height: 4.4, panels: [.plot(panel)]), in: context)
    }

    static func curves(_ curves: [ProjectionData.Curve]) -> [Series] {
        var out: [Series] = []
        for (i, c) in curves.enumerated() {
            let color = palette[i % palette.count]
            out.append(.band(Band(x: c.x, lower: c.lower, upper: c.upper, color: color, opacity: 0.18)))
            out.append(.line(Line(label: c.label, x: c.x, y: c.median, style: LineStyle(color: color, width: 1.8))))
        }
        return out
    }

    static func thresholds() -> [Series] {
        [3.0, 5.0].map { .referenceLine(ReferenceLine(.horizontal, at: $0, label: nil, style: LineStyle(color: Color(red: 0.5, green: 0.5, blue: 0.5), width: 0.8, dash: .dotted))) }
    }

    static func calendar(_ data: ProjectionData) -> PlotPanel {
        var series = curves(data.calendar)
        let measured = data.points.filter { $0.sample.hasPrefix("IceCube") && $0.year != nil }
        series.append(.scatter(Scatter(label: "injection trials, √TS (median, 16–84%)", x: measured.map { $0.year! },
                                       y: measured.map(\.expected.asymptoticMedian),
                                       yErrorMinus: measured.map { $0.expected.asymptoticMedian - $0.expected.asymptoticLower },
                                       yErrorPlus: measured.map { $0.expected.asymptoticUpper - $0.expected.asymptoticMedian },
                                       marker: .circle, markerSize: 5, color: .black)))
        series += thresholds()
        series.append(.referenceLine(ReferenceLine(.vertical, at: data.gen2StartYear, label: nil,
                                                   style: LineStyle(color: palette[1], width: 0.8, dash: .dashed))))
        let top = (data.calendar.flatMap(\.upper).max() ?? 5) * 1.05
        return PlotPanel(x: Axis(label: "year"), y: Axis(label: "expected significance [σ]", range: AxisRange(0, max(top, 5.5))),
                         series: series, legend: .upperLeft)
    }

    static func sites(_ data: ProjectionData) -> PlotPanel {
        var series = curves(data.sites)
        let site = data.points.filter { $0.sample == "site" }
        if !site.isEmpty, data.siteExposurePerYear > 0 {
            series.append(.scatter(Scatter(label: "site injection trials, √TS", x: site.map { $0.exposureFactor / data.siteExposurePerYear }, y: site.map(\.expected.asymptoticMedian),
                                           yErrorMinus: site.map { $0.expected.asymptoticMedian - $0.expected.asymptoticLower },
                                           yErrorPlus: site.map { $0.expected.asymptoticUpper - $0.expected.asymptoticMedian },
                                           marker: .square, markerSize: 5, color: palette[1])))
        }
        series += thresholds()
        let top = (data.sites.flatMap(\.upper).max() ?? 5) * 1.05
        return PlotPanel(x: Axis(label: "years of operation"), y: Axis(label: "expected significance [σ]", range: AxisRange(0, max(top, 5.5))),
                         series: series, legend: .upperLeft)
    }

    static func exposure(_ data: ProjectionData) -> PlotPanel {
        func steps(_ v: [Double]) -> [Double] { v.map { max($0, 1e-4) } }
        let series: [Series] = [
            .line(Line(label: "IceCube (IC86, South Pole)", x: data.decCentresDegrees, y: steps(data.icecubeEventsPerYear),
                       style: LineStyle(color: palette[0], width: 1.8))),
            .line(Line(label: "same detector at \(data.siteName)", x: data.decCentresDegrees, y: steps(data.siteEventsPerYear),
                       style: LineStyle(color: palette[1], width: 1.8))),
            .referenceLine(ReferenceLine(.vertical, at: -29.0, label: "Galactic centre", style: LineStyle(color: Color(red: 0.4, green: 0.4, blue: 0.4), width: 0.8, dash: .dashed))),
        ]
        return PlotPanel(x: Axis(label: "declination δ [°]", range: AxisRange(-90, 90)),
                         y: Axis(label: "events per year (point source, <i>E</i><sup>−2.7</sup>)", scale: .log10,
                                 range: AxisRange(0.05, 50 * (data.icecubeEventsPerYear + data.siteEventsPerYear).max()!)),
                         series: series, legend: .upperCenter)
    }
}

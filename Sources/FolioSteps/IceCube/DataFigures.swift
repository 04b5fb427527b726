import Foundation
import FolioPlot
import FolioRunner
import FolioSky

/// The selected events on a Galactic Mollweide map (longitude increasing to the left).
public struct EventSkyMapFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.eventSkyMap"
        public var frame: CoordinateFrame
        public var title: String?
    }

    public let spec: StepSpec

    public init(_ name: String, data: StepRef, frame: CoordinateFrame = .galactic, title: String? = nil) {
        spec = StepSpec(name, Parameters(frame: frame, title: title), inputs: ["data": .step(data.name)])
    }
}

struct EventSkyMapFigureKind: StepKind {
    typealias Parameters = EventSkyMapFigure.Parameters
    static let version = 2  // 2: events rasterised in SVG/PDF
    static let codeModules = ["FolioPlot", "FolioSky"]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let events = try context.readJSON(SelectedEvents.self, input: "data", file: "events.json")
        let panel = SkyPanel(title: p.title, frame: p.frame, centerLongitude: 0,
                             events: [SkyEvents(label: "\(events.ra.count) events", frame: .equatorial,
                                                longitudes: events.ra, latitudes: events.dec, markerSize: 1.2)],
                             sources: [SkySource("Galactic centre", frame: .galactic, longitude: 0, latitude: 0, marker: .cross,
                                                 color: Color(red: 0.8, green: 0.1, blue: 0.1))],
                             legend: .lowerRight)
        try FigurePublishing.publish(Figure(name: context.stepName, width: 8, height: 4.6, panels: [.sky(panel)]), in: context)
    }
}

/// The effective area A_eff(E_ν) for a few declination bands, on log-log axes.
public struct EffectiveAreaFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.effectiveArea"
        /// Declinations (degrees) at which to show the area.
        public var declinations: [Double]
    }

    public let spec: StepSpec

    public init(_ name: String, data: StepRef, declinations: [Double] = [-60, -30, -5, 15, 45, 75]) {
        spec = StepSpec(name, Parameters(declinations: declinations), inputs: ["data": .step(data.name)])
    }
}

struct EffectiveAreaFigureKind: StepKind {
    typealias Parameters = EffectiveAreaFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot", "FolioSky"]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let table = try context.readJSON(EffectiveAreaTable.self, input: "data", file: "effective-area.json")
        var series: [Series] = []
        for dec in p.declinations {
            guard let j = table.decEdgesDegrees.indices.dropLast().first(where: { table.decEdgesDegrees[$0] <= dec && dec < table.decEdgesDegrees[$0 + 1] }) else { continue }
            let values = table.area[j].map { max($0, 1e-3) }
            let edges = table.log10EnergyEdges.map { pow(10, $0) }
            let label = String(format: "δ ∈ [%.0f°, %.0f°)", table.decEdgesDegrees[j], table.decEdgesDegrees[j + 1])
            series.append(.step(Step(label: label, edges: edges, values: values)))
        }
        let panel = PlotPanel(
            title: "\(table.season) effective area (ν<sub>μ</sub> + ν̄<sub>μ</sub>)",
            x: Axis(label: "<i>E</i><sub>ν</sub> [GeV]", scale: .log10),
            y: Axis(label: "<i>A</i><sub>eff</sub> [cm<sup>2</sup>]", scale: .log10, range: AxisRange(1, 1e6)),
            series: series, legend: .lowerRight)
        try FigurePublishing.publish(Figure(name: context.stepName, panels: [.plot(panel)]), in: context)
    }
}

/// Template maps side by side (Galactic Mollweide, logarithmic colour scale).
public struct TemplateMapsFigure: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "figure.templateMaps"
        public var titles: [String]
    }

    public let spec: StepSpec

    /// `templates`: (template step, panel title).
    public init(_ name: String, templates: [(StepRef, String)]) {
        var inputs: [String: InputRef] = [:]
        for (i, t) in templates.enumerated() { inputs[String(format: "template%02d", i)] = .step(t.0.name) }
        spec = StepSpec(name, Parameters(titles: templates.map(\.1)), inputs: inputs)
    }
}

struct TemplateMapsFigureKind: StepKind {
    typealias Parameters = TemplateMapsFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot", "FolioSky"]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        var panels: [Panel] = []
        for (i, title) in p.titles.enumerated() {
            let url = try context.outputs(of: String(format: "template%02d", i)).privateFile("template.fits")
            let map = try HEALPixMap.read(from: url)
            let peak = map.values.max() ?? 1
            let floor = peak * 1e-3
            panels.append(.sky(SkyPanel(title: title, frame: .galactic,
                                        map: HEALPixLayer(values: map.values.map { max($0, floor) }, frame: map.frame,
                                                          colorScale: ColorScale(colorMap: .magma, scale: .log10, range: AxisRange(floor, peak)),
                                                          colorBarLabel: "template density [sr<sup>−1</sup>]"))))
        }
        try FigurePublishing.publish(Figure(name: context.stepName, width: 6.4 * Double(min(panels.count, 2)), height: 3.6 * Double((panels.count + 1) / 2),
                                            panels: panels, columns: 2), in: context)
    }
}

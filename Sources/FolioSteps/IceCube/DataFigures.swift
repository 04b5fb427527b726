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
    static let version = 3  // 3: a counts map instead of one dot per event
    static let codeModules = ["FolioPlot", "FolioSky"]

    /// nside 16: 3,072 pixels of 13.4 deg², about 12 IC40 events each; tens of thousands of dots
    /// would bury the graticule and hide the density a reader wants to see.
    static let countsNside = 16

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let events = try context.readJSON(SelectedEvents.self, input: "data", file: "events.json")
        try FigurePublishing.publish(try figure(events: events, p, name: context.stepName), in: context)
    }

    /// The figure value (separate from `run` so tests can check what is drawn).
    static func figure(events: SelectedEvents, _ p: Parameters, name: String) throws -> Figure {
        let healpix = try HEALPix(nside: countsNside)
        var counts = [Double](repeating: 0, count: healpix.pixelCount)
        for i in events.ra.indices { counts[healpix.pixel(ra: events.ra[i], dec: events.dec[i])] += 1 }
        let pixelArea = healpix.pixelArea * pow(180 / .pi, 2)
        let label = String(format: "events per pixel (%.1f deg<sup>2</sup>; %d events)", pixelArea, events.ra.count)
        let panel = SkyPanel(title: p.title, frame: p.frame, centerLongitude: 0,
                             map: HEALPixLayer(values: counts, frame: .equatorial,
                                               colorScale: ColorScale(colorMap: .viridis, range: AxisRange(0, max(1, counts.max() ?? 1))),
                                               colorBarLabel: label),
                             sources: [SkySource("Galactic centre", frame: .galactic, longitude: 0, latitude: 0, marker: .cross,
                                                 color: .white)])
        return Figure(name: name, width: 8, height: 4.6, panels: [.sky(panel)])
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
            // Empty bins stay zero: the log axis leaves a gap there rather than a drop to a floor.
            let values = table.area[j]
            let edges = table.log10EnergyEdges.map { pow(10, $0) }
            let label = String(format: "δ ∈ [%.0f°, %.0f°)", table.decEdgesDegrees[j], table.decEdgesDegrees[j + 1])
            series.append(.step(Step(label: label, edges: edges, values: values)))
        }
        // No title: the caption says what the figure shows.
        let panel = PlotPanel(
            x: Axis(label: "<i>E</i><sub>ν</sub> [GeV]", scale: .log10),
            y: Axis(label: "<i>A</i><sub>eff</sub> [cm<sup>2</sup>]", scale: .log10),
            series: series, legend: .best)
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
    static let version = 2  // 2: one row, one colour scale and bar
    static let codeModules = ["FolioPlot", "FolioSky"]

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let maps = try p.titles.indices.map { i in
            try HEALPixMap.read(from: try context.outputs(of: String(format: "template%02d", i)).privateFile("template.fits"))
        }
        try FigurePublishing.publish(figure(maps: maps, titles: p.titles, name: context.stepName), in: context)
    }

    /// The maps in one row on one logarithmic colour scale (the brightest pixel of any map down
    /// to 10⁻³ of it) with one colour bar: the maps are densities in sr⁻¹, so a shared scale
    /// compares them directly, and one bar is legible where three small ones were not.
    static func figure(maps: [HEALPixMap], titles: [String], name: String) -> Figure {
        let peak = maps.compactMap { $0.values.max() }.max() ?? 1
        let floor = peak * 1e-3
        let scale = ColorScale(colorMap: .magma, scale: .log10, range: AxisRange(floor, peak))
        let panels: [Panel] = zip(maps, titles).map { map, title in
            .sky(SkyPanel(title: title, frame: .galactic,
                          map: HEALPixLayer(values: map.values.map { max($0, floor) }, frame: map.frame, colorScale: scale,
                                            showColorBar: false)))
        }
        return Figure(name: name, width: 3.4 * Double(panels.count), height: 2.6, panels: panels, columns: max(1, panels.count),
                      fontSize: 12, colorBar: FigureColorBar(colorScale: scale, label: "template density [sr<sup>−1</sup>]"))
    }
}

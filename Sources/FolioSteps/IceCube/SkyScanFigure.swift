import Foundation
import FolioPlot
import FolioRunner
import FolioSky

/// The TS map of an all-sky scan (`SkyScan`) in Mollweide, Galactic coordinates (the Galactic
/// plane drawn as a white line of dots, the celestial equator dashed), with the hottest spot of
/// each hemisphere (vermillion rings labelled N and S, their TS in the legend) and a catalogue of known sources (white
/// stars with their `Mark.name`; short labels such as catalogue numbers keep neighbours legible).
public struct SkyScanFigure: StepDeclaration {
    /// A labelled catalogue position, equatorial J2000 degrees.
    public struct Mark: Codable, Hashable, Sendable {
        public var name: String
        public var ra: Double
        public var dec: Double
        public init(_ name: String, ra: Double, dec: Double) { self.name = name; self.ra = ra; self.dec = dec }
    }

    public struct Parameters: StepParameters {
        public static let kind = "figure.skyScanMap"
        public var title: String?
        public var sources: [Mark]
        public var frame: CoordinateFrame
    }

    public let spec: StepSpec

    public init(_ name: String, scan: StepRef, sources: [Mark] = [], frame: CoordinateFrame = .galactic, title: String? = nil) {
        spec = StepSpec(name, Parameters(title: title, sources: sources, frame: frame), inputs: ["scan": .step(scan.name)])
    }
}

struct SkyScanFigureKind: StepKind {
    typealias Parameters = SkyScanFigure.Parameters
    static let version = 1
    static let codeModules = ["FolioPlot", "FolioSky"]

    static let hotSpotColor = Color.vermillion

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        for (i, s) in p.sources.enumerated() where !(-90...90).contains(s.dec) || !(0..<360).contains(s.ra) {
            problems.append("parameter 'sources[\(i)]' (\(s.name)): position (\(s.ra)°, \(s.dec)°) is outside RA [0°, 360°), Dec [−90°, 90°]")
        }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let map = try HEALPixMap.read(from: try context.outputs(of: "scan").privateFile("ts-map.fits"))
        let spots = try context.readJSON([SkyScanHotSpot].self, input: "scan", file: "hot-spots.json")
        try FigurePublishing.publish(figure(map: map, spots: spots, p), in: context)
    }

    /// The figure value (separate from `run` so tests can check what is drawn).
    static func figure(map: HEALPixMap, spots: [SkyScanHotSpot], _ p: Parameters) -> Figure {
        // The colour bar reaches the hot spots' TS: they are refitted off the pixel grid, so their TS
        // exceeds the hottest pixel's, and a bar that stopped below them would misstate the map.
        let top = max(map.values.max() ?? 1, spots.map(\.ts).max() ?? 1, 1)
        var sources = p.sources.map { SkySource($0.name, frame: .equatorial, longitude: $0.ra, latitude: $0.dec, marker: .star,
                                                color: .white, hollow: true) }
        // Hot spots: a ring (so the hot pixels stay visible) labelled N or S on the map (long labels
        // would leave the figure near the anticentre), spelled out with its TS in the legend.
        for s in spots {
            let short = s.hemisphere == "north" ? "N" : s.hemisphere == "south" ? "S" : s.hemisphere
            let text = String(format: "%@: %@, TS %.1f at the refitted position", short, s.hemisphere, s.ts)
            sources.append(SkySource(short, frame: .equatorial, longitude: s.ra, latitude: s.dec, marker: .circle, color: hotSpotColor,
                                     hollow: true, legendLabel: text))
        }
        // The Galactic plane (b = 0) as a row of dots over the graticule line, so it stands out.
        let plane = SkyEvents(frame: .galactic, longitudes: stride(from: 0.0, to: 360, by: 0.25).map { $0 },
                              latitudes: [Double](repeating: 0, count: 1440), color: Color.white.withAlpha(0.75), markerSize: 1.1)
        let panel = SkyPanel(title: p.title, frame: p.frame,
                             map: HEALPixLayer(values: map.values, frame: map.frame,
                                               colorScale: ColorScale(colorMap: .viridis, range: AxisRange(0, top)),
                                               colorBarLabel: "TS = 2 ln Λ"),
                             events: [plane], sources: sources, legend: .lowerRight)
        return Figure(name: "sky-scan", width: 8, height: 5, panels: [.sky(panel)])
    }
}

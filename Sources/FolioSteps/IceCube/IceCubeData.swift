import Foundation
import FolioIceCube
import FolioRunner

/// The IceCube data of an analysis: which seasons, how much livetime, how many events pass the
/// selection, and every notice about the files (stand-ins, skipped seasons, checksums).
///
/// The one owner of the event selection: it selects once and passes the selected events on
/// (`data.json` and `events-<season>.bin`, see `IceCubeInputs.passOn`); steps that fit events take
/// `data` as input and read those events, never the release's event files or a selection of their own.
///
/// Writes `events.json` (RA, Dec, log10 E, angular error of the selected events; degrees) and
/// `effective-area.json` for the figures, the selected events for the steps downstream, and
/// publishes `tables/<step>-seasons.csv`.
public struct IceCubeData: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.data"
        public var selection: IceCubeSelection
    }

    public let spec: StepSpec

    public init(_ name: String, selection: IceCubeSelection = IceCubeSelection()) {
        spec = StepSpec(name, Parameters(selection: selection), inputs: IceCubeInputs.standard)
    }
}

/// The selected events, in degrees, for figures.
public struct SelectedEvents: Codable, Sendable {
    public var ra: [Double]
    public var dec: [Double]
    public var log10Energy: [Double]
    public var angularError: [Double]
}

/// Effective area of the first season, for the effective-area figure.
public struct EffectiveAreaTable: Codable, Sendable {
    public var season: String
    public var log10EnergyEdges: [Double]
    public var decEdgesDegrees: [Double]
    /// area[declination bin][energy bin] in cm².
    public var area: [[Double]]
}

struct IceCubeDataKind: StepKind {
    typealias Parameters = IceCubeData.Parameters
    static let version = 4  // 2: passes its selection on; 3: passes the selected events on (data.json, events-<season>.bin); 4: counts only fitted seasons
    static let codeModules = ["FolioIceCube"]
    static func resultNames(_ p: Parameters) -> Set<String> {
        // Per season found: events<season>, livetime<season> (any selected season, or any season at all).
        let seasons = p.selection.seasons.isEmpty ? Season.allCases.map(\.rawValue) : p.selection.seasons
        return Set(seasons.flatMap { ["events\($0)", "livetime\($0)"] })
            .union(["seasons", "events", "livetime", "standInSeasons", "seasonsWithEvents", "seasonsWithoutResponse"])
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] { IceCubeInputs.validate(p.selection) }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let dataset = try IceCubeInputs.load(p.selection, in: context)
        for notice in dataset.notices where notice.kind != .verified { context.notice(notice.message) }
        guard !dataset.seasons.isEmpty else {
            throw InputFileError(path: try context.directory("release").path, "no season with an events file was found")
        }
        let degrees = 180 / Double.pi
        var csv = "season,events,livetime_days,smearing\n"
        var all = SelectedEvents(ra: [], dec: [], log10Energy: [], angularError: [])
        for s in dataset.seasons {
            csv += "\(s.season.rawValue),\(s.events.count),\(String(format: "%.4f", s.livetimeDays)),\(s.smearing == nil ? "none" : (s.smearingIsStandIn ? "SYNTHETIC stand-in" : "official"))\n"
            all.ra += s.events.ra.map { $0 * degrees }
            all.dec += s.events.dec.map { $0 * degrees }
            all.log10Energy += s.events.log10Energy
            all.angularError += s.events.angularError.map { $0 * degrees }
            context.record("events\(s.season.rawValue)", ResultValue(Double(s.events.count), unit: .events, kind: .count))
            context.record("livetime\(s.season.rawValue)", ResultValue(s.livetimeDays, unit: .days, kind: .livetime))
        }
        try context.writeJSON(all, to: "events.json")
        try IceCubeInputs.passOn(dataset, selection: p.selection, in: context)
        let first = dataset.seasons[0]
        try context.writeJSON(EffectiveAreaTable(season: first.season.rawValue, log10EnergyEdges: first.effectiveArea.log10EnergyEdges,
                                                 decEdgesDegrees: first.effectiveArea.decEdgesDegrees, area: first.effectiveArea.area),
                              to: "effective-area.json")
        try context.publish(Data(csv.utf8), as: "tables/\(context.stepName)-seasons.csv")
        // What the fits use: only a season with a smearing matrix (official or stand-in) enters a
        // likelihood, so only those count in `seasons`, `events` and `livetime`; the others are
        // listed (per-season results, the seasons table) and counted apart.
        let fitted = dataset.seasons.filter { $0.smearing != nil }
        if fitted.count < dataset.seasons.count {
            let left = dataset.seasons.filter { $0.smearing == nil }.map(\.season.rawValue).joined(separator: ", ")
            context.notice("season(s) \(left) have events but no smearing matrix: they enter no fit and are not counted in the seasons, events and livetime used")
        }
        context.record("seasons", ResultValue(Double(fitted.count), unit: .dimensionless, kind: .count))
        context.record("events", ResultValue(Double(fitted.reduce(0) { $0 + $1.events.count }), unit: .events, kind: .count))
        context.record("livetime", ResultValue(fitted.reduce(0) { $0 + $1.livetimeDays }, unit: .days, kind: .livetime))
        context.record("standInSeasons", ResultValue(Double(fitted.filter(\.smearingIsStandIn).count), unit: .dimensionless, kind: .count))
        context.record("seasonsWithEvents", ResultValue(Double(dataset.seasons.count), unit: .dimensionless, kind: .count))
        context.record("seasonsWithoutResponse", ResultValue(Double(dataset.seasons.count - fitted.count), unit: .dimensionless, kind: .count))
    }
}

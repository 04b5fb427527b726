import Foundation
import FolioIceCube
import FolioRunner

/// Folio's point-source fits beside SkyLLH's on the same files, at fixed positions. SkyLLH is not a
/// runtime dependency: its values were computed once and committed as a reference table (input
/// `reference`, JSON), which names the command that produced it; this step fits the same positions
/// with `PointSourceAnalysis` on the seasons the reference used and records both and their differences.
///
/// Reference format: `{"command": "...", "skyllh": "26.1.0", "seasons": ["IC40"], "positions":
/// [{"name": "txs", "ra": 77.36, "dec": 5.69, "ts": …, "ns": …, "gamma": …}, …]}` (degrees).
///
/// Results per position name X: `XRA`, `XDec` (deg), `XFolioTS`, `XSkyllhTS`, `XFolioNs`, `XSkyllhNs`
/// (events), `XFolioGamma`, `XSkyllhGamma`, `XDeltaTS`, `XDeltaNs` (Folio − SkyLLH); and `maxAbsDeltaTS`,
/// `maxAbsDeltaNs` over all positions.
public struct SkyLLHCrossCheck: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.skyllhCrossCheck"
        /// Names of the reference's positions to compare (all of them, in the order given).
        public var positions: [String]
    }

    public let spec: StepSpec

    /// `data`: an `IceCubeData` step; `reference`: the committed SkyLLH table.
    public init(_ name: String, data: StepRef, reference: InputRef, positions: [String]) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        inputs["reference"] = reference
        spec = StepSpec(name, Parameters(positions: positions), inputs: inputs)
    }
}

/// The committed SkyLLH reference table.
struct SkyLLHReference: Decodable {
    struct Position: Decodable { var name: String; var ra: Double; var dec: Double; var ts: Double; var ns: Double; var gamma: Double }
    var command: String
    var skyllh: String
    var seasons: [String]
    var positions: [Position]
}

struct SkyLLHCrossCheckKind: StepKind {
    typealias Parameters = SkyLLHCrossCheck.Parameters
    static let version = 1
    static let codeModules = ["FolioIceCube", "FolioStatistics"]

    static func resultNames(_ p: Parameters) -> Set<String> {
        var names: Set<String> = ["maxAbsDeltaTS", "maxAbsDeltaNs"]
        for x in p.positions {
            for field in ["RA", "Dec", "FolioTS", "SkyllhTS", "FolioNs", "SkyllhNs", "FolioGamma", "SkyllhGamma", "DeltaTS", "DeltaNs"] {
                names.insert(x + field)
            }
        }
        return names
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.positions.isEmpty { problems.append("parameter 'positions' names no position") }
        if Set(p.positions).count != p.positions.count { problems.append("parameter 'positions' repeats a name") }
        if inputs["reference"] == nil { problems.append("input 'reference' (the SkyLLH table) is required") }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let url = try context.file("reference")
        let reference: SkyLLHReference
        do { reference = try JSONDecoder().decode(SkyLLHReference.self, from: Data(contentsOf: url)) } catch {
            throw InputFileError(path: url.path, "cannot read the SkyLLH reference: \(error)")
        }
        let seasons = try Set(reference.seasons.map { name -> Season in
            guard let s = Season(rawValue: name) else { throw InputFileError(path: url.path, "unknown season '\(name)' in 'seasons'") }
            return s
        })
        let (all, _) = try IceCubeInputs.load(dataInput: "data", in: context)
        let missing = seasons.subtracting(all.seasons.map(\.season))
        guard missing.isEmpty else {
            throw InputFileError(path: url.path, "the reference used seasons \(missing.map(\.rawValue).sorted()) that the data step does not have")
        }
        let dataset = all.keepingSeasons(seasons)
        var maxTS = 0.0, maxNs = 0.0
        for name in p.positions {
            guard let r = reference.positions.first(where: { $0.name == name }) else {
                throw InputFileError(path: url.path, "no position named '\(name)' in 'positions'")
            }
            let fit = try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: r.ra, decDegrees: r.dec)).fitData()
            context.record(name + "RA", ResultValue(r.ra, unit: .degrees))
            context.record(name + "Dec", ResultValue(r.dec, unit: .degrees))
            context.record(name + "FolioTS", ResultValue(fit.ts, unit: .dimensionless, kind: .testStatistic))
            context.record(name + "SkyllhTS", ResultValue(r.ts, unit: .dimensionless, kind: .testStatistic))
            context.record(name + "FolioNs", ResultValue(fit.ns, unit: .events, kind: .fitParameter))
            context.record(name + "SkyllhNs", ResultValue(r.ns, unit: .events, kind: .fitParameter))
            // Where nₛ = 0 the likelihood does not depend on γ: each minimiser reports where it stopped.
            context.record(name + "FolioGamma", ResultValue(fit.gamma, unit: .dimensionless, kind: .fitParameter))
            context.record(name + "SkyllhGamma", ResultValue(r.gamma, unit: .dimensionless, kind: .fitParameter))
            context.record(name + "DeltaTS", ResultValue(fit.ts - r.ts, unit: .dimensionless, kind: .testStatistic))
            context.record(name + "DeltaNs", ResultValue(fit.ns - r.ns, unit: .events, kind: .fitParameter))
            maxTS = max(maxTS, abs(fit.ts - r.ts)); maxNs = max(maxNs, abs(fit.ns - r.ns))
        }
        context.record("maxAbsDeltaTS", ResultValue(maxTS, unit: .dimensionless, kind: .testStatistic))
        context.record("maxAbsDeltaNs", ResultValue(maxNs, unit: .events, kind: .fitParameter))
        context.notice("SkyLLH \(reference.skyllh) values from the committed table \(url.lastPathComponent) (\(reference.command))")
    }
}

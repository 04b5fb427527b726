import Foundation
import FolioIceCube
import FolioRunner

/// The data every IceCube step reads, and how it loads them.
///
/// The release folder is a folder input, so a user may hold any subset of its seasons; the stand-in
/// folder holds the SYNTHETIC smearing matrices used only where the official ones are absent; the
/// checksum manifest (shipped with Folio) is verified against every file read.
public struct IceCubeSelection: Codable, Hashable, Sendable {
    /// Seasons to use (e.g. ["IC40"]); empty means every season found in the data folder.
    public var seasons: [String]
    /// Events kept for the likelihood (a declarative cut; see `Cut`).
    public var cut: Cut

    public init(seasons: [String] = [], cut: Cut = .all) {
        self.seasons = seasons
        self.cut = cut
    }
}

enum IceCubeInputs {
    static let standard: [String: InputRef] = [
        "release": .directory(IceCubeDataset.releaseFolder),
        "standins": .directory(IceCubeDataset.standInFolder),
        "checksums": .folioFile("datasets/icecube_10year_ps.sha256.json"),
    ]

    static func validate(_ selection: IceCubeSelection) -> [String] {
        var problems = selection.cut.problems.map { "parameter 'selection.cut': \($0)" }
        for s in selection.seasons where Season(rawValue: s) == nil {
            problems.append("parameter 'selection.seasons': unknown season '\(s)' (known: \(Season.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return problems
    }

    /// What the data step passes on (`data.json`), beside the selected events of each season
    /// (`events-<season>.bin`, `EventSample.binaryEncoded`): the selection that made them and the
    /// seasons, in order. A step that passes the data further (the template fit, for the
    /// projection) writes the same files.
    struct SelectedData: StepOutputFile {
        static let fileName = "data.json"
        var selection: IceCubeSelection
        var seasons: [String]
        static func eventsFile(_ season: String) -> String { "events-\(season).bin" }
    }

    /// Writes `dataset`'s selected events and `selection` for the steps downstream.
    static func passOn(_ dataset: IceCubeDataset, selection: IceCubeSelection, in context: StepContext) throws {
        for s in dataset.seasons {
            try context.write(s.events.binaryEncoded(), to: SelectedData.eventsFile(s.season.rawValue))
        }
        try SelectedData(selection: selection, seasons: dataset.seasons.map(\.season.rawValue)).write(in: context)
    }

    /// Passes on, unchanged, the data that input `input` passed on.
    static func passOn(from input: String, in context: StepContext) throws {
        let outputs = try context.outputs(of: input)
        let selected = try SelectedData.read(input: input, in: context)
        for file in selected.seasons.map(SelectedData.eventsFile) + [SelectedData.fileName] {
            try context.write(try Data(contentsOf: outputs.privateFile(file)), to: file)
        }
    }

    /// The data behind input `input`: the events its data step selected (read from what it passed
    /// on, never selected again) with the response of their seasons from the release. So steps
    /// downstream have no selection of their own and cannot fit other events than the data step
    /// reports.
    static func load(dataInput input: String, in context: StepContext) throws -> (IceCubeDataset, IceCubeSelection) {
        let selected = try SelectedData.read(input: input, in: context)
        let outputs = try context.outputs(of: input)
        var events: [Season: EventSample] = [:]
        for name in selected.seasons {
            guard let season = Season(rawValue: name) else {
                throw SpecProblem("step '\(context.stepName)'", "input '\(input)' passes on unknown season '\(name)'")
            }
            let url = outputs.privateFile(SelectedData.eventsFile(name))
            do {
                events[season] = try EventSample(binaryEncoded: Data(contentsOf: url), file: url.path)
            } catch let error as DataFileError {
                throw InputFileError(path: error.file, error.message)
            }
        }
        let seasons = selected.seasons.compactMap(Season.init(rawValue:))
        return (try loadRelease(seasons: seasons, events: events, in: context), selected.selection)
    }

    /// Loads, verifies and selects the data. File problems become `InputFileError`s naming the file.
    static func load(_ selection: IceCubeSelection, in context: StepContext) throws -> IceCubeDataset {
        let seasons = selection.seasons.isEmpty ? nil : selection.seasons.compactMap(Season.init(rawValue:))
        let dataset = try loadRelease(seasons: seasons, events: nil, in: context)
        guard selection.cut != .all else { return dataset }
        let degrees = 180 / Double.pi
        return dataset.filteringEvents { _, e, i in
            selection.cut.accepts { v in
                switch v {
                case .log10Energy: return e.log10Energy[i]
                case .declination: return e.dec[i] * degrees
                case .sinDeclination: return e.sinDec[i]
                case .rightAscension: return e.ra[i] * degrees
                case .angularError: return e.angularError[i] * degrees
                case .mjd: return e.mjd[i]
                }
            }
        }
    }

    /// The release's files (or only `seasons`), checksummed; the events from `events` when given.
    private static func loadRelease(seasons: [Season]?, events: [Season: EventSample]?, in context: StepContext) throws -> IceCubeDataset {
        let root = try context.directory("release").deletingLastPathComponent()
        do {
            let manifest = try ChecksumManifest.load(try context.file("checksums"))
            return try IceCubeDataset.load(root: root, seasons: seasons, manifest: manifest, events: events)
        } catch let error as DataFileError {
            throw InputFileError(path: error.file, line: error.line, error.message)
        } catch let error as ChecksumMismatch {
            throw InputFileError(path: error.file, "sha256 \(error.actual) does not match the checksum manifest (\(error.expected))")
        }
    }
}

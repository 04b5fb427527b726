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

    /// Where the data step passes its selection on; a step that passes the data further (the
    /// template fit, for the projection) writes the same file.
    static let selectionFile = "selection.json"

    /// The events of the data step behind input `input`, with that step's selection (the only
    /// selection there is: steps downstream have none of their own, so they cannot fit other
    /// events than the data step reports). Reads the release files once, as the data step does.
    static func load(dataInput input: String, in context: StepContext) throws -> (IceCubeDataset, IceCubeSelection) {
        let selection = try context.readJSON(IceCubeSelection.self, input: input, file: selectionFile)
        return (try load(selection, in: context), selection)
    }

    /// Loads, verifies and selects the data. File problems become `InputFileError`s naming the file.
    static func load(_ selection: IceCubeSelection, in context: StepContext) throws -> IceCubeDataset {
        let root = try context.directory("release").deletingLastPathComponent()
        let dataset: IceCubeDataset
        do {
            let manifest = try ChecksumManifest.load(try context.file("checksums"))
            let seasons = selection.seasons.isEmpty ? nil : selection.seasons.compactMap(Season.init(rawValue:))
            dataset = try IceCubeDataset.load(root: root, seasons: seasons, manifest: manifest)
        } catch let error as DataFileError {
            throw InputFileError(path: error.file, line: error.line, error.message)
        } catch let error as ChecksumMismatch {
            throw InputFileError(path: error.file, "sha256 \(error.actual) does not match the checksum manifest (\(error.expected))")
        }
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
}

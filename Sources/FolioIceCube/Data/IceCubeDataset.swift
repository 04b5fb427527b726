import Foundation

/// One season's data ready for analysis.
public struct SeasonData: Sendable {
    public let season: Season
    public let events: EventSample
    public let effectiveArea: EffectiveArea
    /// nil when no smearing matrix (real or stand-in) was found: such a season can be listed but
    /// not used in a likelihood fit (the fit throws naming the missing file).
    public let smearing: SmearingMatrix?
    /// True when `smearing` is the SYNTHETIC stand-in (icecube_10year_ps_standins), not IceCube's.
    public let smearingIsStandIn: Bool
    public let goodRuns: GoodRunList
    /// Livetime from the good-run list, days.
    public var livetimeDays: Double { goodRuns.livetimeDays }
}

/// Something the user must be told about the data used (printed in the build log and report).
public struct DataNotice: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case standIn, seasonSkipped, unverified, verified }
    public let kind: Kind
    public let message: String
    public var description: String { message }
}

/// The IceCube 10-year point-source release (IceTracks-DR1) as found under a data root:
/// `<root>/icecube_10year_ps/{events,irfs,uptime}` (real files) and
/// `<root>/icecube_10year_ps_standins/irfs` (SYNTHETIC stand-ins, used only where the real file
/// is absent). Reads every season whose events file exists, or the requested subset.
///
/// ```swift
/// let data = try IceCubeDataset.load(root: URL(fileURLWithPath: "../shared/data"),
///                                    manifest: try ChecksumManifest.load(manifestURL))
/// print(data.seasons.map(\.season), data.notices)
/// ```
public struct IceCubeDataset: Sendable {
    public static let releaseFolder = "icecube_10year_ps"
    public static let standInFolder = "icecube_10year_ps_standins"

    public let root: URL
    public let seasons: [SeasonData]
    public let notices: [DataNotice]

    /// True if any season uses a stand-in file.
    public var usesStandIns: Bool { seasons.contains { $0.smearingIsStandIn } }
    public var totalEvents: Int { seasons.reduce(0) { $0 + $1.events.count } }

    /// Resolves the data root: an explicit path (`--data` / the analysis), else `FOLIO_DATA`,
    /// else `../shared/data` relative to `workingDirectory` if it exists.
    public static func resolveRoot(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                   workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit, relativeTo: workingDirectory).standardizedFileURL }
        if let env = environment["FOLIO_DATA"], !env.isEmpty { return URL(fileURLWithPath: env).standardizedFileURL }
        let fallback = workingDirectory.appendingPathComponent("../shared/data").standardizedFileURL
        return FileManager.default.fileExists(atPath: fallback.path) ? fallback : nil
    }

    /// Loads the seasons found under `root` (or only `seasons`), verifying every file read
    /// against `manifest` when given (a mismatch throws `ChecksumMismatch`).
    ///
    /// With `events`, the events of each season come from there (a data step's selected events)
    /// and the release's event files are not read: only the response (effective area, smearing,
    /// good runs) is. Every season in `events` must then be listed in `seasons`.
    public static func load(root: URL, seasons wanted: [Season]? = nil, manifest: ChecksumManifest? = nil,
                            events provided: [Season: EventSample]? = nil) throws -> IceCubeDataset {
        let fm = FileManager.default
        var notices: [DataNotice] = []
        var loaded: [SeasonData] = []
        func real(_ rel: String) -> String { "\(releaseFolder)/\(rel)" }
        func standIn(_ rel: String) -> String { "\(standInFolder)/\(rel)" }
        func exists(_ rel: String) -> Bool { fm.fileExists(atPath: root.appendingPathComponent(rel).path) }
        func check(_ rel: String) throws {
            guard let manifest else { return }
            switch try manifest.verify(relativePath: rel, root: root) {
            case .verified: break
            case .unknown(let actual):
                notices.append(DataNotice(kind: .unverified, message: "\(rel): not in the checksum manifest (sha256 \(actual)); read unverified"))
            }
        }
        if exists(SyntheticSample.readmeName) {
            notices.append(DataNotice(kind: .standIn, message:
                "\(root.path) is a SYNTHETIC sample (\(SyntheticSample.readmeName)): IC40 events resampled into seasons for scale benchmarks, NOT IceCube data"))
        }
        for season in wanted ?? Season.allCases {
            let eventsRel = real(season.eventsPath)
            guard provided != nil || exists(eventsRel) else {
                if wanted != nil { throw DataFileError(file: root.appendingPathComponent(eventsRel).path, "requested season \(season.rawValue): events file missing") }
                notices.append(DataNotice(kind: .seasonSkipped, message: "\(season.rawValue): no events file (\(eventsRel)); season not used"))
                continue
            }
            for rel in [real(season.uptimePath), real(season.effectiveAreaPath)] where !exists(rel) {
                throw DataFileError(file: root.appendingPathComponent(rel).path, "needed by season \(season.rawValue) but missing")
            }
            let events: EventSample
            if let provided {
                guard let given = provided[season] else {
                    throw DataFileError(file: root.appendingPathComponent(eventsRel).path, "season \(season.rawValue): no events were passed on for it")
                }
                events = given
            } else {
                try check(eventsRel)
                events = try EventSample.read(root.appendingPathComponent(eventsRel))
            }
            try check(real(season.uptimePath)); try check(real(season.effectiveAreaPath))
            let runs = try GoodRunList.read(root.appendingPathComponent(real(season.uptimePath)))
            let aeff = try EffectiveArea.read(root.appendingPathComponent(real(season.effectiveAreaPath)))
            var smearing: SmearingMatrix? = nil, isStandIn = false
            if exists(real(season.smearingPath)) {
                try check(real(season.smearingPath))
                smearing = try SmearingMatrix.read(root.appendingPathComponent(real(season.smearingPath)))
            } else if exists(standIn(season.smearingPath)) {
                try check(standIn(season.smearingPath))
                smearing = try SmearingMatrix.read(root.appendingPathComponent(standIn(season.smearingPath)))
                isStandIn = true
                notices.append(DataNotice(kind: .standIn, message:
                    "\(season.rawValue): the official smearing matrix \(real(season.smearingPath)) is absent; using the SYNTHETIC stand-in \(standIn(season.smearingPath)) (not IceCube Monte Carlo; signal energy PDFs and injected signal depend on it)"))
            } else {
                notices.append(DataNotice(kind: .seasonSkipped, message:
                    "\(season.rawValue): no smearing matrix (\(real(season.smearingPath))) nor stand-in; the season cannot enter a likelihood fit"))
            }
            loaded.append(SeasonData(season: season, events: events, effectiveArea: aeff, smearing: smearing,
                                     smearingIsStandIn: isStandIn, goodRuns: runs))
        }
        if manifest != nil {
            notices.append(DataNotice(kind: .verified, message: "checksums of all files read were compared with the manifest"))
        }
        return IceCubeDataset(root: root, seasons: loaded, notices: notices)
    }
}

extension IceCubeDataset {
    /// The same dataset keeping only the events `keep` accepts (season, events, index). The
    /// data-driven background PDFs are then built from the kept events, as a selection requires.
    public func filteringEvents(_ keep: (Season, EventSample, Int) -> Bool) -> IceCubeDataset {
        let filtered = seasons.map { s -> SeasonData in
            let e = s.events
            let kept = (0..<e.count).filter { keep(s.season, e, $0) }
            let events = EventSample(mjd: kept.map { e.mjd[$0] }, log10Energy: kept.map { e.log10Energy[$0] },
                                     angularError: kept.map { e.angularError[$0] }, ra: kept.map { e.ra[$0] }, dec: kept.map { e.dec[$0] })
            return SeasonData(season: s.season, events: events, effectiveArea: s.effectiveArea, smearing: s.smearing,
                              smearingIsStandIn: s.smearingIsStandIn, goodRuns: s.goodRuns)
        }
        return IceCubeDataset(root: root, seasons: filtered, notices: notices)
    }
}

extension IceCubeDataset {
    /// The same dataset with only the given seasons (e.g. to compare with a reference computed on them).
    public func keepingSeasons(_ keep: Set<Season>) -> IceCubeDataset {
        IceCubeDataset(root: root, seasons: seasons.filter { keep.contains($0.season) }, notices: notices)
    }
}

import FolioStatistics
import Foundation

/// A SYNTHETIC multi-season sample for scale benchmarks: the real IC40 events resampled into the
/// seasons of the 10-year release (IC40, IC59, IC79, IC86_I..VII), written as a data root in the
/// release's own layout and text format, so Folio's loader and SkyLLH read it as they read the
/// release. It is NOT IceCube data and must never be used for physics claims.
///
/// Per season s (its effective area A_s, good-run livetime L_s):
/// - every IC40 event i gets the weight w_i = A_s(E_i, δ_i) / A_IC40(E_i, δ_i), the area ratio in
///   the event's (true-energy, declination) bin, with the true energy estimated as the reconstructed
///   one plus `energyProxyShiftDex` (0.4 dex: the muon carries ~1/2.5 of E_nu, the offset of the
///   stand-in smearing model); w = 1 where IC40's area is zero;
/// - the season gets round(Σ w_i × L_s / L_IC40) events, drawn with replacement with probability
///   ∝ w_i (log10 E, AngErr and Dec copied from the drawn event);
/// - RA is drawn uniform in [0, 360) deg (the events are scrambled, as background trials do), MJD
///   uniform over the season's good-run livetime; Zenith = 90° + Dec and Azimuth from RA and the
///   Greenwich sidereal time (the release's relation, to 0.1°), written for completeness only.
///
/// Season k (its index in `Season.allCases`) draws from its own `Xoshiro256StarStar` seeded with
/// `seasonSeed(seed, k)`, so the first k seasons of a 10-season sample equal a k-season sample.
public enum SyntheticSample {
    /// Shift from reconstructed log10(E/GeV) to the log10(E_nu/GeV) at which the areas are compared.
    public static let energyProxyShiftDex = 0.4
    /// The file beside the data that says what it is (Folio's loader notices it).
    public static let readmeName = "SYNTHETIC_README.md"
    /// sha256sum-format manifest of every file written (`sha256sum -c SHA256SUMS`).
    public static let checksumsName = "SHA256SUMS"

    public struct SeasonPlan: Sendable, Equatable {
        public let season: Season
        public let livetimeDays: Double
        /// Σ w_i × L_s / L_IC40 (events).
        public let expectedEvents: Double
        public let events: Int
        /// Relative path (inside the data root) of the smearing matrix the season is given.
        public let smearing: String
        /// True when the season's own response season had no smearing matrix and IC40's is used.
        public let smearingFromIC40: Bool
    }

    public struct Result: Sendable {
        public let root: URL
        public let seasons: [SeasonPlan]
        public var totalEvents: Int { seasons.reduce(0) { $0 + $1.events } }
    }

    public static func seasonSeed(_ seed: UInt64, _ k: Int) -> UInt64 {
        var mix = SplitMix64(seed: seed ^ (0x5EA5_0000 &+ UInt64(k)))
        return mix.next()
    }

    /// Writes the first `seasonCount` seasons into `output` (created; existing files replaced).
    /// `dataRoot` holds the real release (`icecube_10year_ps/`) and its stand-ins; `smearingDirs`
    /// are searched first for `<response season>_smearing.csv` (e.g. freshly made stand-ins).
    public static func write(dataRoot: URL, output: URL, seasonCount: Int, seed: UInt64,
                             smearingDirs: [URL] = [], manifest: ChecksumManifest? = nil) throws -> Result {
        guard (1...Season.allCases.count).contains(seasonCount) else {
            throw DataFileError(file: output.path, "seasons must be 1...\(Season.allCases.count), not \(seasonCount)")
        }
        let fm = FileManager.default
        let release = dataRoot.appendingPathComponent(IceCubeDataset.releaseFolder)
        func input(_ rel: String) throws -> URL {
            let url = release.appendingPathComponent(rel)
            guard fm.fileExists(atPath: url.path) else { throw DataFileError(file: url.path, "input of the synthetic sample missing") }
            if let manifest, case .unknown(let sha) = try manifest.verify(relativePath: "\(IceCubeDataset.releaseFolder)/\(rel)", root: dataRoot) {
                throw DataFileError(file: url.path, "not in the checksum manifest (sha256 \(sha)); the synthetic sample is made from verified files only")
            }
            return url
        }
        // The real IC40 events, in the release's own units (degrees), as printed.
        let ic40 = try WhitespaceTable(contentsOf: input(Season.ic40.eventsPath), columns: [
            .init("log10(E/GeV)"), .init("AngErr[deg]"), .init("Dec[deg]"),
        ])
        let logE = ic40.columns[0], angErr = ic40.columns[1], dec = ic40.columns[2]
        guard !dec.isEmpty else { throw DataFileError(file: ic40.file, "no events") }
        let area40 = try EffectiveArea.read(input(Season.ic40.effectiveAreaPath))
        let live40 = try GoodRunList.read(input(Season.ic40.uptimePath)).livetimeDays

        let out = output.appendingPathComponent(IceCubeDataset.releaseFolder)
        let standIns = output.appendingPathComponent(IceCubeDataset.standInFolder).appendingPathComponent("irfs")
        for dir in ["events", "uptime", "irfs"] {
            try fm.createDirectory(at: out.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try fm.createDirectory(at: standIns, withIntermediateDirectories: true)
        var written: [String] = []
        func put(_ rel: String, _ bytes: Data) throws {
            try bytes.write(to: output.appendingPathComponent(rel), options: .atomic); written.append(rel)
        }

        var plans: [SeasonPlan] = []
        for (k, season) in Season.allCases.prefix(seasonCount).enumerated() {
            let areaURL = try input(season.effectiveAreaPath), uptimeURL = try input(season.uptimePath)
            let area = try EffectiveArea.read(areaURL)
            let runs = try GoodRunList.read(uptimeURL)
            let weights = (0..<dec.count).map { i -> Double in
                let e = logE[i] + energyProxyShiftDex
                let a40 = area40.area[area40.decBin(degrees: dec[i])][bin(e, area40.log10EnergyEdges)]
                return a40 > 0 ? area.area[area.decBin(degrees: dec[i])][bin(e, area.log10EnergyEdges)] / a40 : 1
            }
            var cumulative = [Double](), total = 0.0
            cumulative.reserveCapacity(weights.count)
            for w in weights { total += w; cumulative.append(total) }
            let expected = total * runs.livetimeDays / live40
            let count = Int(expected.rounded())
            // Good runs as cumulative livetime, for MJD uniform in livetime (overlaps clipped as GoodRunList does).
            var runStart = [Double](), runLength = [Double](), runCumulative = [Double](), t = 0.0
            for r in runs.start.indices {
                let s = r > 0 ? max(runs.start[r], runs.stop[r - 1]) : runs.start[r]
                let length = max(0, runs.stop[r] - s)
                guard length > 0 else { continue }
                runStart.append(s); runLength.append(length); t += length; runCumulative.append(t)
            }
            guard !runCumulative.isEmpty else { throw DataFileError(file: uptimeURL.path, "no good-run livetime") }
            var rng = Xoshiro256StarStar(seed: seasonSeed(seed, k))
            var rows: [(mjd: Double, i: Int, ra: Double)] = []
            rows.reserveCapacity(count)
            for _ in 0..<count {
                let i = rng.index(cumulative: cumulative)
                let ra = rng.uniform(0, 360)
                let r = rng.index(cumulative: runCumulative)
                rows.append((runStart[r] + runLength[r] * rng.uniform(), i, ra))
            }
            rows.sort { $0.mjd < $1.mjd }  // the release's files are in time order; equal MJDs are vanishingly rare
            var text = "# MJD[days]  log10(E/GeV)   AngErr[deg]       RA[deg]      Dec[deg]  Azimuth[deg]   Zenith[deg]\n"
            text.reserveCapacity(100 * (count + 1))
            for row in rows {
                let ra = Double(String(format: "%.3f", row.ra))!
                let gmst = (280.46061837 + 360.98564736629 * (row.mjd - 51544.5)).truncatingRemainder(dividingBy: 360)
                var az = (gmst - ra + 89.89).truncatingRemainder(dividingBy: 360)
                if az < 0 { az += 360 }
                text += String(format: "%17.8f %13.2f %13.2f %13.3f %13.3f %13.3f %13.3f\n",
                               row.mjd, logE[row.i], angErr[row.i], ra, dec[row.i], az, 90 + dec[row.i])
            }
            try put("\(IceCubeDataset.releaseFolder)/\(season.eventsPath)", Data(text.utf8))
            // Uptime and area: the real files, with the release's '#' header form that SkyLLH expects.
            if !written.contains("\(IceCubeDataset.releaseFolder)/\(season.uptimePath)") {
                try put("\(IceCubeDataset.releaseFolder)/\(season.uptimePath)", commentedHeader(try Data(contentsOf: uptimeURL), replacing: nil))
            }
            let areaRel = "\(IceCubeDataset.releaseFolder)/\(season.effectiveAreaPath)"
            if !written.contains(areaRel) {
                try put(areaRel, commentedHeader(try Data(contentsOf: areaURL),
                        replacing: "log10(E_nu/GeV)_min log10(E_nu/GeV)_max Dec_nu_min[deg] Dec_nu_max[deg] A_Eff[cm^2]"))
            }
            // Smearing: a symbolic link to a stand-in (58 MB each; never copied).
            let name = "\(season.responseSeason.rawValue)_smearing.csv"
            let candidates = smearingDirs + [release.appendingPathComponent("irfs"),
                                             dataRoot.appendingPathComponent(IceCubeDataset.standInFolder).appendingPathComponent("irfs")]
            var source = candidates.map { $0.appendingPathComponent(name) }.first { fm.fileExists(atPath: $0.path) }
            var fromIC40 = false
            if source == nil {
                source = candidates.map { $0.appendingPathComponent("IC40_smearing.csv") }.first { fm.fileExists(atPath: $0.path) }
                fromIC40 = true
            }
            guard let source else { throw DataFileError(file: name, "no smearing matrix (real or stand-in) for \(season.rawValue) nor IC40") }
            let link = standIns.appendingPathComponent(name)
            if (try? fm.destinationOfSymbolicLink(atPath: link.path)) != nil || fm.fileExists(atPath: link.path) { try fm.removeItem(at: link) }
            try fm.createSymbolicLink(at: link, withDestinationURL: source.standardizedFileURL)
            plans.append(SeasonPlan(season: season, livetimeDays: runs.livetimeDays, expectedEvents: expected, events: count,
                                    smearing: "\(IceCubeDataset.standInFolder)/irfs/\(name) -> \(source.standardizedFileURL.path)",
                                    smearingFromIC40: fromIC40))
        }
        try put(readmeName, Data(readme(plans: plans, seed: seed, dataRoot: dataRoot, ic40Events: dec.count).utf8))
        var sums = ""
        for rel in written.sorted() {
            sums += "\(try ChecksumManifest.sha256(of: output.appendingPathComponent(rel)))  \(rel)\n"
        }
        try Data(sums.utf8).write(to: output.appendingPathComponent(checksumsName), options: .atomic)
        return Result(root: output, seasons: plans)
    }

    /// Index of the bin of `x` among ascending `edges`, clamped to the first and last bins.
    static func bin(_ x: Double, _ edges: [Double]) -> Int {
        var lo = 0, hi = edges.count - 2
        if x < edges[1] { return 0 }
        if x >= edges[hi] { return hi }
        while lo < hi { let mid = (lo + hi + 1) / 2; if edges[mid] <= x { lo = mid } else { hi = mid - 1 } }
        return lo
    }

    /// The file with '# ' before its header line (and the header replaced by `replacing` if given).
    static func commentedHeader(_ data: Data, replacing header: String?) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let end = text.firstIndex(of: "\n") ?? text.endIndex
        let first = String(text[..<end]), rest = text[end...]
        let stripped = first.hasPrefix("#") ? String(first.dropFirst()).trimmingCharacters(in: .whitespaces) : first
        return Data(("# " + (header ?? stripped) + rest).utf8)
    }

    static func readme(plans: [SeasonPlan], seed: UInt64, dataRoot: URL, ic40Events: Int) -> String {
        var s = """
        # SYNTHETIC data: NOT IceCube data

        This folder is a SYNTHETIC \(plans.count)-season sample made by `folio data synthesize` \
        (FolioIceCube `SyntheticSample`) for scale benchmarks only. Never use it for physics claims \
        and never commit it. It resamples the \(ic40Events) REAL IC40 events of the IceCube 10-year \
        point-source release (DOI 10.21234/sxvs-mt83; data root `\(dataRoot.standardizedFileURL.path)`) \
        into the release's seasons, weighting each event by the season's effective area over IC40's in the \
        event's (log10 E_reco + \(energyProxyShiftDex) dex, Dec) bin and scaling the count by the season's \
        good-run livetime over IC40's. RA is drawn uniform, MJD uniform over the season's good runs; \
        log10 E, AngErr and Dec are copied from the drawn IC40 event (so each IC40 event appears about \
        \(String(format: "%.0f", Double(plans.reduce(0) { $0 + $1.events }) / Double(ic40Events))) times in all, at random RAs). Effective areas and uptimes are the REAL release files (IC86_III..VII use \
        IC86_II's area, as the release prescribes). Smearing matrices are SYNTHETIC stand-ins (links below).

        Seed: \(seed) (season k draws from xoshiro256** seeded with SplitMix64(seed ^ (0x5EA50000 + k))). \
        Same seed, same Folio: byte-identical files; `sha256sum -c SHA256SUMS` checks them.

        | season | livetime (days) | expected events | events written | smearing |
        |---|---|---|---|---|

        """
        for p in plans {
            let note = p.smearingFromIC40 ? " (IC40's stand-in: no matrix for this season was found)" : ""
            s += "| \(p.season.rawValue) | \(String(format: "%.3f", p.livetimeDays)) | \(String(format: "%.1f", p.expectedEvents)) | \(p.events) | \(p.smearing)\(note) |\n"
        }
        s += "\nTotal: \(plans.reduce(0) { $0 + $1.events }) events.\n"
        return s
    }
}

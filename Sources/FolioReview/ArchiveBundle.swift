import Foundation
import FolioCache
import FolioModel
import ZIPFoundation

/// `folio archive`: one self-describing ZIP bundle of a build, which `folio verify BUNDLE` can
/// rebuild and check years later from the bundle alone (plus the data, if not included).
///
/// ```
/// folio-bundle.json      what this is: format, analysis, folio version, whether data is included
/// analysis.json          the analysis spec (what `folio export` prints)
/// reference/             the build: manifest.json, results.json and every published file
/// project/               the project files the analysis reads (a report's Markdown)
/// toolchain.json         compiler, OS, C library versions
/// Package.resolved       the exact Swift package versions (when the project has one)
/// data-sources.json      every input file: path, sha256, bytes, where to fetch it
/// data/...               the input files themselves (with --include-data)
/// README.txt             how to verify
///
/// with --include-source also:
/// source/folio/...       Folio's own files as they were built (SourceSnapshot: committed plus uncommitted changes)
/// source/folio.sha256    their sha256sum listing; its SHA-256 is `source.folio.sha256` in folio-bundle.json
/// source/project/...     the analysis package's files, when it is a package of its own (and project.sha256)
/// toolchain.json         then a ToolchainRecord: full Swift version, distribution, architecture, Debian package versions
/// Containerfile          a recipe for that machine which builds source/ and runs `folio verify` (ContainerRecipe)
/// ```
/// Entries are sorted and carry a fixed date, so the same build gives the same bundle bytes.
public enum ArchiveBundle {
    public static let format = 1
    static let entryDate = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01, as in PDFs

    public struct Description: Codable, Sendable {
        public var format: Int
        public var analysis: String
        public var folioVersion: String
        public var includesData: Bool
        /// With --include-source: which sources the bundle carries.
        public var source: SourceDescription?
    }

    /// The sources a bundle carries: Folio's, and the analysis package's when it is separate.
    public struct SourceDescription: Codable, Sendable, Equatable {
        public var folio: SourceState
        public var project: SourceState?
    }

    public struct SourceState: Codable, Sendable, Equatable {
        /// `git describe` with `-dirty` when uncommitted changes were built (and are bundled).
        public var version: String
        /// SHA-256 of the sha256sum listing of the files (`SourceSnapshot.sha256`).
        public var sha256: String
        public var files: Int
        /// Where the checkout was when archived; a separate package's path dependency on Folio
        /// names it, and `--bundled-folio` points that dependency at the bundled copy instead.
        public var root: String
    }

    /// What `write` bundles with --include-source.
    public struct Sources: Sendable {
        public var folio: SourceSnapshot
        public var folioRoot: URL
        public var project: SourceSnapshot?
        public var projectRoot: URL?
        public var toolchain: ToolchainRecord
        public init(folio: SourceSnapshot, folioRoot: URL, project: SourceSnapshot?, projectRoot: URL?, toolchain: ToolchainRecord) {
            self.folio = folio
            self.folioRoot = folioRoot
            self.project = project
            self.projectRoot = projectRoot
            self.toolchain = toolchain
        }
    }

    public struct DataSource: Codable, Sendable {
        public var path: String
        public var sha256: String
        public var bytes: UInt64
        /// Where a user without the file can get it, when known.
        public var fetch: String?
    }

    /// Known public origins of data files, by path prefix under the data root.
    static let knownSources: [(prefix: String, fetch: String)] = [
        ("icecube_10year_ps/", "IceCube 10-year point-source release, DOI 10.21234/sxvs-mt83 (`folio data fetch`); file "),
        ("galactic_plane_flux_points/", "PyPI package diffuse-neutrino-flux 0.3.0, diffuse_neutrino_flux/data/"),
    ]

    /// Writes the bundle of the build in `buildDirectory` to `url` (atomically).
    public static func write(analysis: Analysis, buildDirectory: URL, dataRoot: URL, projectRoot: URL,
                             includeData: Bool, sources: Sources? = nil, to url: URL) throws {
        let manifest = try BuildDiff.readManifest(buildDirectory)
        var entries: [(path: String, data: Data, executable: Bool)] = []
        func add(_ path: String, _ data: Data, executable: Bool = false) { entries.append((path, data, executable)) }
        var sourceDescription: SourceDescription?
        if let sources {
            func state(_ s: SourceSnapshot, _ root: URL) -> SourceState {
                SourceState(version: s.version, sha256: s.sha256, files: s.files.count, root: root.standardizedFileURL.path)
            }
            sourceDescription = SourceDescription(folio: state(sources.folio, sources.folioRoot),
                                                  project: sources.project.flatMap { p in sources.projectRoot.map { state(p, $0) } })
            for (name, snapshot) in [("folio", sources.folio), ("project", sources.project)] {
                guard let snapshot else { continue }
                for file in snapshot.files { add("source/\(name)/\(file.path)", file.data, executable: file.executable) }
                add("source/\(name).sha256", Data(snapshot.listing.utf8))
            }
        }
        add("folio-bundle.json", try StableJSON.encode(Description(format: format, analysis: analysis.name,
                                                                  folioVersion: manifest.folioVersion, includesData: includeData,
                                                                  source: sourceDescription)))
        add("analysis.json", try analysis.jsonData())
        if let sources {
            add("toolchain.json", try StableJSON.encode(sources.toolchain))
        } else {
            add("toolchain.json", try StableJSON.encode(manifest.toolchain))
        }
        // The package that builds `folio` pins the Swift packages: with sources, the separate
        // analysis package or else Folio itself (also when the analysis is a JSON spec elsewhere).
        let resolved = (sources.map { $0.projectRoot ?? $0.folioRoot } ?? projectRoot).appendingPathComponent("Package.resolved")
        let resolvedData = FileManager.default.contents(atPath: resolved.path)
        if let resolvedData { add("Package.resolved", resolvedData) }
        if let sources {
            add("Containerfile", Data(ContainerRecipe.render(toolchain: sources.toolchain, analysis: analysis.name, bundleName: url.lastPathComponent,
                                                             hasProject: sources.project != nil, hasResolved: resolvedData != nil).utf8))
        }
        for (relative, data) in fileTree(buildDirectory) where relative != "build.json" {
            add("reference/\(relative)", data)
        }
        // Data-root files travel in data/; project and Folio files are listed, not included
        // (they come with the project and with the tool).
        var dataSources: [DataSource] = []
        for record in manifest.data {
            let fetch = knownSources.first { record.path.hasPrefix($0.prefix) }.map { $0.fetch + String(record.path.dropFirst($0.prefix.count)) }
            dataSources.append(DataSource(path: record.path, sha256: record.sha256, bytes: record.bytes, fetch: fetch))
            // Project files the analysis reads at build time (a report's Markdown prose) travel in
            // project/: the spec alone no longer holds the prose.
            if record.path.hasPrefix("project:") {
                let relative = String(record.path.dropFirst("project:".count))
                let file = projectRoot.appendingPathComponent(relative)
                guard let data = FileManager.default.contents(atPath: file.path), ContentHash.sha256(data) == record.sha256 else {
                    throw InputFileError(path: file.path, "missing or changed since the build; rebuild before archiving")
                }
                add("project/\(relative)", data)
                continue
            }
            guard includeData, !record.path.hasPrefix("folio:") else { continue }
            let file = record.path.hasPrefix("/") ? URL(fileURLWithPath: record.path) : dataRoot.appendingPathComponent(record.path)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw InputFileError(path: file.path, "cannot read this input file to include it in the bundle")
            }
            guard ContentHash.sha256(data) == record.sha256 else {
                throw InputFileError(path: file.path, "changed since the build (sha256 \(ContentHash.sha256(data)), built with \(record.sha256)); rebuild before archiving")
            }
            add("data/\(record.path)", data)
        }
        add("data-sources.json", try StableJSON.encode(dataSources.sorted { $0.path < $1.path }))
        add("README.txt", Data("""
            Folio bundle of the analysis '\(analysis.name)' (\(analysis.title)).
            Built by folio \(manifest.folioVersion) with Swift \(manifest.toolchain.swift) on \(manifest.toolchain.os).

            Verify it with:   folio verify \(url.lastPathComponent)
            That rebuilds analysis.json from scratch \(includeData ? "on the data in data/" : "on the data listed in data-sources.json (from --data or FOLIO_DATA)")
            and grades every output against reference/ (bit-identical, equal within tolerance, or diverged).
            \(sourceNote(sourceDescription, bundleName: url.lastPathComponent))
            """.utf8))

        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        let archive = try Archive(url: temporary, accessMode: .create)
        for (path, data, executable) in entries.sorted(by: { $0.path < $1.path }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                                 permissions: executable ? 0o755 : 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try AtomicFile.rename(temporary, to: url)
    }

    /// A separate analysis package's Package.swift with the `path:` that resolved to Folio's checkout
    /// (absolute, or relative to `packageRoot`, where the package was when archived) replaced by
    /// `folio`, the bundled copy; nil when no `path:` names Folio's checkout (a URL dependency,
    /// whose source cannot be swapped in this way). Only that string changes.
    public static func pointingFolioDependency(in manifest: String, packageRoot: URL, folioRoot: URL, to folio: URL) -> String? {
        var text = manifest
        guard let pattern = try? NSRegularExpression(pattern: #"path:\s*"([^"]+)""#) else { return nil }
        let target = folioRoot.standardizedFileURL.path
        var replaced = false
        // Backwards, so that earlier ranges stay valid while later ones are replaced.
        for match in pattern.matches(in: manifest, range: NSRange(manifest.startIndex..., in: manifest)).reversed() {
            guard let range = Range(match.range(at: 1), in: text) else { continue }
            let path = String(text[range])
            let resolved = path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appendingPathComponent(path)
            if resolved.standardizedFileURL.path == target {
                text.replaceSubrange(range, with: folio.path)
                replaced = true
            }
        }
        return replaced ? text : nil
    }

    /// README.txt's paragraph on the bundled sources (empty without them).
    static func sourceNote(_ description: SourceDescription?, bundleName: String) -> String {
        guard let d = description else { return "" }
        let project = d.project.map { " and the analysis package in source/project (\($0.version))" } ?? ""
        return """

            The bundle carries the Folio that built it: source/folio (folio \(d.folio.version), \(d.folio.files) files;
            the SHA-256 of source/folio.sha256 is \(d.folio.sha256))\(project).
            With any folio:   folio verify \(bundleName) --bundled-folio
            builds those sources in a temporary folder (with Package.resolved) and verifies with that folio. Without one:
            unzip the bundle, copy Package.resolved into \(d.project == nil ? "source/folio" : "source/project"), run
            `swift build --product folio` there and `.build/debug/folio verify <this bundle>`.
            toolchain.json records the machine; Containerfile is a recipe for it (not a tested image).

            """
    }

    /// Unpacks a bundle into `directory`; returns its description. Rejects entries that would
    /// escape the directory.
    public static func unpack(_ url: URL, into directory: URL) throws -> Description {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw InputFileError(path: url.path, "not a readable ZIP bundle (\(error))")
        }
        for entry in archive {
            let target = directory.appendingPathComponent(entry.path).standardizedFileURL
            guard target.path.hasPrefix(directory.standardizedFileURL.path + "/") else {
                throw InputFileError(path: url.path, "entry '\(entry.path)' points outside the bundle")
            }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try archive.extract(entry, to: target)
        }
        let descriptionURL = directory.appendingPathComponent("folio-bundle.json")
        guard let description = try? StableJSON.read(Description.self, from: descriptionURL) else {
            throw InputFileError(path: url.path, "no folio-bundle.json: not a Folio bundle")
        }
        guard description.format <= format else {
            throw InputFileError(path: url.path, "bundle format \(description.format) is newer than this folio understands (\(format))")
        }
        return description
    }

    static func fileTree(_ root: URL) -> [(String, Data)] {
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var out: [(String, Data)] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
               let data = FileManager.default.contents(atPath: base + "/" + relative) {
                out.append((relative, data))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

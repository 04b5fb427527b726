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
                             includeData: Bool, to url: URL) throws {
        let manifest = try BuildDiff.readManifest(buildDirectory)
        var entries: [(String, Data)] = []
        func add(_ path: String, _ data: Data) { entries.append((path, data)) }
        add("folio-bundle.json", try StableJSON.encode(Description(format: format, analysis: analysis.name,
                                                                  folioVersion: manifest.folioVersion, includesData: includeData)))
        add("analysis.json", try analysis.jsonData())
        add("toolchain.json", try StableJSON.encode(manifest.toolchain))
        let resolved = projectRoot.appendingPathComponent("Package.resolved")
        if let data = FileManager.default.contents(atPath: resolved.path) { add("Package.resolved", data) }
        for (relative, data) in fileTree(buildDirectory) where relative != "build.json" {
            add("reference/\(relative)", data)
        }
        // Data-root files travel in data/; project and Folio files are listed, not included
        // (they come with the project and with the tool).
        var sources: [DataSource] = []
        for record in manifest.data {
            let fetch = knownSources.first { record.path.hasPrefix($0.prefix) }.map { $0.fetch + String(record.path.dropFirst($0.prefix.count)) }
            sources.append(DataSource(path: record.path, sha256: record.sha256, bytes: record.bytes, fetch: fetch))
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
        add("data-sources.json", try StableJSON.encode(sources.sorted { $0.path < $1.path }))
        add("README.txt", Data("""
            Folio bundle of the analysis '\(analysis.name)' (\(analysis.title)).
            Built by folio \(manifest.folioVersion) with Swift \(manifest.toolchain.swift) on \(manifest.toolchain.os).

            Verify it with:   folio verify \(url.lastPathComponent)
            That rebuilds analysis.json from scratch \(includeData ? "on the data in data/" : "on the data listed in data-sources.json (from --data or FOLIO_DATA)")
            and grades every output against reference/ (bit-identical, equal within tolerance, or diverged).

            """.utf8))

        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        let archive = try Archive(url: temporary, accessMode: .create)
        for (path, data) in entries.sorted(by: { $0.0 < $1.0 }) {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try AtomicFile.rename(temporary, to: url)
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

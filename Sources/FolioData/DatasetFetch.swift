import Foundation
import FolioCache
import FolioModel
import ZIPFoundation

/// Where a public data release comes from and how to check it (`datasets/<name>.fetch.json`).
public struct DatasetSource: Codable, Sendable {
    public var name: String
    public var description: String
    public var url: URL
    /// SHA-256 of the archive itself when known; the release does not publish one, so by default
    /// the files inside are checked against Folio's per-file manifest instead.
    public var archiveSHA256: String?
    /// The folder under the data root the release unpacks into.
    public var folder: String
    /// Per-file checksum manifest, relative to Folio's root.
    public var checksums: String
}

/// `folio data fetch`: download a release archive (resumable), unpack it under the data root and
/// verify every file the checksum manifest knows. Nothing appears under the data root until the
/// archive is complete and every known file verified; existing files are never overwritten.
public struct DatasetFetch: Sendable {
    public var source: DatasetSource
    public var dataRoot: URL
    public var checksumFile: URL

    public init(source: DatasetSource, dataRoot: URL, checksumFile: URL) {
        self.source = source
        self.dataRoot = dataRoot
        self.checksumFile = checksumFile
    }

    public struct Outcome: Sendable {
        public var archiveSHA256: String
        public var added: [String]
        public var alreadyPresent: [String]
        /// Files in the release that the checksum manifest does not list (read unverified).
        public var unverified: [String]
    }

    private struct Manifest: Decodable { var files: [String: String] }

    public func run(progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }) throws -> Outcome {
        let fm = FileManager.default
        let archive = dataRoot.appendingPathComponent(".downloads/\(source.name).zip")
        let digest: String
        if fm.fileExists(atPath: archive.path) {
            digest = try ContentHash.sha256(fileAt: archive)
            if let expected = source.archiveSHA256, digest != expected {
                try fm.removeItem(at: archive)
                throw DownloadError(url: source.url, message: "the downloaded archive's sha256 \(digest) does not match \(expected); deleted, run again")
            }
        } else {
            digest = try ResumableDownload(url: source.url, destination: archive, expectedSHA256: source.archiveSHA256).run(progress: progress)
        }
        let known: [String: String]
        do { known = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: checksumFile)).files } catch {
            throw InputFileError(path: checksumFile.path, "not a checksum manifest: \(error)")
        }

        // Unpack into a staging folder beside the target, find the release folder inside it.
        let staging = dataRoot.appendingPathComponent(".\(source.folder).unpacking-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: staging) }
        let zip: Archive
        do { zip = try Archive(url: archive, accessMode: .read) } catch {
            try? fm.removeItem(at: archive)
            throw InputFileError(path: archive.path, "not a readable ZIP archive (\(error)); deleted, run again")
        }
        for entry in zip where entry.type == .file {
            let target = staging.appendingPathComponent(entry.path).standardizedFileURL
            guard target.path.hasPrefix(staging.standardizedFileURL.path + "/") else {
                throw InputFileError(path: archive.path, "entry '\(entry.path)' points outside the archive folder")
            }
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try zip.extract(entry, to: target)
        }
        guard let releaseRoot = Self.folder(containing: ["events", "irfs", "uptime"], under: staging) else {
            throw InputFileError(path: archive.path, "no folder with events/, irfs/ and uptime/ in the archive")
        }

        // Verify everything the manifest knows before anything moves into place.
        var files: [String] = []
        let base = releaseRoot.standardizedFileURL.path
        let enumerator = fm.enumerator(atPath: base)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue { files.append(relative) }
        }
        var unverified: [String] = []
        for relative in files.sorted() {
            let key = "\(source.folder)/\(relative)"
            guard let expected = known[key] else { unverified.append(key); continue }
            let actual = try ContentHash.sha256(fileAt: URL(fileURLWithPath: base + "/" + relative))
            guard actual == expected else {
                throw InputFileError(path: "\(archive.path)!\(relative)", "sha256 \(actual) does not match the manifest's \(expected)")
            }
        }

        // Move each file into place; an existing file must already be the same.
        var added: [String] = [], present: [String] = []
        let target = dataRoot.appendingPathComponent(source.folder)
        for relative in files.sorted() {
            let from = URL(fileURLWithPath: base + "/" + relative), to = target.appendingPathComponent(relative)
            if fm.fileExists(atPath: to.path) {
                guard try ContentHash.sha256(fileAt: to) == ContentHash.sha256(fileAt: from) else {
                    throw InputFileError(path: to.path, "already present with other content than the release; not overwritten")
                }
                present.append("\(source.folder)/\(relative)")
                continue
            }
            try fm.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.rename(from, to: to)
            added.append("\(source.folder)/\(relative)")
        }
        return Outcome(archiveSHA256: digest, added: added, alreadyPresent: present, unverified: unverified)
    }

    /// The shallowest folder under `root` holding all of `children` as subfolders.
    static func folder(containing children: [String], under root: URL) -> URL? {
        var queue = [root]
        while !queue.isEmpty {
            let folder = queue.removeFirst()
            let names = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            if children.allSatisfy(names.contains) { return folder }
            for name in names.sorted() {
                var isDirectory: ObjCBool = false
                let url = folder.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue { queue.append(url) }
            }
        }
        return nil
    }
}

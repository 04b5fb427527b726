import Foundation
import FolioModel

/// The content-addressed store of step outputs under `output/.cache/`.
///
/// ```
/// .cache/steps/<key>/entry.json      what the step produced: files with sha256, results, notices
/// .cache/steps/<key>/files/out/...   private outputs, read by dependent steps
/// .cache/steps/<key>/files/pub/...   outputs published into output/<analysis>/
/// .cache/tmp/                        staging areas of steps that are running
/// ```
/// A step runs in a staging area; on success its files are hashed, `entry.json` is written and the
/// whole folder is renamed into place, so an entry is either complete or absent. On every read the
/// entry's own checksum and every file's size and SHA-256 are verified (a file whose stat is
/// unchanged since it last passed, by `verifiedFiles`' trust rule, without reading it again); a
/// corrupt or partial entry is reported as a `CacheProblem` and the runner recomputes it.
public struct ArtifactStore: Sendable {
    public let root: URL
    /// When set, a file whose (size, mtime, ctime, inode) is unchanged since it last passed its
    /// SHA-256 check is not read again (FileHashCache's trust rule); nil hashes every file on every
    /// read (`folio build --verify-cache`).
    public let verifiedFiles: FileHashCache?

    public init(root: URL, verifiedFiles: FileHashCache? = nil) {
        self.root = root
        self.verifiedFiles = verifiedFiles
    }

    /// The memo a build shares for input files, cache entries and published files.
    public static func verifiedFilesMemo(cacheDirectory: URL) -> FileHashCache {
        FileHashCache.shared(at: cacheDirectory.appendingPathComponent("file-hashes.json"))
    }

    var stepsDirectory: URL { root.appendingPathComponent("steps") }
    var temporaryDirectory: URL { root.appendingPathComponent("tmp") }

    public func entryDirectory(for key: String) -> URL { stepsDirectory.appendingPathComponent(key) }
    public func filesDirectory(for key: String) -> URL { entryDirectory(for: key).appendingPathComponent("files") }

    /// The verified entry for `key`; nil if there is none; `.corrupt` if one exists but fails checks.
    public func lookup(_ key: String) -> CacheLookup {
        let directory = entryDirectory(for: key)
        let entryURL = directory.appendingPathComponent("entry.json")
        guard FileManager.default.fileExists(atPath: directory.path) else { return .absent }
        guard let data = FileManager.default.contents(atPath: entryURL.path) else {
            return .corrupt(CacheProblem(key: key, reason: "entry.json is missing"))
        }
        let entry: CacheEntry
        do {
            entry = try JSONDecoder().decode(CacheEntry.self, from: data)
        } catch {
            return .corrupt(CacheProblem(key: key, reason: "entry.json is unreadable (\(error.localizedDescription))"))
        }
        guard entry.key == key else {
            return .corrupt(CacheProblem(key: key, reason: "entry.json belongs to key \(entry.key.prefix(12))"))
        }
        guard entry.hasIntactBytes(data) || entry.checksum == entry.computedChecksum() else {
            return .corrupt(CacheProblem(key: key, reason: "entry.json fails its own checksum"))
        }
        let files = filesDirectory(for: key)
        for file in entry.files {
            let url = files.appendingPathComponent(file.path)
            guard let status = try? FileStatus.link(url.path) else {
                return .corrupt(CacheProblem(key: key, reason: "file \(file.path) is missing"))
            }
            if status.size != file.bytes {
                return .corrupt(CacheProblem(key: key, reason: "file \(file.path) has the wrong size (truncated?)"))
            }
            let intact: Bool
            if let verifiedFiles {
                intact = verifiedFiles.verify(url, sha256: file.sha256, bytes: file.bytes)
            } else {
                intact = (try? ContentHash.sha256(fileAt: url)) == file.sha256
            }
            guard intact else {
                return .corrupt(CacheProblem(key: key, reason: "file \(file.path) fails its sha256 check"))
            }
        }
        return .hit(entry)
    }

    /// A fresh, empty staging area for running the step with `key`.
    public func makeStagingArea(for key: String) throws -> StagingArea {
        let directory = temporaryDirectory.appendingPathComponent("\(key.prefix(16))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let area = StagingArea(directory: directory)
        for sub in [area.privateDirectory, area.publishedDirectory] {
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        }
        return area
    }

    /// Hashes what the step wrote, writes `entry.json` and moves the staging area into place.
    /// Returns the committed entry. An existing (corrupt) entry under the same key is replaced.
    @discardableResult
    public func commit(_ area: StagingArea, key: String, kind: String, version: Int,
                       results: [String: ResultValue], notices: [String]) throws -> CacheEntry {
        let files = try area.listFiles().map { relative -> CacheEntry.File in
            let url = area.filesDirectory.appendingPathComponent(relative)
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value ?? 0
            return CacheEntry.File(path: relative, sha256: try ContentHash.sha256(fileAt: url), bytes: size)
        }
        var entry = CacheEntry(key: key, kind: kind, version: version, files: files, results: results,
                               notices: notices, checksum: "")
        entry.checksum = entry.computedChecksum()
        try AtomicFile.write(StableJSON.encode(entry), to: area.directory.appendingPathComponent("entry.json"))
        try FileManager.default.createDirectory(at: stepsDirectory, withIntermediateDirectories: true)
        let target = entryDirectory(for: key)
        if FileManager.default.fileExists(atPath: target.path) {
            try discard(target)
        }
        try AtomicFile.rename(area.directory, to: target)
        AtomicFile.syncDirectory(stepsDirectory)
        return entry
    }

    /// Removes an entry (e.g. a corrupt one) by first renaming it out of the way, so that a crash in
    /// the middle never leaves a half-deleted entry under a valid key.
    public func remove(_ key: String) throws {
        let target = entryDirectory(for: key)
        if FileManager.default.fileExists(atPath: target.path) { try discard(target) }
    }

    private func discard(_ directory: URL) throws {
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        let trash = temporaryDirectory.appendingPathComponent("trash-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try AtomicFile.rename(directory, to: trash)
        try FileManager.default.removeItem(at: trash)
    }

    /// Deletes staging areas left behind by builds that were killed.
    public func removeAbandonedStagingAreas() {
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }
}

public enum CacheLookup: Sendable {
    case absent
    case hit(CacheEntry)
    case corrupt(CacheProblem)
}

/// Why a cache entry was rejected.
public struct CacheProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var reason: String
    public var description: String { "cache entry \(key.prefix(12)): \(reason)" }
}

/// A step's private (`out/`) and published (`pub/`) output folders while it runs.
public struct StagingArea: Sendable {
    public let directory: URL
    public var filesDirectory: URL { directory.appendingPathComponent("files") }
    public var privateDirectory: URL { filesDirectory.appendingPathComponent("out") }
    public var publishedDirectory: URL { filesDirectory.appendingPathComponent("pub") }

    /// Relative paths (`out/...`, `pub/...`) of every regular file, sorted.
    func listFiles() throws -> [String] {
        let base = filesDirectory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(relative)
            }
        }
        return result.sorted()
    }
}

/// What `entry.json` records about one completed step.
public struct CacheEntry: Codable, Hashable, Sendable {
    public struct File: Codable, Hashable, Sendable {
        /// Relative to the entry's `files/` folder: `out/...` or `pub/...`.
        public var path: String
        public var sha256: String
        public var bytes: UInt64
    }

    public var key: String
    public var kind: String
    public var version: Int
    public var files: [File]
    /// The numbers the step reported, by field name (without the step prefix).
    public var results: [String: ResultValue]
    /// Messages the step wants users to see (e.g. "stand-in smearing matrix used").
    public var notices: [String]
    /// SHA-256 of this entry's JSON with `checksum` empty; detects a flipped byte in the entry itself.
    public var checksum: String

    func computedChecksum() -> String {
        var copy = self
        copy.checksum = ""
        return ContentHash.sha256((try? StableJSON.encode(copy)) ?? Data())
    }

    public var publishedFiles: [File] { files.filter { $0.path.hasPrefix("pub/") } }

    /// True when `data`, this entry's file, is exactly the bytes its checksum was computed from
    /// with the checksum filled in: the SHA-256 of the file with the checksum's value blanked
    /// equals the checksum. The quick form of the check (no encoding of the entry again); an
    /// entry that fails it is checked by `computedChecksum()`, which also accepts the same
    /// content written with other formatting.
    func hasIntactBytes(_ data: Data) -> Bool {
        let field = Data("\"checksum\" : \"\(checksum)\"".utf8)
        guard !checksum.isEmpty, let range = data.range(of: field) else { return false }
        var blanked = data
        blanked.replaceSubrange(range, with: Data("\"checksum\" : \"\"".utf8))
        return ContentHash.sha256(blanked) == checksum
    }
}

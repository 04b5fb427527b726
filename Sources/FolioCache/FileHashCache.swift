import Foundation

/// Remembers the SHA-256 of files by (path, size, modification time, status-change time, inode),
/// as git's index and Snakemake do, so that a no-op build re-reads neither large input files nor
/// the cache entries and published files it has already verified.
///
/// **The trust rule.** A file whose size, mtime, ctime (nanoseconds) or inode differs from the
/// remembered stamp is hashed again. A file whose stamp is unchanged is trusted to hold the bytes
/// it held when it was last hashed. Any write through the file system moves mtime and ctime, and
/// ctime cannot be set back by `touch`, `cp -p` or `rsync`, so what this misses is a change that
/// bypasses the file system (a flipped bit on disk, a raw block-device write) or a clock set
/// back to the same nanosecond. A file changed less than 2 s before it was hashed is not remembered
/// (file times advance in coarse ticks; git calls such entries "racy"). `folio build --verify-cache` hashes everything again regardless;
/// `folio verify` always rebuilds from scratch.
///
/// The memo is only a shortcut: a stale or lost memo makes a build hash a file again, never skip
/// one wrongly under the rule above. One process shares one memo per file (`shared(at:)`), so
/// the parts of a build that hash files do not overwrite each other's entries.
public final class FileHashCache: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private struct Stamp: Codable, Hashable {
        var size: UInt64
        var mtimeNanoseconds: Int64
        var ctimeNanoseconds: Int64
        var inode: UInt64
        var sha256: String

        init(_ status: FileStatus, sha256: String) {
            size = status.size; mtimeNanoseconds = status.mtimeNanoseconds; ctimeNanoseconds = status.ctimeNanoseconds
            inode = status.inode; self.sha256 = sha256
        }

        /// The memo's trust rule: the same size, mtime, ctime and inode.
        func matches(_ status: FileStatus) -> Bool { self == Stamp(status, sha256: sha256) }
    }

    private let storeURL: URL?
    private var stamps: [String: Stamp]
    private var dirty = false
    private let lock = NSLock()

    /// `storeURL` nil keeps the memo in memory only.
    public convenience init(storeURL: URL?) {
        self.init(storeURL: storeURL, racyWindowNanoseconds: Self.defaultRacyWindowNanoseconds)
    }

    /// Tests shorten the racy window to see the memo used without waiting.
    init(storeURL: URL?, racyWindowNanoseconds: Int64) {
        self.racyWindowNanoseconds = racyWindowNanoseconds
        self.storeURL = storeURL
        // An unreadable memo (or one from before ctime was recorded) is simply empty: files are hashed again.
        if let storeURL, let loaded = try? StableJSON.read([String: Stamp].self, from: storeURL) {
            stamps = loaded
        } else {
            stamps = [:]
        }
    }

    private static let registryLock = NSLock()
    nonisolated(unsafe) private static var registry: [String: FileHashCache] = [:]

    /// The one memo of this process stored at `storeURL`, loaded on first use.
    public static func shared(at storeURL: URL) -> FileHashCache {
        let path = storeURL.standardizedFileURL.path
        registryLock.lock(); defer { registryLock.unlock() }
        if let memo = registry[path] { return memo }
        let memo = FileHashCache(storeURL: storeURL)
        registry[path] = memo
        return memo
    }

    /// The file's SHA-256: remembered when its stamp is unchanged, else read and hashed.
    public func sha256(of url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        let before = try FileStatus.of(path)
        lock.lock()
        if let s = stamps[path], s.matches(before) {
            lock.unlock()
            return s.sha256
        }
        lock.unlock()
        let digest = try ContentHash.sha256(fileAt: url)
        remember(path, before, digest)
        return digest
    }

    /// Whether the file holds bytes with SHA-256 `expected` (and `bytes` bytes): trusted without
    /// reading when its stamp is unchanged since it was last verified, else hashed. A mismatch is
    /// never remembered, so a damaged file is reported on every check.
    public func verify(_ url: URL, sha256 expected: String, bytes: UInt64) -> Bool {
        let path = url.standardizedFileURL.path
        guard let before = try? FileStatus.of(path), before.size == bytes else { return false }
        lock.lock()
        if let s = stamps[path], s.matches(before) {
            lock.unlock()
            return s.sha256 == expected
        }
        lock.unlock()
        guard let digest = try? ContentHash.sha256(fileAt: url), digest == expected else { return false }
        remember(path, before, digest)
        return true
    }

    /// A file changed less than this long before it was hashed is not remembered ("racy" in git's
    /// words): file times advance in coarse ticks (a few ms; whole seconds on some network file
    /// systems), so a same-size rewrite within the tick after hashing would keep the stamp.
    static let defaultRacyWindowNanoseconds: Int64 = 2_000_000_000
    let racyWindowNanoseconds: Int64

    /// Records a digest only if the file did not change while it was read (same stamp after) and
    /// did not change within the racy window before.
    private func remember(_ path: String, _ before: FileStatus, _ digest: String) {
        let stamp = Stamp(before, sha256: digest)
        guard let after = try? FileStatus.of(path), stamp.matches(after) else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nowNanoseconds = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        guard nowNanoseconds - max(before.mtimeNanoseconds, before.ctimeNanoseconds) >= racyWindowNanoseconds else { return }
        lock.lock()
        stamps[path] = stamp
        dirty = true
        lock.unlock()
    }

    /// Whether the file's current stamp is remembered (tests).
    func isRemembered(_ url: URL) -> Bool {
        let path = url.standardizedFileURL.path
        guard let now = try? FileStatus.of(path) else { return false }
        lock.lock(); defer { lock.unlock() }
        return stamps[path]?.matches(now) ?? false
    }

    /// Writes the memo back if it changed, leaving out files that no longer exist (removed cache
    /// entries, replaced output folders), so it does not grow without bound.
    public func save() throws {
        lock.lock(); defer { lock.unlock() }
        guard dirty, let storeURL else { return }
        stamps = stamps.filter { access($0.key, F_OK) == 0 }
        try StableJSON.write(stamps, to: storeURL)
        dirty = false
    }
}

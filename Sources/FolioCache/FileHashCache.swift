import Foundation

/// Remembers the SHA-256 of input files by (path, size, modification time, inode), as git's index
/// and Snakemake do, so that a no-op build does not re-read large data files.
///
/// A file whose size, time or inode changed is hashed again. The memo is only a shortcut: a stale
/// memo can make a build re-run a step, never skip one wrongly, unless a file is rewritten with the
/// same size within the same nanosecond, which tools do not do.
public final class FileHashCache: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private struct Stamp: Codable, Hashable {
        var size: UInt64
        var mtimeNanoseconds: Int64
        var inode: UInt64
        var sha256: String
    }

    private let storeURL: URL?
    private var stamps: [String: Stamp]
    private var dirty = false
    private let lock = NSLock()

    /// `storeURL` nil keeps the memo in memory only.
    public init(storeURL: URL?) {
        self.storeURL = storeURL
        if let storeURL, let loaded = try? StableJSON.read([String: Stamp].self, from: storeURL) {
            stamps = loaded
        } else {
            stamps = [:]
        }
    }

    public func sha256(of url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOENT, path: path)
        }
        let mtime = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        let key = (size: UInt64(st.st_size), mtime: mtime, inode: UInt64(st.st_ino))
        lock.lock()
        if let s = stamps[path], s.size == key.size, s.mtimeNanoseconds == key.mtime, s.inode == key.inode {
            lock.unlock()
            return s.sha256
        }
        lock.unlock()
        let digest = try ContentHash.sha256(fileAt: url)
        lock.lock()
        stamps[path] = Stamp(size: key.size, mtimeNanoseconds: key.mtime, inode: key.inode, sha256: digest)
        dirty = true
        lock.unlock()
        return digest
    }

    /// Writes the memo back if it changed.
    public func save() throws {
        lock.lock(); defer { lock.unlock() }
        guard dirty, let storeURL else { return }
        try StableJSON.write(stamps, to: storeURL)
        dirty = false
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `stat(2)` or `lstat(2)` of a path: size, times, inode, type and mode.
///
/// Why not `FileManager.attributesOfItem`: it builds a dictionary of every attribute, including the
/// owner's and group's names (a passwd and group lookup per call), which made the thousands of
/// calls of a no-op build (the checkout's files, cache entries, data folders) a tenth of its time.
public struct FileStatus: Sendable, Equatable {
    public var size: UInt64
    /// Modification and status-change times in nanoseconds since 1970.
    public var mtimeNanoseconds: Int64
    public var ctimeNanoseconds: Int64
    public var inode: UInt64
    /// `st_mode`: the file type bits and the permission bits.
    public var mode: UInt32

    public var isRegularFile: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFREG) }
    public var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }
    public var isSymbolicLink: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFLNK) }
    /// The permission bits (e.g. 0o755), as `attributesOfItem`'s `.posixPermissions`.
    public var permissions: Int { Int(mode & 0o7777) }

    /// The file `path` names, following symbolic links (`stat`).
    public static func of(_ path: String) throws -> FileStatus {
        var st = stat()
        guard stat(path, &st) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOENT, path: path) }
        return FileStatus(st)
    }

    /// The path itself, a symbolic link not followed (`lstat`), as `attributesOfItem` reports it.
    public static func link(_ path: String) throws -> FileStatus {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOENT, path: path) }
        return FileStatus(st)
    }

    init(_ st: stat) {
        size = UInt64(st.st_size)
        mtimeNanoseconds = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        ctimeNanoseconds = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        inode = UInt64(st.st_ino)
        mode = UInt32(st.st_mode)
    }

    /// The names in a folder (without "." and ".."), unsorted; nil when it cannot be read.
    public static func names(inFolder path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One build at a time per output folder: an exclusive `flock` on `output/.lock`.
///
/// The kernel releases the lock when the process dies, even by SIGKILL, so a crashed build never
/// leaves a stale lock behind. The file holds the holder's pid for the error message.
public final class OutputLock {
    private let fd: Int32
    public let url: URL

    /// Takes the lock or throws `OutputLockError.busy` naming the holder.
    public init(outputDirectory: URL) throws {
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        url = outputDirectory.appendingPathComponent(".lock")
        fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO, path: url.path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buffer, 31, 0)
            let holder = n > 0 ? String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw OutputLockError.busy(path: url.deletingLastPathComponent().path, holderPID: holder)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

public enum OutputLockError: Error, CustomStringConvertible {
    case busy(path: String, holderPID: String)
    public var description: String {
        switch self {
        case .busy(let path, let pid):
            return "output folder '\(path)' is in use by another folio build (pid \(pid)); wait for it to finish or use another --output"
        }
    }
}

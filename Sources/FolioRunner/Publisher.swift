import Foundation
import FolioCache
#if canImport(Glibc)
import Glibc
#endif

/// Makes a finished build visible as `output/<analysis>/` in one atomic step.
///
/// The new folder is assembled beside the old one (`output/.staging-<analysis>-<pid>`) and then
/// swapped in with `renameat2(RENAME_EXCHANGE)`, so a reader, or a build killed with SIGKILL, sees
/// either the complete previous build or the complete new one. Where the file system cannot
/// exchange, it falls back to two renames (a brief moment without the folder, never a mixed one).
enum Publisher {
    struct Item {
        /// Path under `output/<analysis>/`.
        var path: String
        var source: URL
        var bytes: UInt64
        var sha256: String
    }

    /// Returns false when the folder already held exactly this build (only build.json is rewritten).
    /// `verifiedFiles` lets the up-to-date check trust published files whose stat is unchanged
    /// since they last matched (FileHashCache); nil reads and hashes every one.
    static func publish(into target: URL, items: [Item], verifiedFiles: FileHashCache?, generated: [String: Data],
                        buildLog: Data) throws -> Bool {
        let fm = FileManager.default
        if isUpToDate(target, items: items, verifiedFiles: verifiedFiles, generated: generated) {
            try AtomicFile.write(buildLog, to: target.appendingPathComponent("build.json"))
            return false
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".staging-\(target.lastPathComponent)-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            for item in items {
                let destination = staging.appendingPathComponent(item.path)
                try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                // A copy, not a hard link: editing a published file must never corrupt the cache.
                try fm.copyItem(at: item.source, to: destination)
            }
            for (name, data) in generated {
                try AtomicFile.write(data, to: staging.appendingPathComponent(name))
            }
            try AtomicFile.write(buildLog, to: staging.appendingPathComponent("build.json"))
            AtomicFile.syncDirectory(staging)
            try swap(staging, into: target)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        try? fm.removeItem(at: staging)  // now holds the previous build
        AtomicFile.syncDirectory(parent)
        return true
    }

    /// True when the folder holds exactly these bytes: the generated files compared whole, every
    /// published file by its SHA-256 (an edited or damaged `report.html` is replaced, whatever its
    /// size). Files that are in the folder but not in the build are left alone, as before.
    private static func isUpToDate(_ target: URL, items: [Item], verifiedFiles: FileHashCache?, generated: [String: Data]) -> Bool {
        for (name, data) in generated {
            guard FileManager.default.contents(atPath: target.appendingPathComponent(name).path) == data else { return false }
        }
        for item in items {
            let url = target.appendingPathComponent(item.path)
            let same = verifiedFiles.map { $0.verify(url, sha256: item.sha256, bytes: item.bytes) }
                ?? ((try? ContentHash.sha256(fileAt: url)) == item.sha256)
            guard same else { return false }
        }
        return true
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's `renameat2` looked up at run time (Swift's Glibc module does not export it).
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    static func swap(_ staging: URL, into target: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: target.path) else {
            try AtomicFile.rename(staging, to: target)
            return
        }
        let renameExchange: UInt32 = 2
        if let renameat2, renameat2(AT_FDCWD, staging.path, AT_FDCWD, target.path, renameExchange) == 0 {
            return
        }
        let aside = target.deletingLastPathComponent().appendingPathComponent(".previous-\(target.lastPathComponent)-\(getpid())")
        try? fm.removeItem(at: aside)
        try AtomicFile.rename(target, to: aside)
        try AtomicFile.rename(staging, to: target)
        try AtomicFile.rename(aside, to: staging)
    }
}

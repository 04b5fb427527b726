import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `folio preview` watches: single files, and folders whose files (recursively) pass a filter.
struct WatchList: Equatable, Sendable {
    struct Tree: Equatable, Sendable {
        var root: URL
        /// File-name suffixes to watch (e.g. ".swift"); empty watches every file.
        var suffixes: [String]
    }

    var files: Set<URL> = []
    var trees: [Tree] = []

    mutating func add(file: URL) { files.insert(file.standardizedFileURL) }

    mutating func add(tree root: URL, suffixes: [String] = []) {
        let tree = Tree(root: root.standardizedFileURL, suffixes: suffixes)
        if !trees.contains(tree) { trees.append(tree) }
    }
}

/// Polls a `WatchList` for changes by (modification time, size, inode) of every file.
///
/// Polling rather than inotify: it sees a file replaced by rename (how most editors and
/// `AtomicFile` save), files appearing in folders not yet created, and works unchanged on macOS;
/// stat'ing the few hundred files of a project every 100 ms costs about a millisecond.
struct FileWatcher {
    /// Path -> signature of every watched file that exists.
    typealias Snapshot = [String: Signature]

    struct Signature: Equatable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var inode: UInt64
    }

    var list: WatchList

    func snapshot() -> Snapshot {
        var result: Snapshot = [:]
        for file in list.files {
            if let s = Self.signature(file.path) { result[file.path] = s }
        }
        for tree in list.trees {
            walk(tree.root.path, suffixes: tree.suffixes, into: &result)
        }
        return result
    }

    /// Paths added, removed or modified between two snapshots, sorted.
    static func changes(from old: Snapshot, to new: Snapshot) -> [String] {
        var changed: Set<String> = []
        for (path, signature) in new where old[path] != signature { changed.insert(path) }
        for path in old.keys where new[path] == nil { changed.insert(path) }
        return changed.sorted()
    }

    /// Depth-first listing without Foundation's enumerator (which allocates a URL per entry);
    /// hidden entries (.build, .git, editor swap files) are skipped.
    private func walk(_ directory: String, suffixes: [String], into result: inout Snapshot) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = directory + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(path, suffixes: suffixes, into: &result)
            } else if suffixes.isEmpty || suffixes.contains(where: { name.hasSuffix($0) }) {
                result[path] = Self.signature(info)
            }
        }
    }

    static func signature(_ path: String) -> Signature? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR { return nil }
        return signature(info)
    }

    private static func signature(_ info: stat) -> Signature {
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Signature(seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec), size: Int64(info.st_size), inode: UInt64(info.st_ino))
    }
}

import Foundation
import FolioCache
import FolioModel

/// The source files of a git checkout as they are on disk, the exact files a build compiled:
/// every tracked file that exists (modified ones with their new content, deleted ones left out)
/// plus untracked, non-ignored files under the paths that go into the `folio` binary or its run
/// (`buildPaths`). Nothing under `.build*`.
///
/// `version` is `git describe --always --tags` of HEAD, with `-dirty` when the files differ from
/// that commit (a tracked file changed, added or deleted, or an untracked file under `buildPaths`),
/// since the commit alone then cannot rebuild them. `sha256` is the SHA-256 of `listing`, a
/// `sha256sum`-format line per file (`<sha256>  <path>`, sorted by path, an `x` mode line for
/// executables), so the same files give the same hash on any machine, with or without git.
public struct SourceSnapshot: Sendable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var data: Data
        public var executable: Bool
    }

    public var version: String
    public var isDirty: Bool
    public var files: [File]

    /// Untracked files here make a checkout dirty and travel in its snapshot; untracked files
    /// elsewhere (bundles, notes, scratch output) do neither.
    public static let buildPaths = ["Package.swift", "Sources/", "Plugins/", "analyses/", "templates/", "datasets/"]

    /// The checkout's files, its version and dirty state. Throws when `root` is not a git checkout.
    public static func capture(_ root: URL) throws -> SourceSnapshot {
        let (state, entries) = try checkoutFiles(root)
        let files = try entries.map { File(path: $0.path, data: try Data(contentsOf: $0.url), executable: $0.executable) }
        return SourceSnapshot(version: state.version, isDirty: state.isDirty, files: files)
    }

    /// The version and the `sha256` that `capture` gives, without keeping the files: each file's
    /// SHA-256 comes from `hashes` (remembered by stat, FileHashCache) when given, so a build
    /// records its checkout without reading every source file again.
    public static func fingerprint(_ root: URL, hashes: FileHashCache?) throws -> (version: String, sha256: String) {
        let (state, entries) = try checkoutFiles(root)
        let listing = try entries.map { f in
            let digest = try hashes?.sha256(of: f.url) ?? ContentHash.sha256(fileAt: f.url)
            return "\(digest)  \(f.path)\n" + (f.executable ? "# x \(f.path)\n" : "")
        }.joined()
        return (state.version, ContentHash.sha256(listing))
    }

    /// The files `capture` holds, sorted by path, with the checkout's state.
    private static func checkoutFiles(_ root: URL) throws -> (Status, [(path: String, url: URL, executable: Bool)]) {
        // The four git queries at once: each is a process start, which dominates on a loaded machine.
        let outputs = try gitAll(root, [["describe", "--always", "--tags"],
                                        ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--", "."],
                                        ["ls-files", "-z", "--others", "--exclude-standard", "--"] + buildPaths,
                                        ["ls-files", "-z", "--cached"]])
        let state = status(describe: outputs[0], trackedChanges: outputs[1], untracked: outputs[2])
        let tracked = outputs[3].split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let paths = Set(tracked + state.untracked).filter { !$0.hasPrefix(".build") }
        var files: [(path: String, url: URL, executable: Bool)] = []
        for path in paths.sorted() {
            let url = root.appendingPathComponent(path)
            guard let status = try? FileStatus.link(url.path) else { continue }  // deleted
            if status.isSymbolicLink {
                throw InputFileError(path: url.path, "a symbolic link; source snapshots hold regular files only")
            }
            guard status.isRegularFile else { continue }  // a submodule folder
            files.append((path, url, status.permissions & 0o100 != 0))
        }
        return (state, files)
    }

    /// `git describe` of the checkout with `-dirty` as `capture` defines it, without reading files.
    public static func describe(_ root: URL) -> String? {
        (try? status(root))?.version
    }

    /// One line per file, `sha256sum -c` can check it: `<sha256>  <path>`; executables are
    /// marked by a following `# x <path>` line so that a mode change moves the hash too.
    public var listing: String {
        files.map { f in
            "\(ContentHash.sha256(f.data))  \(f.path)\n" + (f.executable ? "# x \(f.path)\n" : "")
        }.joined()
    }

    public var sha256: String { ContentHash.sha256(listing) }

    /// The hash `sha256` gives for the files under `directory` (all of them, as unpacked from a
    /// bundle), so that a bundle's sources can be checked without git.
    public static func sha256(ofFolder directory: URL) throws -> String {
        var files: [File] = []
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else {
            throw InputFileError(path: base, "cannot list this folder")
        }
        while let relative = walker.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: base + "/" + relative)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
            files.append(File(path: relative, data: try Data(contentsOf: URL(fileURLWithPath: base + "/" + relative)),
                              executable: mode & 0o100 != 0))
        }
        return SourceSnapshot(version: "", isDirty: false, files: files.sorted { $0.path < $1.path }).sha256
    }

    // MARK: git

    struct Status {
        var version: String
        var isDirty: Bool
        var untracked: [String]
    }

    static func status(_ root: URL) throws -> Status {
        let outputs = try gitAll(root, [["describe", "--always", "--tags"],
                                        ["status", "--porcelain=v1", "-z", "--untracked-files=no", "--", "."],
                                        ["ls-files", "-z", "--others", "--exclude-standard", "--"] + buildPaths])
        return status(describe: outputs[0], trackedChanges: outputs[1], untracked: outputs[2])
    }

    /// Paths are relative to the checkout root given to git (which may be a folder inside a larger
    /// repository), so both listings are limited to it: "." and the build paths.
    private static func status(describe: Data, trackedChanges: Data, untracked: Data) -> Status {
        let described = String(decoding: describe, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let untrackedPaths = untracked.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter { !$0.hasPrefix(".build") }
        let dirty = !trackedChanges.isEmpty || !untrackedPaths.isEmpty
        return Status(version: described + (dirty ? "-dirty" : ""), isDirty: dirty, untracked: untrackedPaths)
    }

    /// Runs the git commands concurrently; their outputs in order, or the first error.
    static func gitAll(_ root: URL, _ commands: [[String]]) throws -> [Data] {
        let results = Results(count: commands.count)
        DispatchQueue.concurrentPerform(iterations: commands.count) { i in
            results.set(i, Result { try git(root, commands[i]) })
        }
        return try results.values.map { try $0!.get() }
    }

    private final class Results: @unchecked Sendable {
        // @unchecked: `values` is guarded by `lock`.
        private let lock = NSLock()
        var values: [Result<Data, Error>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result<Data, Error>) { lock.lock(); values[i] = value; lock.unlock() }
    }

    static func git(_ root: URL, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw InputFileError(path: root.path, "cannot run git (\(error))")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputFileError(path: root.path, "not a git checkout (git \(arguments.first ?? "") exit \(process.terminationStatus))")
        }
        return data
    }
}

import Foundation

/// The finished chunks of one splittable step (trials), kept beside the step entries until the step
/// itself is committed:
///
/// ```
/// .cache/chunks/<step key>/<chunk>.chunk   one finished chunk: {chunk, key, sha256, bytes, payload (base64)}
/// .cache/chunks/<step key>/<chunk>.error   why the last attempt at a chunk failed (written by `folio worker`)
/// .cache/chunks/<step key>/slurm/          the job script and the jobs' logs (Slurm executor)
/// ```
/// Each chunk file is written atomically (temporary name, fsync, rename), by the build itself or by a
/// `folio worker` on another machine sharing the output folder, so a chunk is whole or absent. On
/// read the key, the chunk index and the payload's SHA-256 are verified; a damaged file counts as
/// absent and is recomputed. An interrupted build therefore resumes with the chunks already done.
public struct ChunkStore: Sendable {
    /// The step's cache key: chunks of another key (other parameters, inputs or seed) never mix in.
    public let key: String
    public let directory: URL

    public init(cacheRoot: URL, key: String) {
        self.key = key
        self.directory = cacheRoot.appendingPathComponent("chunks").appendingPathComponent(key)
    }

    public func url(of chunk: Int) -> URL { directory.appendingPathComponent("\(chunk).chunk") }
    public func errorURL(of chunk: Int) -> URL { directory.appendingPathComponent("\(chunk).error") }

    struct Envelope: Codable {
        var chunk: Int
        var key: String
        var sha256: String
        var bytes: Int
        var payload: Data  // base64 in JSON
    }

    /// Stores `payload` as chunk `chunk`, atomically, and clears an earlier failure note.
    public func write(_ payload: Data, chunk: Int) throws {
        let envelope = Envelope(chunk: chunk, key: key, sha256: ContentHash.sha256(payload), bytes: payload.count, payload: payload)
        try StableJSON.write(envelope, to: url(of: chunk))
        try? FileManager.default.removeItem(at: errorURL(of: chunk))
    }

    /// The verified payload of `chunk`.
    public func read(_ chunk: Int) -> ChunkLookup {
        guard let data = FileManager.default.contents(atPath: url(of: chunk).path) else { return .absent }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else {
            return .corrupt("chunk \(chunk) of \(key.prefix(12)): file is unreadable (truncated?)")
        }
        guard envelope.key == key, envelope.chunk == chunk else {
            return .corrupt("chunk \(chunk) of \(key.prefix(12)): file belongs to chunk \(envelope.chunk) of \(envelope.key.prefix(12))")
        }
        guard envelope.payload.count == envelope.bytes, ContentHash.sha256(envelope.payload) == envelope.sha256 else {
            return .corrupt("chunk \(chunk) of \(key.prefix(12)): payload fails its sha256 check")
        }
        return .valid(envelope.payload)
    }

    /// True when `chunk` is stored and verifies.
    public func isDone(_ chunk: Int) -> Bool {
        if case .valid = read(chunk) { return true }
        return false
    }

    /// Records why an attempt at `chunk` failed, for the build's error message.
    public func writeFailure(_ message: String, chunk: Int) {
        try? AtomicFile.write(message, to: errorURL(of: chunk))
    }

    /// The failure note of `chunk`, if its last attempt left one.
    public func failure(of chunk: Int) -> String? {
        (try? String(contentsOf: errorURL(of: chunk), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Removes a damaged chunk file so it is recomputed.
    public func discard(_ chunk: Int) {
        try? FileManager.default.removeItem(at: url(of: chunk))
    }

    /// Removes every chunk of the step (after the step's entry is committed, or for --no-cache).
    public func removeAll() {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory.path) else { return }
        // Rename first so that no reader ever sees a half-deleted folder under a valid key.
        let trash = directory.deletingLastPathComponent().appendingPathComponent(".trash-\(key.prefix(16))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        if (try? AtomicFile.rename(directory, to: trash)) != nil {
            try? fm.removeItem(at: trash)
        } else {
            try? fm.removeItem(at: directory)
        }
    }
}

public enum ChunkLookup: Sendable, Equatable {
    case absent
    case valid(Data)
    case corrupt(String)
}

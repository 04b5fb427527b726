import Foundation
import FolioCache

/// What `output/.status.json` says about the build running in (or last run in) an output folder:
/// every step's state and, for split steps, where their chunks stand and which jobs run them.
/// `folio status` reads it; the running build rewrites it atomically whenever something changes
/// (at most every `minimumInterval` seconds for chunk counts).
public struct BuildStatusFile: Codable, Hashable, Sendable {
    public struct Step: Codable, Hashable, Sendable {
        public var name: String
        /// waiting, running, cached, done, failed
        public var state: String
        public var chunks: ChunkCounts?
    }

    public var analysis: String
    public var executor: String
    public var pid: Int32
    public var started: String
    public var updated: String
    /// running, finished, failed
    public var state: String
    public var steps: [Step]

    public static func url(in outputDirectory: URL) -> URL { outputDirectory.appendingPathComponent(".status.json") }
}

/// Keeps `output/.status.json` up to date during one build.
///
/// A step starting, a step failing and the build's end are written at once; other changes (a step
/// found in the cache or done, chunk counts) at most every `minimumInterval` seconds, the last of
/// them at most `minimumInterval` after it happened. A no-op build, whose steps all come from the
/// cache within a fraction of a second, so writes the file twice instead of once per step (each
/// write is an fsync'd atomic replace: a tenth of a no-op build's time when every step wrote).
public final class BuildStatus: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private let url: URL
    private var file: BuildStatusFile
    private var lastWrite = Date.distantPast
    private let minimumInterval: TimeInterval
    /// A change not yet written, and whether a later write of it is scheduled.
    private var pending = false
    private var scheduled = false
    private let formatter = ISO8601DateFormatter()

    public init(outputDirectory: URL, analysis: String, executor: String, steps: [String], minimumInterval: TimeInterval = 0.5) {
        url = BuildStatusFile.url(in: outputDirectory)
        self.minimumInterval = minimumInterval
        let now = formatter.string(from: Date())
        file = BuildStatusFile(analysis: analysis, executor: executor, pid: ProcessInfo.processInfo.processIdentifier, started: now,
                               updated: now, state: "running",
                               steps: steps.map { BuildStatusFile.Step(name: $0, state: "waiting", chunks: nil) })
        change(force: true) { _ in }
    }

    /// `running` and `failed` are written at once; `cached` and `done` with the next write.
    public func step(_ name: String, state: String) {
        change(force: state == "running" || state == "failed") { file in
            if let i = file.steps.firstIndex(where: { $0.name == name }) { file.steps[i].state = state }
        }
    }

    public func chunks(_ name: String, _ counts: ChunkCounts) {
        change(force: false) { file in
            if let i = file.steps.firstIndex(where: { $0.name == name }) { file.steps[i].chunks = counts }
        }
    }

    public func finished(success: Bool) {
        change(force: true) { $0.state = success ? "finished" : "failed" }
    }

    private func change(force: Bool, _ body: (inout BuildStatusFile) -> Void) {
        lock.lock(); defer { lock.unlock() }
        body(&file)
        pending = true
        let wait = minimumInterval - Date().timeIntervalSince(lastWrite)
        if force || wait <= 0 {
            writeLocked()
        } else if !scheduled {
            // Written later even if nothing else changes (a long step after a cached one).
            scheduled = true
            DispatchQueue.global().asyncAfter(deadline: .now() + wait) { [self] in
                lock.lock(); defer { lock.unlock() }
                scheduled = false
                if pending { writeLocked() }
            }
        }
    }

    private func writeLocked() {
        let now = Date()
        lastWrite = now
        pending = false
        file.updated = formatter.string(from: now)
        // The status file is a convenience: failing to write it must not fail the build.
        try? StableJSON.write(file, to: url)
    }
}

import Foundation

/// What the page needs to know about the preview, served as JSON by `/__folio/state` and pushed
/// to waiting pages by long polling: the version of the published report (a page holding another
/// version reloads), whether a build is running, and the last build's error.
struct PreviewStatus: Codable, Equatable, Sendable {
    /// Changes on every update; a page passes the one it last saw and waits for a newer one. It
    /// starts with the process id, so a page reconnecting after the preview restarted (new
    /// `folio` binary) gets the new process' state at once.
    var token: String
    /// Digest of the published report and everything it shows; "" before the first build.
    var version: String
    /// "compiling", "building" or nil when idle.
    var activity: String?
    /// The error of the last compile or build, as the terminal printed it; nil after a success.
    var error: String?
}

/// The preview's state, shared by the build loop (writer) and the server (readers).
actor PreviewState {
    private(set) var status: PreviewStatus
    /// The files the page shows, by path, with their SHA-256 (for versioned links).
    private(set) var published: PublishedFiles
    private var generation = 0
    private let instance: String
    private var waiters: [UUID: CheckedContinuation<PreviewStatus, Never>] = [:]

    init(published: PublishedFiles) {
        instance = "\(getpid())-\(Int(Date().timeIntervalSince1970 * 1000))"
        self.published = published
        status = PreviewStatus(token: "\(instance)-0", version: published.version, activity: nil, error: nil)
    }

    /// Changes the status (and, when given, what is published) and wakes every waiting page.
    func update(published: PublishedFiles? = nil, _ change: (inout PreviewStatus) -> Void) {
        var next = status
        if let published {
            self.published = published
            next.version = published.version
        }
        change(&next)
        next.token = status.token
        guard next != status else { return }
        generation += 1
        next.token = "\(instance)-\(generation)"
        status = next
        let waiting = waiters
        waiters = [:]
        for continuation in waiting.values { continuation.resume(returning: next) }
    }

    /// The status as soon as its token differs from `seen`, or after `timeout` seconds (so that
    /// idle connections are renewed rather than held forever).
    func next(after seen: String, timeout: Double) async -> PreviewStatus {
        if status.token != seen { return status }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            await self?.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiters[id] = continuation
        }
    }

    private func expire(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume(returning: status)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol (CDP) on a pipe (`--remote-debugging-pipe`:
/// commands on fd 3, replies on fd 4, each a JSON text ended by NUL), so a test can keep a page open
/// and read what it shows as it changes, without a WebSocket client.
final class HeadlessChromium {
    static let executable = "/usr/bin/chromium"
    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let profile: URL
    private var closed = false
    private var nextID = 0
    private var buffer: [UInt8] = []

    struct ProtocolError: Error, CustomStringConvertible { var description: String }

    init() throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("folio-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        var commands: [Int32] = [0, 0], replies: [Int32] = [0, 0]
        guard pipe(&commands) == 0, pipe(&replies) == 0 else { throw ProtocolError(description: "pipe failed") }
        for fd in commands + replies { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies, so the browser keeps exactly fds 3 and 4.
        posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
        posix_spawn_file_actions_adddup2(&actions, replies[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [Self.executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                         "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "about:blank"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, Self.executable, &actions, nil, argv, environ)
        Glibc.close(commands[0])
        Glibc.close(replies[1])
        guard status == 0 else {
            Glibc.close(commands[1]); Glibc.close(replies[0])
            throw ProtocolError(description: "cannot start \(Self.executable): \(String(cString: strerror(status)))")
        }
        pid = child
        toBrowser = commands[1]
        fromBrowser = replies[0]
    }

    deinit { close() }

    /// Ends the browser and its helper processes (idempotent) and removes its profile.
    func close() {
        guard !closed else { return }
        closed = true
        kill(pid, SIGTERM)  // the browser ends its renderers on SIGTERM; SIGKILL would orphan them
        var status: Int32 = 0
        var reaped = false
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true; break }
            usleep(20_000)
        }
        if !reaped { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
        Glibc.close(toBrowser)
        Glibc.close(fromBrowser)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends one command and returns its `result`; events in between are skipped.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil, timeout: Double = 30) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(toBrowser, raw.baseAddress! + offset, raw.count - offset)
                guard n > 0 else { throw ProtocolError(description: "write to browser failed") }
                offset += n
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline)
            guard reply["id"] as? Int == nextID else { continue }
            if let error = reply["error"] { throw ProtocolError(description: "\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Opens `url` in a new tab; returns the session to evaluate in.
    func open(_ url: String) throws -> String {
        let target = try send("Target.createTarget", ["url": url])["targetId"] as? String ?? ""
        let attached = try send("Target.attachToTarget", ["targetId": target, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw ProtocolError(description: "no session for \(url)") }
        return session
    }

    /// The value of a JavaScript expression in the page (nil while the page is between documents).
    @discardableResult
    func evaluate(_ expression: String, session: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Polls `expression` every 20 ms until it is true; returns the seconds waited, or nil after `timeout`.
    func waitUntil(_ expression: String, session: String, timeout: Double) throws -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            // During a reload the old context is gone: an evaluation may fail; try again.
            if (try? evaluate(expression, session: session)) as? Bool == true { return Date().timeIntervalSince(start) }
            usleep(20_000)
        }
        return nil
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ProtocolError(description: "no reply from the browser in time") }
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(min(remaining, 1) * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fromBrowser, &chunk, chunk.count)
            guard n > 0 else { throw ProtocolError(description: "the browser closed the pipe") }
            buffer += chunk[..<n]
        }
    }
}

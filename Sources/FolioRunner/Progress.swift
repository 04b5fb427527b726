import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress of one long step: `begin(total:)`, then `advance()` from any thread.
public final class StepProgress: @unchecked Sendable {
    // @unchecked: counters are guarded by `lock`.
    public let stepName: String
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var unit = ""
    private var detail = ""
    private var started: Date?
    private weak var display: ProgressDisplay?

    init(stepName: String, display: ProgressDisplay?) {
        self.stepName = stepName
        self.display = display
    }

    /// Announces `total` units of work (e.g. trials).
    public func begin(total: Int, unit: String = "") {
        lock.lock()
        self.total = total
        self.done = 0
        self.unit = unit
        self.detail = ""
        self.started = Date()
        lock.unlock()
        display?.changed(self)
    }

    public func advance(by n: Int = 1) {
        lock.lock()
        done += n
        lock.unlock()
        display?.changed(self)
    }

    /// Sets the count of finished units outright (chunks seen on a cluster) and a short note such as
    /// "3 running, 5 queued (job 12)" shown after the bar.
    public func update(done: Int, detail: String) {
        lock.lock()
        let changed = done != self.done || detail != self.detail
        self.done = done
        self.detail = detail
        lock.unlock()
        if changed { display?.changed(self) }
    }

    struct Snapshot {
        var total: Int
        var done: Int
        var unit: String
        var detail: String = ""
        var elapsed: Double
        var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 0 }
        var etaSeconds: Double? { done > 0 && total > done ? elapsed / Double(done) * Double(total - done) : nil }
    }

    var snapshot: Snapshot? {
        lock.lock(); defer { lock.unlock() }
        guard let started, total > 0 else { return nil }
        return Snapshot(total: total, done: done, unit: unit, detail: detail, elapsed: Date().timeIntervalSince(started))
    }
}

/// Shows progress: a redrawn bar with ETA on a terminal, plain lines every 10% otherwise (CI logs).
public final class ProgressDisplay: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private let isTerminal: Bool
    private let output: FileHandle
    private var active: [String: StepProgress] = [:]
    private var lastPlainDecile: [String: Int] = [:]
    private var lastDraw = Date.distantPast
    private var barVisible = false

    public init(output: FileHandle = .standardError, isTerminal: Bool? = nil) {
        self.output = output
        self.isTerminal = isTerminal ?? (isatty(output.fileDescriptor) == 1)
    }

    func makeProgress(for step: String) -> StepProgress {
        let p = StepProgress(stepName: step, display: self)
        lock.lock(); active[step] = p; lock.unlock()
        return p
    }

    func finished(_ step: String) {
        lock.lock()
        active[step] = nil
        lastPlainDecile[step] = nil
        if isTerminal { redrawLocked(force: true) }
        lock.unlock()
    }

    /// Prints a whole line without tearing the bar.
    public func line(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        clearBarLocked()
        output.write(Data((text + "\n").utf8))
        if isTerminal { redrawLocked(force: true) }
    }

    func changed(_ progress: StepProgress) {
        guard let s = progress.snapshot else { return }
        lock.lock(); defer { lock.unlock() }
        if isTerminal {
            redrawLocked(force: false)
        } else {
            let decile = Int(s.fraction * 10)
            if decile > (lastPlainDecile[progress.stepName] ?? 0) {
                lastPlainDecile[progress.stepName] = decile
                let detail = s.detail.isEmpty ? "" : "; \(s.detail)"
                output.write(Data("progress: \(progress.stepName) \(s.done)/\(s.total) \(s.unit) (\(decile * 10)%)\(Self.eta(s))\(detail)\n".utf8))
            }
        }
    }

    private static func eta(_ s: StepProgress.Snapshot) -> String {
        guard let eta = s.etaSeconds else { return "" }
        return ", eta \(formatDuration(eta))"
    }

    static func formatDuration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }

    private func clearBarLocked() {
        if barVisible {
            output.write(Data("\r\u{1B}[2K".utf8))
            barVisible = false
        }
    }

    private func redrawLocked(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let parts = active.keys.sorted().compactMap { name -> String? in
            guard let s = active[name]?.snapshot else { return nil }
            let width = 20
            let filled = Int(s.fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            return "\(name) \(bar) \(Int(s.fraction * 100))% \(s.done)/\(s.total) \(s.unit)\(Self.eta(s))" + (s.detail.isEmpty ? "" : " (\(s.detail))")
        }
        clearBarLocked()
        guard !parts.isEmpty else { return }
        output.write(Data(parts.joined(separator: "  |  ").utf8))
        barVisible = true
    }
}

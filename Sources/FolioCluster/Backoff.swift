import Foundation

/// Exponential back-off for scheduler commands that fail transiently (a busy or restarting
/// slurmctld: "Socket timed out on send/recv operation", "Unable to contact slurm controller").
///
/// Waits `initialDelay`, then `multiplier` times longer each time, at most `maximumDelay`, and gives
/// up once the waits would exceed `patience` seconds in total, so a long build rides out a
/// controller restart but a cluster that is gone for good still ends the build with a clear error.
public struct BackoffPolicy: Codable, Sendable, Equatable {
    public var initialDelay: Double = 1
    public var multiplier: Double = 2
    public var maximumDelay: Double = 60
    public var patience: Double = 1800

    public init(initialDelay: Double = 1, multiplier: Double = 2, maximumDelay: Double = 60, patience: Double = 1800) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.patience = patience
    }

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        initialDelay = try c.decodeIfPresent(Double.self, forKey: .initialDelay) ?? initialDelay
        multiplier = try c.decodeIfPresent(Double.self, forKey: .multiplier) ?? multiplier
        maximumDelay = try c.decodeIfPresent(Double.self, forKey: .maximumDelay) ?? maximumDelay
        patience = try c.decodeIfPresent(Double.self, forKey: .patience) ?? patience
    }

    /// The waits before retry 1, 2, ... until patience runs out.
    public var delays: [Double] {
        var result: [Double] = []
        var delay = initialDelay, total = 0.0
        while total + delay <= patience {
            result.append(delay)
            total += delay
            delay = min(delay * multiplier, maximumDelay)
            if result.count > 10_000 { break }
        }
        return result
    }
}

/// The scheduler stayed unreachable for the whole back-off budget.
public struct SchedulerUnavailable: Error, CustomStringConvertible {
    public var operation: String
    public var attempts: Int
    public var waitedSeconds: Double
    public var lastError: String
    public var description: String {
        "\(operation) kept failing: \(attempts) attempts over \(Int(waitedSeconds)) s; last error: \(lastError)"
    }
}

extension BackoffPolicy {
    /// Runs `body`, retrying after `SchedulerError`s that are transient; other errors end it at once.
    func retrying<T: Sendable>(_ operation: String, sleep: @Sendable (Double) async throws -> Void, log: @Sendable (String) -> Void,
                               beforeRetry: @Sendable () async -> T? = { nil }, _ body: @Sendable () async throws -> T) async throws -> T {
        let waits = delays
        var attempt = 0, waited = 0.0
        while true {
            do {
                return try await body()
            } catch let error as SchedulerError where error.isTransient {
                guard attempt < waits.count else {
                    throw SchedulerUnavailable(operation: operation, attempts: attempt + 1, waitedSeconds: waited, lastError: error.description)
                }
                let delay = waits[attempt]
                log("warning: \(operation) failed (\(error.description)); retry \(attempt + 1) in \(Self.format(delay))")
                try await sleep(delay)
                waited += delay
                attempt += 1
                if let recovered = await beforeRetry() { return recovered }
            }
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1f s", seconds) : "\(Int(seconds.rounded())) s"
    }
}

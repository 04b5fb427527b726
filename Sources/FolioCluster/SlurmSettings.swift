import Foundation

/// How `folio build --executor slurm` uses the cluster (command-line options or `folio.json`).
public struct SlurmSettings: Codable, Sendable, Equatable {
    /// `--partition`; nil takes the cluster's default partition.
    public var partition: String?
    /// At most this many chunks of one step run at once (`--array=...%maxJobs`).
    public var maxJobs: Int = 100
    /// Attempts per chunk, the first included, before the build gives up on it.
    public var maxAttempts: Int = 3
    /// Seconds between looks at the chunk store and `squeue`.
    public var pollSeconds: Double = 2
    /// `--time` of each element (e.g. "01:00:00"); nil takes the partition's default.
    public var timeLimit: String?
    /// Further `sbatch` options, e.g. ["--account=icecube", "--mem=4G"].
    public var sbatchArguments: [String] = []
    /// A scheduler command that has not answered after this many seconds is killed and retried.
    public var commandTimeoutSeconds: Double = 60
    /// Back-off for transient scheduler failures.
    public var backoff = BackoffPolicy()
    /// Polls a chunk may be absent from both `squeue` and the store before it counts as lost (an
    /// element cancelled while pending leaves no record; a shared file system may show a new file late).
    public var missingPollsBeforeLost: Int = 3

    public init() {}

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partition = try c.decodeIfPresent(String.self, forKey: .partition)
        maxJobs = try c.decodeIfPresent(Int.self, forKey: .maxJobs) ?? maxJobs
        maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts) ?? maxAttempts
        pollSeconds = try c.decodeIfPresent(Double.self, forKey: .pollSeconds) ?? pollSeconds
        timeLimit = try c.decodeIfPresent(String.self, forKey: .timeLimit)
        sbatchArguments = try c.decodeIfPresent([String].self, forKey: .sbatchArguments) ?? sbatchArguments
        commandTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .commandTimeoutSeconds) ?? commandTimeoutSeconds
        backoff = try c.decodeIfPresent(BackoffPolicy.self, forKey: .backoff) ?? backoff
        missingPollsBeforeLost = try c.decodeIfPresent(Int.self, forKey: .missingPollsBeforeLost) ?? missingPollsBeforeLost
    }

    /// Values out of range, as "<field>': <why>" (the caller prefixes the file and "field 'slurm.").
    public var problems: [String] {
        var p: [String] = []
        if maxJobs < 1 { p.append("maxJobs': must be at least 1, found \(maxJobs)") }
        if maxAttempts < 1 { p.append("maxAttempts': must be at least 1, found \(maxAttempts)") }
        if !(pollSeconds > 0) { p.append("pollSeconds': must be positive, found \(pollSeconds)") }
        if !(commandTimeoutSeconds > 0) { p.append("commandTimeoutSeconds': must be positive, found \(commandTimeoutSeconds)") }
        if missingPollsBeforeLost < 1 { p.append("missingPollsBeforeLost': must be at least 1, found \(missingPollsBeforeLost)") }
        if !(backoff.initialDelay > 0) || !(backoff.multiplier >= 1) || !(backoff.patience >= 0) {
            p.append("backoff': needs initialDelay > 0, multiplier >= 1, patience >= 0")
        }
        return p
    }
}


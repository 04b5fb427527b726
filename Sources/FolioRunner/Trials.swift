import FolioCache
import FolioStatistics

/// One named set of pseudo-experiments of a splittable step: `trials` trials cut into chunks of
/// `chunkSize` (the last chunk may be shorter). Examples: "background" (1000 trials in chunks of
/// 50), "upper-limit" (200 trials per injected strength, every strength in each chunk).
public struct TrialSet: Hashable, Codable, Sendable {
    public var name: String
    public var trials: Int
    public var chunkSize: Int

    public init(_ name: String, trials: Int, chunkSize: Int) {
        precondition(trials >= 0 && chunkSize >= 1, "trial set '\(name)': trials >= 0 and chunkSize >= 1")
        self.name = name
        self.trials = trials
        self.chunkSize = chunkSize
    }

    public var chunkCount: Int { (trials + chunkSize - 1) / chunkSize }
}

/// The trial sets of a splittable step, fixed by its parameters alone (never by its inputs), so
/// that the build and every `folio worker` agree on what global chunk `g` is. The runner numbers
/// the chunks of all sets consecutively, in the order of `sets`.
public struct TrialPlan: Hashable, Sendable {
    public var sets: [TrialSet]

    public init(_ sets: [TrialSet]) {
        precondition(Set(sets.map(\.name)).count == sets.count, "trial set names must be unique")
        self.sets = sets
    }

    /// Total chunks over all sets: the chunk executor's (and Slurm array's) index range.
    public var chunkCount: Int { sets.reduce(0) { $0 + $1.chunkCount } }

    /// Set, index within the set and trial range of global chunk `global` (0 ..< chunkCount).
    public func locate(_ global: Int) -> (set: TrialSet, index: Int, trials: Range<Int>) {
        var first = 0
        for set in sets {
            if global < first + set.chunkCount {
                let index = global - first
                let lower = index * set.chunkSize
                return (set, index, lower..<min(set.trials, lower + set.chunkSize))
            }
            first += set.chunkCount
        }
        preconditionFailure("chunk \(global) is outside 0..<\(chunkCount)")
    }

    /// The range of global chunk numbers of set `name`, in order (for `finish`).
    public func chunks(of name: String) -> Range<Int> {
        var first = 0
        for set in sets {
            if set.name == name { return first..<(first + set.chunkCount) }
            first += set.chunkCount
        }
        preconditionFailure("no trial set '\(name)'")
    }
}

/// What `runChunk` gets from the runner: which trials to run and the only generator it may draw
/// from. The seed is `SeedDerivation.seed(analysisSeed:step:set:chunk:)`, nothing else, so a chunk
/// is a pure function of (spec, inputs, set, chunk index) wherever it runs.
public struct TrialChunk: Hashable, Sendable {
    public let set: String
    /// The chunk's index within its set (0-based).
    public let index: Int
    /// The trial indices within the set that this chunk runs.
    public let trials: Range<Int>
    /// The derived seed (for provenance and tests; draw with `generator()`).
    public let seed: UInt64

    init(analysisSeed: UInt64, step: String, set: String, index: Int, trials: Range<Int>) {
        self.set = set
        self.index = index
        self.trials = trials
        self.seed = SeedDerivation.seed(analysisSeed: analysisSeed, step: step, set: set, chunk: index)
    }

    /// A fresh generator at the start of the chunk's stream. Call it again to replay the same
    /// numbers, e.g. once per injected strength (common random numbers across a grid).
    public func generator() -> Xoshiro256StarStar { Xoshiro256StarStar(seed: seed) }
}

import Foundation
import FolioCache
import FolioModel
import FolioStatistics

/// Everything a running step may touch: its inputs, its output folders, a progress
/// reporter and a place to record numbers. A step never does I/O outside what this gives it; that
/// is what makes caching, provenance and remote execution possible without special cases.
public final class StepContext: @unchecked Sendable {
    // @unchecked: the mutable state (results, notices) is guarded by `lock`; everything else is `let`.
    public let analysisName: String
    public let stepName: String
    public let key: String
    /// Write private outputs (read by dependent steps) here.
    public let outputDirectory: URL
    /// Write files that belong in `output/<analysis>/` here, e.g. `figures/x.png`, `tables/t.csv`.
    public let publishDirectory: URL
    /// Threads a step may use for its own inner parallelism (trials).
    public let threads: Int
    public let progress: StepProgress
    /// Provenance of every step upstream of this one (transitively), by step name.
    public let upstream: [String: StepProvenance]
    /// The compiler, OS and libraries of this build (for reports; not part of cache keys).
    public let toolchain: Toolchain

    /// The analysis seed every trial chunk's seed derives from (see `TrialChunk`); for reports.
    /// Kinds draw only from `TrialChunk.generator()`.
    public let analysisSeed: UInt64
    private let inputs: [String: ResolvedInput]
    private let lock = NSLock()
    private var results: [String: ResultValue] = [:]
    private var notices: [String] = []

    init(analysisName: String, stepName: String, key: String, analysisSeed: UInt64, area: StagingArea,
         inputs: [String: ResolvedInput], threads: Int, progress: StepProgress, upstream: [String: StepProvenance],
         toolchain: Toolchain) {
        self.toolchain = toolchain
        self.analysisName = analysisName
        self.stepName = stepName
        self.key = key
        self.analysisSeed = analysisSeed
        self.outputDirectory = area.privateDirectory
        self.publishDirectory = area.publishedDirectory
        self.inputs = inputs
        self.threads = threads
        self.progress = progress
        self.upstream = upstream
    }

    // MARK: - Randomness

    /// Global chunk `global` of `plan` with its generator: a kind draws in `runChunk` from
    /// `TrialChunk.generator()`, seeded by `SeedDerivation` (see `TrialChunk`).
    func trialChunk(_ global: Int, of plan: TrialPlan) -> TrialChunk {
        let (set, index, trials) = plan.locate(global)
        return TrialChunk(analysisSeed: analysisSeed, step: stepName, set: set.name, index: index, trials: trials)
    }

    /// A generator for draws a splittable kind makes in `prepare` that every process must repeat
    /// identically (a pseudo-data set shared by all chunks): seeded by the same derivation as a
    /// trial chunk, with set "prepare:<name>" and chunk 0.
    public func preparationGenerator(_ name: String) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: SeedDerivation.seed(analysisSeed: analysisSeed, step: stepName, set: "prepare:\(name)", chunk: 0))
    }

    // MARK: - Inputs

    /// The URL of a file input (data, project or Folio file).
    public func file(_ input: String) throws -> URL {
        switch try resolved(input) {
        case .file(_, let url, _, _): return url
        case .step: throw StepInputError(step: stepName, input: input, message: "is a step, not a file")
        }
    }

    /// The URL of a folder input (`InputRef.directory`).
    public func directory(_ input: String) throws -> URL { try file(input) }

    /// The outputs of an upstream step input.
    public func outputs(of input: String) throws -> StepOutputs {
        switch try resolved(input) {
        case .step(let outputs): return outputs
        case .file: throw StepInputError(step: stepName, input: input, message: "is a file, not a step")
        }
    }

    /// Names of all inputs, sorted.
    public var inputNames: [String] { inputs.keys.sorted() }

    /// Decodes a JSON file that an upstream step wrote with `writeJSON`.
    public func readJSON<T: Decodable>(_ type: T.Type, input: String, file: String) throws -> T {
        let url = try outputs(of: input).privateFile(file)
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
        } catch {
            throw StepInputError(step: stepName, input: input, message: "cannot read \(file): \(error)")
        }
    }

    private func resolved(_ input: String) throws -> ResolvedInput {
        guard let r = inputs[input] else {
            throw StepInputError(step: stepName, input: input, message: "is not declared by the step")
        }
        return r
    }

    // MARK: - Outputs

    /// Writes a private output as JSON (sorted keys, stable bytes).
    public func writeJSON<T: Encodable>(_ value: T, to file: String) throws {
        try StableJSON.write(value, to: outputDirectory.appendingPathComponent(file))
    }

    /// Writes a private output's bytes (read by dependent steps with `outputs(of:).privateFile`).
    public func write(_ data: Data, to file: String) throws {
        try AtomicFile.write(data, to: outputDirectory.appendingPathComponent(file))
    }

    /// Writes a file under `output/<analysis>/` (path like `tables/fluxes.csv`).
    public func publish(_ data: Data, as path: String) throws {
        try AtomicFile.write(data, to: publishDirectory.appendingPathComponent(path))
    }

    /// Records a number for results.json as `<step>.<field>`.
    public func record(_ field: String, _ value: ResultValue) {
        lock.lock(); defer { lock.unlock() }
        results[field] = value
    }

    /// A message users must see (build log, manifest, report), e.g. that a stand-in file was used.
    public func notice(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        notices.append(message)
    }

    func collected() -> (results: [String: ResultValue], notices: [String]) {
        lock.lock(); defer { lock.unlock() }
        return (results, notices)
    }
}

/// What a step sees of an upstream step: its files, its numbers and its identity.
public struct StepOutputs: Sendable {
    public let stepName: String
    public let kind: String
    public let key: String
    /// The upstream step's private output folder.
    public let directory: URL
    /// The upstream step's published files (`figures/...`), by their path under `output/<analysis>/`.
    public let publishedDirectory: URL
    public let results: [String: ResultValue]
    public let notices: [String]

    public func privateFile(_ name: String) -> URL { directory.appendingPathComponent(name) }
}

/// The provenance of one upstream step, for reports that link every number to where it came from.
public struct StepProvenance: Codable, Hashable, Sendable {
    public var name: String
    public var kind: String
    public var key: String
    /// Input name -> "step <name> (<key>)" or "<path> (sha256 <digest>)".
    public var inputs: [String: String]
    /// The step's parameters as declared (for a methods appendix generated from the specs).
    public var parameters: JSONValue
    /// The seed of chunk 0 of the first trial set for steps that draw random numbers (every chunk
    /// derives its own, see `SeedDerivation`).
    public var seed: UInt64?
    /// Every file the step read, folders expanded to their files, with checksums.
    public var files: [FileRecord]
}

enum ResolvedInput: Sendable {
    case step(StepOutputs)
    case file(path: String, url: URL, sha256: String, bytes: UInt64)
}

/// A step asked for an input it does not have, or of the wrong sort.
public struct StepInputError: Error, CustomStringConvertible {
    public var step: String
    public var input: String
    public var message: String
    public var description: String { "step '\(step)': input '\(input)' \(message)" }
}

import Dispatch
import Foundation
import FolioStatistics
import FolioModel

/// A step kind that draws random numbers: THE trial API. Its work is cut into chunks of named
/// trial sets that can run anywhere: in this process on all cores (local executor) or as the
/// elements of one Slurm job array (`folio worker`); finished chunks are kept, so a build resumes.
///
/// ```swift
/// struct ToyTrialsKind: SplittableStepKind {
///     static func trialPlan(_ p: Parameters) -> TrialPlan { TrialPlan([TrialSet("background", trials: p.trials, chunkSize: p.chunkSize)]) }
///     static func prepare(_ p: Parameters, in context: StepContext) throws -> ToyFitResult { ... }   // read inputs once
///     static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared fit: ToyFitResult, in context: StepContext) -> [Double] {
///         var rng = chunk.generator()          // seeded by the runner: (analysis seed, step, set, chunk)
///         return chunk.trials.map { _ in ... }
///     }
///     static func finish(_ p: Parameters, chunks: [[Double]], prepared fit: ToyFitResult, in context: StepContext) throws {
///         let ts = chunks.flatMap { $0 }   // in plan order
///         ...                              // p-value, files, context.record(...)
///     }
/// }
/// ```
/// Contract: `runChunk` is a pure function of (parameters, inputs, chunk) and draws only from
/// `chunk.generator()`; `prepare` draws (if at all: pseudo-data shared by every chunk) only from
/// `context.preparationGenerator(_:)`. The runner seeds both by `SeedDerivation`; `StepContext`
/// hands out no raw seed. It must not record results or write files: its return value is
/// stored (as JSON, which round-trips every `Double` exactly) in the cache's `ChunkStore`, and
/// `finish` receives all chunks in plan order, whatever ran them. That is what makes a Slurm build
/// byte-identical to a local one. `prepare` runs in every process and must be deterministic.
public protocol SplittableStepKind: StepKind {
    /// What the chunks and `finish` share and each process computes once from the inputs (a loaded
    /// data set, a prepared likelihood, a grid of injected strengths). Never stored.
    associatedtype Prepared: Sendable
    /// One chunk's result; stored in the cache as JSON.
    associatedtype ChunkResult: Codable & Sendable

    /// The trial sets (fixed by the parameters alone; chunk counts follow from them).
    static func trialPlan(_ parameters: Parameters) -> TrialPlan
    /// Reads the inputs; runs once per process (the build, and every worker).
    static func prepare(_ parameters: Parameters, in context: StepContext) async throws -> Prepared
    /// Runs one chunk. Pure: draws only from `chunk.generator()`.
    static func runChunk(_ parameters: Parameters, chunk: TrialChunk, prepared: Prepared, in context: StepContext) throws -> ChunkResult
    /// Merges the chunks (in plan order: set by set, chunk by chunk; `TrialPlan.chunks(of:)` picks a
    /// set's) and does the rest of the step; records results, writes files.
    static func finish(_ parameters: Parameters, chunks: [ChunkResult], prepared: Prepared, in context: StepContext) async throws
}

extension SplittableStepKind {
    /// Random kinds draw by definition.
    public static var usesRandomness: Bool { true }

    /// Without an executor (a kind called directly): every chunk in this process, then `finish`.
    /// The runner does not call this; it goes through `Builder`'s executor and the chunk store.
    public static func run(_ parameters: Parameters, in context: StepContext) async throws {
        let prepared = try await prepare(parameters, in: context)
        let plan = trialPlan(parameters)
        let slots = ChunkSlots<Result<ChunkResult, Error>>(count: plan.chunkCount)
        DispatchQueue.concurrentPerform(iterations: plan.chunkCount) { c in
            slots[c] = Result { try runChunk(parameters, chunk: context.trialChunk(c, of: plan), prepared: prepared, in: context) }
        }
        let chunks = try slots.values.map { try $0!.get() }
        try await finish(parameters, chunks: chunks, prepared: prepared, in: context)
    }
}

/// The type-erased chunk operations of a splittable kind, as `RegisteredKind` stores them.
public struct ChunkOperations: Sendable {
    let trialPlan: @Sendable (JSONValue) throws -> TrialPlan
    let prepare: @Sendable (JSONValue, StepContext) async throws -> PreparedValue
    let runChunk: @Sendable (JSONValue, Int, PreparedValue, StepContext) throws -> Data
    let finish: @Sendable (JSONValue, [Data], PreparedValue, StepContext) async throws -> Void

    func chunkCount(_ json: JSONValue) throws -> Int { try trialPlan(json).chunkCount }

    init<K: SplittableStepKind>(_ type: K.Type) {
        trialPlan = { json in K.trialPlan(try json.decode(K.Parameters.self)) }
        prepare = { json, context in PreparedValue(try await K.prepare(try json.decode(K.Parameters.self), in: context)) }
        runChunk = { json, chunk, prepared, context in
            let p = try json.decode(K.Parameters.self)
            let trial = context.trialChunk(chunk, of: K.trialPlan(p))
            let result = try K.runChunk(p, chunk: trial, prepared: prepared.value as! K.Prepared, in: context)
            return try ChunkCoding.encode(result)
        }
        finish = { json, payloads, prepared, context in
            let chunks = try payloads.enumerated().map { index, data in
                do {
                    return try ChunkCoding.decode(K.ChunkResult.self, from: data)
                } catch {
                    throw ChunkDecodingError(chunk: index, message: "\(error)")
                }
            }
            try await K.finish(try json.decode(K.Parameters.self), chunks: chunks, prepared: prepared.value as! K.Prepared, in: context)
        }
    }

    static func make<K: StepKind>(_ type: K.Type) -> ChunkOperations? {
        guard let splittable = type as? any SplittableStepKind.Type else { return nil }
        return open(splittable)
    }

    private static func open<S: SplittableStepKind>(_ type: S.Type) -> ChunkOperations { ChunkOperations(type) }
}

/// A kind's `Prepared` value with its type erased; only that kind's own closures unwrap it.
struct PreparedValue: @unchecked Sendable {
    // @unchecked: wraps a value whose type is `Sendable` (SplittableStepKind.Prepared: Sendable).
    let value: Any
    init(_ value: Any) { self.value = value }
}

/// How chunk results become bytes: JSON with sorted keys. Swift prints a `Double` in the shortest
/// form that reads back to the same bits, so a chunk decoded from the store equals the computed one.
enum ChunkCoding {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: data)
    }
}

/// A stored chunk could not be decoded into the kind's `ChunkResult` (written by another Folio version?).
public struct ChunkDecodingError: Error, CustomStringConvertible {
    public var chunk: Int
    public var message: String
    public var description: String { "chunk \(chunk) cannot be decoded: \(message)" }
}


import FolioModel

/// The implementation of one kind of step: how to run it from its typed parameters.
///
/// ```swift
/// struct ToyFitKind: StepKind {
///     typealias Parameters = ToyFit.Parameters        // kind "toy.fit"
///     static let version = 1
///     static func resultNames(_: Parameters) -> Set<String> { ["signalFraction"] }   // what reports may quote
///     static func run(_ p: Parameters, in context: StepContext) async throws {
///         let sample = try context.readJSON(ToySampleData.self, input: "data", file: "sample.json")
///         ...
///         context.record("signalFraction", ResultValue(fit, unit: .dimensionless, kind: .fitParameter))
///     }
/// }
/// ```
/// Kinds are registered explicitly in a `StepRegistry`; there is no discovery by reflection.
public protocol StepKind: Sendable {
    associatedtype Parameters: StepParameters
    /// Bump when a change of the implementation can change the step's outputs: every cached
    /// entry of the kind is then stale, and `--explain` says so.
    static var version: Int { get }
    /// Modules whose code the kind's computation uses, e.g. `["FolioIceCube"]`. Their sources, and
    /// those of every module they depend on, enter the step's cache key together with the sources
    /// of the module that defines the kind (see `CodeFingerprints`); `version` stays an override.
    static var codeModules: [String] { get }
    /// Steps that draw random numbers: the seed of their first trial chunk enters their cache key.
    /// True exactly for `SplittableStepKind`s (their default): a kind draws only through the
    /// runner's trial API (`TrialChunk`), which `TrialAPITests` checks for every registered kind.
    static var usesRandomness: Bool { get }
    /// Problems with the parameters or inputs that can be found before anything runs.
    static func validate(_ parameters: Parameters, inputs: [String: InputRef]) -> [String]
    /// Does the work. Writes files only through `context` and reports numbers with `record`.
    static func run(_ parameters: Parameters, in context: StepContext) async throws

    // Result contracts (see `ResultContracts`).
    /// Every name the step may `record` with these parameters: what reports may quote as
    /// `{{ results.<step>.<name> }}`, checked before any step runs. Recording a name not declared
    /// here is an internal error naming the kind, so the declaration cannot fall behind the code.
    static func resultNames(_ parameters: Parameters) -> Set<String>
    /// The other steps' results these parameters quote (a report's placeholders and table cells).
    static func resultReferences(_ parameters: Parameters) -> [ResultReference]

    /// Completes a step from the project files it names, when the analysis is planned and before
    /// anything else is checked: a report written in Markdown reads its file here and so learns the
    /// steps it quotes (its inputs), and the parsed document enters its key. Nil: nothing to do
    /// (the default). Problems in the files (naming file and line) come back with the prepared
    /// step, so that planning reports them together with everything else it finds.
    static func prepare(_ parameters: Parameters, inputs: [String: InputRef], roots: FileRoots) -> PreparedStep<Parameters>?
}

/// A step completed from the project files it names (see `StepKind.prepare`).
public struct PreparedStep<Parameters: StepParameters> {
    public var parameters: Parameters
    public var inputs: [String: InputRef]
    /// What is wrong in those files (`report.md:12:5: unknown figure label '@fig:x'`).
    public var problems: [SpecProblem]

    public init(parameters: Parameters, inputs: [String: InputRef], problems: [SpecProblem] = []) {
        self.parameters = parameters
        self.inputs = inputs
        self.problems = problems
    }
}

extension StepKind {
    public static var usesRandomness: Bool { false }
    public static var codeModules: [String] { [] }
    public static func validate(_ parameters: Parameters, inputs: [String: InputRef]) -> [String] { [] }
    /// A kind that records nothing (a figure) declares nothing.
    public static func resultNames(_ parameters: Parameters) -> Set<String> { [] }
    public static func resultReferences(_ parameters: Parameters) -> [ResultReference] { [] }
    public static func prepare(_ parameters: Parameters, inputs: [String: InputRef], roots: FileRoots) -> PreparedStep<Parameters>? { nil }
}

/// A step kind with its parameter type erased, as the registry stores it.
public struct RegisteredKind: Sendable {
    public let kind: String
    public let version: Int
    public let usesRandomness: Bool
    /// The module that defines the kind, and the modules it declares in `codeModules`.
    public let module: String
    public let codeModules: [String]
    /// Set for `SplittableStepKind`s: the runner then cuts the step into chunks for its executor.
    public let chunks: ChunkOperations?
    public var isSplittable: Bool { chunks != nil }
    let validate: @Sendable (JSONValue, [String: InputRef]) -> [String]
    let run: @Sendable (JSONValue, StepContext) async throws -> Void
    let declaredResults: @Sendable (JSONValue) -> Set<String>
    let quotedResults: @Sendable (JSONValue) -> [ResultReference]
    let prepareSpec: @Sendable (StepSpec, FileRoots) -> (StepSpec, [SpecProblem])?

    init<K: StepKind>(_ type: K.Type) {
        kind = K.Parameters.kind
        version = K.version
        usesRandomness = K.usesRandomness
        module = moduleName(of: type)
        chunks = ChunkOperations.make(type)
        // A random kind's draws come from the runner's trial API (chunk numbering, seed derivation),
        // so its key includes that code too.
        codeModules = K.codeModules + (chunks != nil && !K.codeModules.contains("FolioRunner") ? ["FolioRunner"] : [])
        validate = { json, inputs in
            do {
                let parameters = try json.decode(K.Parameters.self)
                return unknownParameters(json, decoded: parameters) + K.validate(parameters, inputs: inputs)
            } catch let error as DecodingError {
                return [error.folioDescription]
            } catch {
                return ["parameters are invalid: \(error)"]
            }
        }
        run = { json, context in try await K.run(try json.decode(K.Parameters.self), in: context) }
        // Parameters that do not decode declare and quote nothing; `validate` reports them.
        declaredResults = { json in (try? json.decode(K.Parameters.self)).map(K.resultNames) ?? [] }
        quotedResults = { json in (try? json.decode(K.Parameters.self)).map(K.resultReferences) ?? [] }
        prepareSpec = { spec, roots in
            // Parameters that do not decode are reported by `validate`.
            guard let parameters = try? spec.parameters.decode(K.Parameters.self),
                  let prepared = K.prepare(parameters, inputs: spec.inputs, roots: roots) else { return nil }
            return (StepSpec(spec.name, prepared.parameters, inputs: prepared.inputs), prepared.problems)
        }
    }

    /// The spec completed from the project files it names (`StepKind.prepare`) with the problems
    /// found in them, or nil if the kind has nothing to complete.
    public func prepare(_ spec: StepSpec, roots: FileRoots) -> (spec: StepSpec, problems: [SpecProblem])? { prepareSpec(spec, roots) }

    /// The result names a step of this kind with these parameters declares (`StepKind.resultNames`).
    public func resultNames(_ parameters: JSONValue) -> Set<String> { declaredResults(parameters) }
    /// The results of other steps that these parameters quote (`StepKind.resultReferences`).
    public func resultReferences(_ parameters: JSONValue) -> [ResultReference] { quotedResults(parameters) }
}

/// The step kinds a runner knows, listed explicitly (like argument-parser's `subcommands:`).
public struct StepRegistry: Sendable {
    public private(set) var kinds: [String: RegisteredKind] = [:]
    /// Kind names registered twice; reported when a build is planned.
    public private(set) var duplicates: [String] = []
    /// The code fingerprint table; when set, every step's key includes its kind's code fingerprint.
    public var code: CodeFingerprints?

    public init(_ types: [any StepKind.Type]) {
        for type in types { add(type) }
    }

    public mutating func add(_ type: any StepKind.Type) {
        let registered = RegisteredKind(type)
        if kinds[registered.kind] != nil { duplicates.append(registered.kind) }
        kinds[registered.kind] = registered
    }

    /// This registry with a code fingerprint table (the plugin's generated one, or a test's).
    public func fingerprinted(by code: CodeFingerprints) -> StepRegistry {
        var copy = self
        copy.code = code
        return copy
    }

    public func merging(_ other: StepRegistry) -> StepRegistry {
        var copy = self
        if copy.code == nil { copy.code = other.code }
        for (name, kind) in other.kinds {
            if copy.kinds[name] != nil { copy.duplicates.append(name) }
            copy.kinds[name] = kind
        }
        copy.duplicates += other.duplicates
        return copy
    }
}

/// Top-level parameter names the kind does not have (decoding would drop them silently, e.g. a
/// `selection` on a fit, which only the data step owns).
func unknownParameters<P: Encodable>(_ json: JSONValue, decoded: P) -> [String] {
    guard case .object(let given) = json, case .object(let known)? = try? JSONValue(encoding: decoded) else { return [] }
    return given.keys.sorted().filter { known[$0] == nil && given[$0] != .null }.map { "unknown parameter '\($0)'" }
}

/// One step of an analysis as data: what the runner hashes, caches, explains and diffs.
///
/// Authors rarely build a `StepSpec` by hand; step declarations such as `ToySample(...)` build one
/// from typed parameters. The spec holds no closures: a step's identity is its content.
public struct StepSpec: Codable, Hashable, Sendable, StepDeclaration {
    /// Unique within the analysis; results are addressed as `<name>.<field>`.
    public var name: String
    /// The registered step kind (a stable string such as `"toy.sample"`).
    public var kind: String
    /// The typed parameters, as JSON.
    public var parameters: JSONValue
    /// Named inputs: other steps or files.
    public var inputs: [String: InputRef]

    public init(name: String, kind: String, parameters: JSONValue, inputs: [String: InputRef] = [:]) {
        self.name = name
        self.kind = kind
        self.parameters = parameters
        self.inputs = inputs
    }

    /// A spec from typed parameters. Encoding a `Codable` struct cannot fail for the value types
    /// steps use (numbers, strings, arrays, nested structs); a failure is a programming error.
    public init<P: StepParameters>(_ name: String, _ parameters: P, inputs: [String: InputRef] = [:]) {
        do {
            self.init(name: name, kind: P.kind, parameters: try JSONValue(encoding: parameters), inputs: inputs)
        } catch {
            preconditionFailure("step '\(name)': parameters of kind '\(P.kind)' are not encodable: \(error)")
        }
    }

    public var spec: StepSpec { self }

    /// The steps this one reads from.
    public var upstreamSteps: [String] { inputs.values.compactMap(\.stepName) }
}

/// The typed parameters of one step kind. `kind` ties them to the implementation the runner has
/// registered under the same name.
public protocol StepParameters: Codable, Hashable, Sendable {
    static var kind: String { get }
}

/// Anything that declares a step in an analysis: a typed declaration or a raw `StepSpec`.
public protocol StepDeclaration: Sendable {
    var spec: StepSpec { get }
}

import FolioModel

/// What a step's output can depend on; its canonical JSON, hashed, is the step's cache key.
///
/// `key = SHA-256(canonical JSON of {format, kind, version, code, parameters, inputs, seed})`, where a step
/// input is identified by the upstream step's key and a file input by its SHA-256 (never by its
/// path or date). The key changes if and only if something that can change the output changed;
/// `folio build --explain` names which of these parts differ from the previous build.
public struct KeyMaterial: Codable, Hashable, Sendable {
    /// Bumped only if the layout of this struct or of cache entries changes.
    public static let cacheFormat = 1

    public var format: Int = KeyMaterial.cacheFormat
    public var kind: String
    public var version: Int
    public var parameters: JSONValue
    public var inputs: [String: InputIdentity]
    /// Present only for step kinds that draw random numbers.
    public var seed: UInt64?
    /// Module -> SHA-256 of its sources, for the code the step's kind runs (absent when the build
    /// has no fingerprint table, e.g. in tests that do not give one).
    public var code: [String: String]?

    public init(kind: String, version: Int, code: [String: String]? = nil, parameters: JSONValue,
                inputs: [String: InputIdentity], seed: UInt64?) {
        self.kind = kind
        self.version = version
        self.code = code
        self.parameters = parameters
        self.inputs = inputs
        self.seed = seed
    }

    public var key: String {
        // Encoding plain Codable values into JSONValue cannot fail.
        let json = try! JSONValue(encoding: self)
        return ContentHash.sha256(json.canonicalString)
    }
}

/// How one input enters a cache key.
public enum InputIdentity: Codable, Hashable, Sendable, CustomStringConvertible {
    case step(key: String)
    case file(sha256: String)

    public var description: String {
        switch self {
        case .step(let key): return "step key \(key.prefix(12))"
        case .file(let sha): return "sha256 \(sha.prefix(12))"
        }
    }
}

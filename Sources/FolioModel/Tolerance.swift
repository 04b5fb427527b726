/// How far two values of a number may differ and still count as equal, for `folio diff` and
/// `folio verify`: equal when |new − old| ≤ absolute + relative · |old|.
///
/// The defaults catch any change beyond floating-point noise across machines (relative 10⁻⁹);
/// an analysis loosens them where it knows better (e.g. Monte-Carlo p-values) with rules:
/// ```swift
/// Analysis("gp", title: "...", tolerances: [.kind(.pValue, Tolerance(relative: 0.05))]) { ... }
/// ```
public struct Tolerance: Codable, Hashable, Sendable, CustomStringConvertible {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double = 0, relative: Double = 0) {
        self.absolute = absolute
        self.relative = relative
    }

    /// Floating-point noise only.
    public static let standard = Tolerance(absolute: 1e-12, relative: 1e-9)
    public static let exact = Tolerance()

    public func accepts(old: Double, new: Double) -> Bool {
        if old == new || (old.isNaN && new.isNaN) { return true }
        return abs(new - old) <= absolute + relative * abs(old)
    }

    public var description: String { "abs \(absolute), rel \(relative)" }
}

/// One override of the default tolerance; the most specific matching rule wins
/// (result > unit > kind > default).
public enum ToleranceRule: Codable, Hashable, Sendable {
    case result(String, Tolerance)
    case unit(PhysicalUnit, Tolerance)
    case kind(ResultKind, Tolerance)
}

/// The tolerance that applies to each result of an analysis.
public struct TolerancePolicy: Codable, Hashable, Sendable {
    public var defaultTolerance: Tolerance
    public var rules: [ToleranceRule]

    public init(defaultTolerance: Tolerance = .standard, rules: [ToleranceRule] = []) {
        self.defaultTolerance = defaultTolerance
        self.rules = rules
    }

    public func tolerance(forResult key: String, unit: PhysicalUnit?, kind: ResultKind?) -> Tolerance {
        for case .result(let k, let t) in rules where k == key { return t }
        if let unit { for case .unit(let u, let t) in rules where u == unit { return t } }
        if let kind { for case .kind(let k, let t) in rules where k == kind { return t } }
        return defaultTolerance
    }
}

// JSON: `{"result": {"key": "fit.pValue", "tolerance": {…}}}`, `{"unit": {"unit": "sigma", "tolerance": {…}}}`,
// `{"kind": {"kind": "pValue", "tolerance": {…}}}` (see `TaggedCase`).
extension ToleranceRule {
    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: ["result", "unit", "kind"])
        let f = try tagged.fields()
        let tolerance = try f.decode(Tolerance.self, "tolerance", legacy: "_1")
        switch tagged.name {
        case "result": self = .result(try f.decode(String.self, "key", legacy: "_0"), tolerance)
        case "unit": self = .unit(try f.decode(PhysicalUnit.self, "unit", legacy: "_0"), tolerance)
        default: self = .kind(try f.decode(ResultKind.self, "kind", legacy: "_0"), tolerance)
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .result(let key, let t):
            var f = TaggedCase.fields("result", to: encoder)
            try f.encode(key, "key"); try f.encode(t, "tolerance")
        case .unit(let unit, let t):
            var f = TaggedCase.fields("unit", to: encoder)
            try f.encode(unit, "unit"); try f.encode(t, "tolerance")
        case .kind(let kind, let t):
            var f = TaggedCase.fields("kind", to: encoder)
            try f.encode(kind, "kind"); try f.encode(t, "tolerance")
        }
    }
}

import Foundation

/// A JSON document as a value: what step parameters are stored as, hashed as and compared as.
///
/// Step parameters are typed Swift values in an analysis; the runner turns them into a `JSONValue`
/// so that a step's identity is its content: two specs with equal values hash equally, whatever
/// order their fields were written in.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Double.self) {
            self = .number(n)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n): try container.encode(n)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

// MARK: - Public API

extension JSONValue {
    /// The JSON form of any `Encodable` value: what `JSONEncoder` writes, read back as a
    /// `JSONValue`, built directly (`JSONValueEncoder`) without the text in between.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONValueEncoder.encode(value)
    }

    /// The same value through JSON text (JSONEncoder, then JSONDecoder): the reference that
    /// `init(encoding:)` must equal, kept for the tests that check it does.
    public init<T: Encodable>(encodingThroughText value: T) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Throws for a non-finite number anywhere inside, as JSONEncoder does.
    func checkFinite(_ codingPath: [CodingKey]) throws {
        switch self {
        case .number(let n) where !n.isFinite:
            throw EncodingError.invalidValue(n, .init(codingPath: codingPath, debugDescription: "Unable to encode \(n) directly in JSON."))
        case .array(let a): for v in a { try v.checkFinite(codingPath) }
        case .object(let o): for v in o.values { try v.checkFinite(codingPath) }
        default: break
        }
    }

    /// Decodes a typed value from this JSON (e.g. a step's parameters): what JSONDecoder gives for
    /// the canonical text, built directly (`JSONValueDecoder`) where that is certain to agree; the
    /// text path otherwise and for every error, so that messages are JSONDecoder's.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let value = JSONValueDecoder.decode(T.self, from: self) { return value }
        return try decodeThroughText(T.self)
    }

    /// The same through the canonical text and JSONDecoder: the reference `decode(_:)` must equal,
    /// kept for the tests that check it does.
    public func decodeThroughText<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(canonicalString.utf8))
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// Canonical JSON: object keys sorted by their UTF-8 bytes, no insignificant whitespace,
    /// numbers in shortest round-trip form (integral values without a fraction), UTF-8.
    ///
    /// This is the form cache keys are computed from, so it must never change for a given value.
    public var canonicalString: String {
        var out = ""
        writeCanonical(into: &out)
        return out
    }

    private func writeCanonical(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += Self.canonicalNumber(n)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.writeCanonical(into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, k) in o.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out += "," }
                Self.writeString(k, into: &out)
                out += ":"
                o[k]!.writeCanonical(into: &out)
            }
            out += "}"
        }
    }

    /// Integral values within ±2^53 print as integers; others in Swift's shortest round-trip form.
    /// Non-finite numbers are not JSON; they print as strings so that a key can still be formed.
    static func canonicalNumber(_ n: Double) -> String {
        guard n.isFinite else { return "\"\(n)\"" }
        if n == n.rounded(), abs(n) < 9_007_199_254_740_992 {
            return n == 0 ? "0" : String(Int64(n))
        }
        return "\(n)"
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole (a report's parameters are tens of kB of text).
        if !s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(format: "%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A short human-readable rendering for messages (`--explain`), truncated when long.
    public var brief: String {
        let s = canonicalString
        return s.count > 60 ? String(s.prefix(57)) + "..." : s
    }
}

/// The one JSON convention for Folio's enums with associated values (instead of Swift's synthesized
/// `{"step": {"_0": "sample"}}`): an object with one key naming the case, whose value is the payload.
///
/// - one unlabelled value: the value itself — `{"step": "sample"}`, `{"histogram": {"edges": …}}`,
///   `{"and": [ … ]}`;
/// - several or labelled values: an object of named fields — `{"cone": {"ra": 83.6, "dec": 22, "radius": 1}}`,
///   `{"range": {"variable": "log10Energy", "lower": 3}}`;
/// - no value: the case name as a string — `"all"`, `"empty"` (`{"all": {}}` is read too).
///
/// ```swift
/// extension InputRef {
///     public init(from decoder: Decoder) throws {
///         let tagged = try TaggedCase(decoder, cases: ["step", "file"])
///         switch tagged.name {
///         case "step": self = .step(try tagged.value(String.self))
///         default: self = .file(try tagged.value(String.self))
///         }
///     }
///     public func encode(to encoder: Encoder) throws {
///         switch self {
///         case .step(let s): try TaggedCase.encode("step", s, to: encoder)
///         case .file(let p): try TaggedCase.encode("file", p, to: encoder)
///         }
///     }
/// }
/// ```
/// Decoding errors name the field and the cases it expects (`field 'inputs.sample': unknown case
/// 'stpe' (expected one of: step, file, …)`).
public struct TaggedCase {
    /// The case named in the JSON (always one of the expected cases).
    public let name: String
    private let container: KeyedDecodingContainer<Key>?
    private let decoder: Decoder

    public struct Key: CodingKey, Hashable {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(_ name: String) { stringValue = name }
        public init?(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    /// Reads which case the JSON holds; `cases` are every case name of the enum.
    public init(_ decoder: Decoder, cases: [String]) throws {
        self.decoder = decoder
        let expected = "expected one of: " + cases.joined(separator: ", ")
        if let single = try? decoder.singleValueContainer(), let string = try? single.decode(String.self) {
            guard cases.contains(string) else {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: "unknown case '\(string)' (\(expected))")
            }
            name = string
            container = nil
            return
        }
        let keyed = try decoder.container(keyedBy: Key.self)   // else: expected an object, found …
        let keys = keyed.allKeys.map(\.stringValue).sorted()
        guard keys.count == 1 else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                debugDescription: "expected one key naming the case (\(expected)), found " + (keys.isEmpty ? "none" : keys.joined(separator: ", "))))
        }
        guard cases.contains(keys[0]) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                debugDescription: "unknown case '\(keys[0])' (\(expected))"))
        }
        name = keys[0]
        container = keyed
    }

    /// The payload of a case with one unlabelled value.
    public func value<T: Decodable>(_ type: T.Type) throws -> T {
        guard let container else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                debugDescription: "case '\(name)' needs a value: write {\"\(name)\": …}"))
        }
        do {
            return try container.decode(T.self, forKey: Key(name))
        } catch {
            // Files written before this convention (Swift's synthesized `{"step": {"_0": "sample"}}`),
            // so that `folio diff` still reads older builds.
            guard let legacy = try? container.nestedContainer(keyedBy: Key.self, forKey: Key(name)),
                  legacy.allKeys.map(\.stringValue) == ["_0"] else { throw error }
            return try legacy.decode(T.self, forKey: Key("_0"))
        }
    }

    /// The named fields of a case with several or labelled values.
    public func fields() throws -> KeyedDecodingContainer<Key> {
        guard let container else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                debugDescription: "case '\(name)' needs fields: write {\"\(name)\": {…}}"))
        }
        return try container.nestedContainer(keyedBy: Key.self, forKey: Key(name))
    }

    /// Writes a case without a value: its name.
    public static func encode(_ name: String, to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// Writes a case with one unlabelled value: `{"<name>": value}`.
    public static func encode<T: Encodable>(_ name: String, _ value: T, to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(value, forKey: Key(name))
    }

    /// Writes a case with named fields: `{"<name>": {…}}`; fill the returned container.
    public static func fields(_ name: String, to encoder: Encoder) -> KeyedEncodingContainer<Key> {
        var container = encoder.container(keyedBy: Key.self)
        return container.nestedContainer(keyedBy: Key.self, forKey: Key(name))
    }
}

extension KeyedDecodingContainer where K == TaggedCase.Key {
    public func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T { try decode(type, forKey: TaggedCase.Key(key)) }
    /// `key`, or in files written before this convention, Swift's synthesized `legacy` key (`_0`).
    public func decode<T: Decodable>(_ type: T.Type, _ key: String, legacy: String) throws -> T {
        if !contains(TaggedCase.Key(key)), contains(TaggedCase.Key(legacy)) { return try decode(type, forKey: TaggedCase.Key(legacy)) }
        return try decode(type, forKey: TaggedCase.Key(key))
    }
    public func decodeIfPresent<T: Decodable>(_ type: T.Type, _ key: String) throws -> T? {
        try decodeIfPresent(type, forKey: TaggedCase.Key(key))
    }
}

extension KeyedEncodingContainer where K == TaggedCase.Key {
    public mutating func encode<T: Encodable>(_ value: T, _ key: String) throws { try encode(value, forKey: TaggedCase.Key(key)) }
    public mutating func encodeIfPresent<T: Encodable>(_ value: T?, _ key: String) throws {
        try encodeIfPresent(value, forKey: TaggedCase.Key(key))
    }
}

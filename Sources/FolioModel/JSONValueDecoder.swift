import Foundation

/// Decodes a `Decodable` value straight from a `JSONValue`, with no JSON text in between: the
/// counterpart of `JSONValueEncoder`, used by `JSONValue.decode(_:)`.
///
/// It must give exactly what `JSONDecoder` gives for the value's canonical text (what
/// `decode(_:)` did before), including every failure a type may probe with `try?` (a tagged enum
/// tries a string before an object). Where it cannot be sure to agree (a number JSONDecoder would
/// read from text it cannot hold exactly, a non-finite number, the types JSONDecoder treats
/// specially: `Date`, `Data`, `URL`, `Decimal`, `Float`; a super decoder) it marks the decoding as
/// unsupported and `JSONValue.decode` decodes the text instead; every error is also reported by the
/// text path, so messages name the coding path exactly as before. `JSONValueDecoderTests` compare
/// both paths.
///
/// Why: planning decoded every step's parameters several times (validation, result contracts, the
/// report's Markdown, trial plans), each time writing the canonical text and parsing it again; that
/// was a tenth of a no-op build (README "Start-up and the no-op rebuild").
enum JSONValueDecoder {
    /// Set when the direct path met something it does not decode exactly as JSONDecoder would.
    final class State {
        var unsupported = false
    }

    struct Unsupported: Error {}

    /// The decoded value, or nil when the text path must decide (unsupported, or any error).
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) -> T? {
        let state = State()
        let decoder = Decoder_(value, codingPath: [], state: state)
        guard let decoded = try? decoder.decode(T.self), !state.unsupported else { return nil }
        return decoded
    }

    /// Marks the decoding unsupported and returns the error to throw.
    static func unsupported(_ state: State) -> Unsupported {
        state.unsupported = true
        return Unsupported()
    }

    // MARK: - Leaves, as JSONDecoder reads them from canonical text

    static func bool(_ value: JSONValue, _ path: [CodingKey]) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(Bool.self, value, path) }
        return b
    }

    static func string(_ value: JSONValue, _ path: [CodingKey]) throws -> String {
        guard case .string(let s) = value else { throw mismatch(String.self, value, path) }
        return s
    }

    /// A finite number's canonical text parses back to the same Double, except that -0 prints as "0".
    static func double(_ value: JSONValue, _ path: [CodingKey], _ state: State) throws -> Double {
        guard case .number(let n) = value else { throw mismatch(Double.self, value, path) }
        guard n.isFinite else { throw unsupported(state) }  // its text is a string: the text path decides
        return n == 0 ? 0 : n
    }

    /// Integral numbers within ±2^53 print as plain integers, which JSONDecoder reads into any
    /// integer type they fit; anything else (fractions, exponents, overflow) the text path decides.
    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ path: [CodingKey], _ state: State) throws -> I {
        guard case .number(let n) = value else { throw mismatch(I.self, value, path) }
        guard n.isFinite, n == n.rounded(), abs(n) < 9_007_199_254_740_992, let i = I(exactly: n) else { throw unsupported(state) }
        return i
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [CodingKey]) -> DecodingError {
        // A null where a value is expected is valueNotFound in JSONDecoder, other values typeMismatch.
        if value == .null {
            return DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Cannot get \(type) -- found null value instead"))
        }
        return DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found another value"))
    }

    /// Decodes any value: the leaves above directly, the types JSONDecoder treats specially by the
    /// text path, everything else through its own `init(from:)`.
    static func value<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [CodingKey], _ state: State) throws -> T {
        if T.self == Double.self { return try double(value, path, state) as! T }
        if T.self == String.self { return try string(value, path) as! T }
        if T.self == Int.self { return try integer(Int.self, value, path, state) as! T }
        if T.self == Bool.self { return try bool(value, path) as! T }
        if T.self == JSONValue.self { return try jsonValue(value, state) as! T }
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self == Float.self {
            throw unsupported(state)
        }
        return try T(from: Decoder_(value, codingPath: path, state: state))
    }

    /// What JSONDecoder gives for `JSONValue` (its trial decoding) from canonical text: the value
    /// itself, with -0 read as 0. A non-finite number is a string in the text: the text path decides.
    static func jsonValue(_ value: JSONValue, _ state: State) throws -> JSONValue {
        switch value {
        case .number(let n):
            guard n.isFinite else { throw unsupported(state) }
            return n == 0 ? .number(0) : value
        case .array(let items):
            return .array(try items.map { try jsonValue($0, state) })
        case .object(let entries):
            return .object(try entries.mapValues { try jsonValue($0, state) })
        default:
            return value
        }
    }

    // MARK: - The decoder and its containers

    struct Decoder_: Swift.Decoder {
        let value: JSONValue
        let codingPath: [CodingKey]
        let state: State
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(_ value: JSONValue, codingPath: [CodingKey], state: State) {
            self.value = value
            self.codingPath = codingPath
            self.state = state
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoder.value(T.self, value, codingPath, state)
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let entries) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
            return KeyedDecodingContainer(Keyed<Key>(entries: entries, codingPath: codingPath, state: state))
        }

        func unkeyedContainer() throws -> UnkeyedDecodingContainer {
            guard case .array(let items) = value else { throw mismatch([JSONValue].self, value, codingPath) }
            return Unkeyed(items: items, codingPath: codingPath, state: state)
        }

        func singleValueContainer() throws -> SingleValueDecodingContainer { Single(decoder: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let entries: [String: JSONValue]
        let codingPath: [CodingKey]
        let state: State

        /// In the canonical text's order (sorted by UTF-8), the order JSONDecoder meets them in.
        var allKeys: [Key] {
            entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { Key(stringValue: $0) }
        }

        func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

        private func entry(_ key: Key) throws -> JSONValue {
            guard let value = entries[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)"))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            // JSONDecoder's answer for a missing key differs between its versions: the text path decides.
            guard let value = entries[key.stringValue] else { throw unsupported(state) }
            return value == .null
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try bool(entry(key), codingPath + [key]) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try string(entry(key), codingPath + [key]) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try double(entry(key), codingPath + [key], state) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(state) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(Int.self, entry(key), codingPath + [key], state) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(Int8.self, entry(key), codingPath + [key], state) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(Int16.self, entry(key), codingPath + [key], state) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(Int32.self, entry(key), codingPath + [key], state) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(Int64.self, entry(key), codingPath + [key], state) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(UInt.self, entry(key), codingPath + [key], state) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(UInt8.self, entry(key), codingPath + [key], state) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(UInt16.self, entry(key), codingPath + [key], state) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(UInt32.self, entry(key), codingPath + [key], state) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(UInt64.self, entry(key), codingPath + [key], state) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.value(T.self, entry(key), codingPath + [key], state)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Decoder_(entry(key), codingPath: codingPath + [key], state: state).container(keyedBy: NestedKey.self)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
            try Decoder_(entry(key), codingPath: codingPath + [key], state: state).unkeyedContainer()
        }

        func superDecoder() throws -> Swift.Decoder { throw unsupported(state) }
        func superDecoder(forKey key: Key) throws -> Swift.Decoder { throw unsupported(state) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        let codingPath: [CodingKey]
        let state: State
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(items: [JSONValue], codingPath: [CodingKey], state: State) {
            self.items = items
            self.codingPath = codingPath
            self.state = state
        }

        private struct IndexKey: CodingKey {
            var stringValue: String { "Index \(intValue!)" }
            var intValue: Int?
            init(_ index: Int) { intValue = index }
            init?(stringValue: String) { return nil }
            init?(intValue: Int) { self.intValue = intValue }
        }

        /// The next item, advancing only on success as JSONDecoder does (a failed element can be
        /// read again); reading past the end the text path reports.
        private mutating func leaf<T>(_ read: (JSONValue, [CodingKey]) throws -> T) throws -> T {
            guard currentIndex < items.count else { throw unsupported(state) }
            let value = try read(items[currentIndex], codingPath + [IndexKey(currentIndex)])
            currentIndex += 1
            return value
        }

        mutating func decodeNil() throws -> Bool {
            guard currentIndex < items.count else { throw unsupported(state) }
            if items[currentIndex] == .null {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try leaf { try bool($0, $1) } }
        mutating func decode(_ type: String.Type) throws -> String { try leaf { try string($0, $1) } }
        mutating func decode(_ type: Double.Type) throws -> Double { let s = state; return try leaf { try double($0, $1, s) } }
        mutating func decode(_ type: Float.Type) throws -> Float { throw unsupported(state) }
        mutating func decode(_ type: Int.Type) throws -> Int { try int(Int.self) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try int(Int8.self) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try int(Int16.self) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try int(Int32.self) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try int(Int64.self) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try int(UInt.self) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try int(UInt8.self) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try int(UInt16.self) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try int(UInt32.self) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try int(UInt64.self) }
        private mutating func int<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
            let s = state
            return try leaf { try integer(I.self, $0, $1, s) }
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let s = state
            return try leaf { try JSONValueDecoder.value(T.self, $0, $1, s) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let s = state
            return try leaf { try Decoder_($0, codingPath: $1, state: s).container(keyedBy: NestedKey.self) }
        }

        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
            let s = state
            return try leaf { try Decoder_($0, codingPath: $1, state: s).unkeyedContainer() }
        }

        mutating func superDecoder() throws -> Swift.Decoder { throw unsupported(state) }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: Decoder_
        var codingPath: [CodingKey] { decoder.codingPath }
        private var value: JSONValue { decoder.value }
        private var state: State { decoder.state }

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try bool(value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try string(value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try double(value, codingPath, state) }
        func decode(_ type: Float.Type) throws -> Float { throw unsupported(state) }
        func decode(_ type: Int.Type) throws -> Int { try integer(Int.self, value, codingPath, state) }
        func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self, value, codingPath, state) }
        func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self, value, codingPath, state) }
        func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self, value, codingPath, state) }
        func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self, value, codingPath, state) }
        func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self, value, codingPath, state) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self, value, codingPath, state) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self, value, codingPath, state) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self, value, codingPath, state) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self, value, codingPath, state) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(T.self) }
    }
}

import Foundation

/// Encodes an `Encodable` value straight into a `JSONValue`, with no JSON text in between.
///
/// It gives exactly the value that `JSONEncoder` followed by decoding `JSONValue` gives (what
/// `JSONValue(encoding:)` did before, and what cache keys were computed from): integers and floats
/// become the `Double` the JSON text would parse to (a `Float` through its shortest decimal form,
/// as JSONEncoder writes it), non-finite numbers are an error, `nil` in a keyed container is left
/// out. The few types JSONEncoder treats specially (`Data` as Base64, `URL` as its string,
/// `Decimal` as a number) take the text path. `JSONValueEncoderTests` check both paths agree.
///
/// Why: the text round trip (JSONEncoder, then JSONDecoder with `JSONValue`'s trial decoding) was
/// most of `folio list`'s and a no-op build's time (the gallery's figure data, every step's
/// parameters and key); this is several times faster (Benchmarks/cli, README "Start-up").
enum JSONValueEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let special = try specialValue(value, codingPath: []) { return special }
        let encoder = Encoder_(codingPath: [])
        try value.encode(to: encoder)
        guard let node = encoder.node else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return node.value
    }

    /// The value of the types JSONEncoder encodes other than through their own `encode(to:)`.
    static func specialValue<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> JSONValue? {
        switch value {
        case let json as JSONValue:
            // Already a JSON value: the text round trip gives it back unchanged (finite numbers only).
            try json.checkFinite(codingPath)
            return json
        case is Data, is URL, is Decimal:
            let data = try JSONEncoder().encode(value)
            return try JSONDecoder().decode(JSONValue.self, from: data)
        default:
            return nil
        }
    }

    static func number(_ value: Double, codingPath: [CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        return .number(value)
    }

    static func number(_ value: Float, codingPath: [CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        // JSONEncoder writes a Float's shortest form ("0.1"), which parses to the nearest Double.
        return .number(Double(value.description)!)
    }

    // MARK: - The tree being built

    /// A container under construction: a shared reference, so that a container taken from the
    /// encoder and filled afterwards fills the value the encoder returns. Leaves are plain values
    /// (`Slot.value`), so a figure's 10^5 numbers cost no allocation each.
    final class Node {
        enum Storage {
            case value(JSONValue)
            case array([Slot])
            case object([String: Slot])
        }
        var storage: Storage
        init(_ storage: Storage) { self.storage = storage }

        var value: JSONValue {
            switch storage {
            case .value(let v): return v
            case .array(let items): return .array(items.map(\.value))
            case .object(let entries): return .object(entries.mapValues(\.value))
            }
        }
    }

    enum Slot {
        case value(JSONValue)
        case node(Node)

        var value: JSONValue {
            switch self {
            case .value(let v): return v
            case .node(let n): return n.value
            }
        }
    }

    struct IndexKey: CodingKey {
        var stringValue: String { "Index \(intValue!)" }
        var intValue: Int?
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    struct SuperKey: CodingKey {
        var stringValue: String { "super" }
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) { }
        init?(intValue: Int) { return nil }
    }

    /// Encodes `value` as a child: the special types, else through its own `encode(to:)`.
    static func child<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> Slot {
        // The common leaves without an encoder each (arrays of numbers reach here per element).
        if T.self == Double.self { return .value(try number(value as! Double, codingPath: codingPath)) }
        if T.self == Int.self { return .value(.number(Double(value as! Int))) }
        if T.self == String.self { return .value(.string(value as! String)) }
        if T.self == Bool.self { return .value(.bool(value as! Bool)) }
        if let special = try specialValue(value, codingPath: codingPath) { return .value(special) }
        let encoder = Encoder_(codingPath: codingPath)
        try value.encode(to: encoder)
        // A value that encodes nothing becomes an empty object, as in JSONEncoder.
        guard let node = encoder.node else { return .value(.object([:])) }
        if case .value(let v) = node.storage { return .value(v) }
        return .node(node)
    }

    final class Encoder_: Swift.Encoder {
        let codingPath: [CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var node: Node?

        init(codingPath: [CodingKey], node: Node? = nil) {
            self.codingPath = codingPath
            self.node = node
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let object: Node
            if let node, case .object = node.storage {
                object = node
            } else {
                object = Node(.object([:]))
                node = object
            }
            return KeyedEncodingContainer(Keyed<Key>(node: object, codingPath: codingPath))
        }

        func unkeyedContainer() -> UnkeyedEncodingContainer {
            let array: Node
            if let node, case .array = node.storage {
                array = node
            } else {
                array = Node(.array([]))
                node = array
            }
            return Unkeyed(node: array, codingPath: codingPath)
        }

        func singleValueContainer() -> SingleValueEncodingContainer { Single(encoder: self) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [CodingKey]

        private func set(_ value: Slot, _ key: Key) {
            guard case .object(var entries) = node.storage else { return }
            node.storage = .value(.null)  // keep `entries` uniquely referenced while it changes
            entries[key.stringValue] = value
            node.storage = .object(entries)
        }

        mutating func encodeNil(forKey key: Key) throws { set(.value(.null), key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.value(.bool(value)), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.value(.string(value)), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            set(.value(try JSONValueEncoder.number(value, codingPath: codingPath + [key])), key)
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            set(.value(try JSONValueEncoder.number(value, codingPath: codingPath + [key])), key)
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.value(.number(Double(value))), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            set(try JSONValueEncoder.child(value, codingPath: codingPath + [key]), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let child = Node(.object([:]))
            set(.node(child), key)
            return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let child = Node(.array([]))
            set(.node(child), key)
            return Unkeyed(node: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> Swift.Encoder { superEncoder(named: SuperKey().stringValue) }
        mutating func superEncoder(forKey key: Key) -> Swift.Encoder { superEncoder(named: key.stringValue, path: key) }

        private func superEncoder(named name: String, path: CodingKey = SuperKey()) -> Swift.Encoder {
            let child = Node(.object([:]))
            guard case .object(var entries) = node.storage else { return Encoder_(codingPath: codingPath + [path], node: child) }
            node.storage = .value(.null)
            entries[name] = .node(child)
            node.storage = .object(entries)
            return Encoder_(codingPath: codingPath + [path], node: child)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [CodingKey]
        var count: Int {
            if case .array(let items) = node.storage { return items.count }
            return 0
        }

        private func append(_ value: Slot) {
            guard case .array(var items) = node.storage else { return }
            node.storage = .value(.null)
            items.append(value)
            node.storage = .array(items)
        }
        private var nextPath: [CodingKey] { codingPath + [IndexKey(count)] }

        mutating func encodeNil() throws { append(.value(.null)) }
        mutating func encode(_ value: Bool) throws { append(.value(.bool(value))) }
        mutating func encode(_ value: String) throws { append(.value(.string(value))) }
        mutating func encode(_ value: Double) throws { append(.value(try JSONValueEncoder.number(value, codingPath: nextPath))) }
        mutating func encode(_ value: Float) throws { append(.value(try JSONValueEncoder.number(value, codingPath: nextPath))) }
        mutating func encode(_ value: Int) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: Int8) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: Int16) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: Int32) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: Int64) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: UInt) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: UInt8) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: UInt16) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: UInt32) throws { append(.value(.number(Double(value)))) }
        mutating func encode(_ value: UInt64) throws { append(.value(.number(Double(value)))) }
        mutating func encode<T: Encodable>(_ value: T) throws { append(try JSONValueEncoder.child(value, codingPath: nextPath)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let path = nextPath
            let child = Node(.object([:]))
            append(.node(child))
            return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let path = nextPath
            let child = Node(.array([]))
            append(.node(child))
            return Unkeyed(node: child, codingPath: path)
        }

        mutating func superEncoder() -> Swift.Encoder {
            let path = nextPath
            let child = Node(.object([:]))
            append(.node(child))
            return Encoder_(codingPath: path, node: child)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: Encoder_
        var codingPath: [CodingKey] { encoder.codingPath }

        private func set(_ value: JSONValue) { encoder.node = Node(.value(value)) }

        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { set(try JSONValueEncoder.number(value, codingPath: codingPath)) }
        mutating func encode(_ value: Float) throws { set(try JSONValueEncoder.number(value, codingPath: codingPath)) }
        mutating func encode(_ value: Int) throws { set(.number(Double(value))) }
        mutating func encode(_ value: Int8) throws { set(.number(Double(value))) }
        mutating func encode(_ value: Int16) throws { set(.number(Double(value))) }
        mutating func encode(_ value: Int32) throws { set(.number(Double(value))) }
        mutating func encode(_ value: Int64) throws { set(.number(Double(value))) }
        mutating func encode(_ value: UInt) throws { set(.number(Double(value))) }
        mutating func encode(_ value: UInt8) throws { set(.number(Double(value))) }
        mutating func encode(_ value: UInt16) throws { set(.number(Double(value))) }
        mutating func encode(_ value: UInt32) throws { set(.number(Double(value))) }
        mutating func encode(_ value: UInt64) throws { set(.number(Double(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            switch try JSONValueEncoder.child(value, codingPath: codingPath) {
            case .value(let v): encoder.node = Node(.value(v))
            case .node(let n): encoder.node = n
            }
        }
    }
}

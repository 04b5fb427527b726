import Foundation
import Testing
@testable import FolioModel

/// `JSONValue.decode(_:)` decodes directly (`JSONValueDecoder`); it must give what JSONDecoder
/// gives for the canonical text (`decodeThroughText`) for every value, and the same failures,
/// since a type may probe with `try?` and step parameters are decoded this way.
@Suite struct JSONValueDecoderTests {
    /// Everything the direct path decodes itself.
    struct Plain: Codable, Hashable {
        var int = -42, int8: Int8 = -8, int16: Int16 = 1600, int32: Int32 = -320_000, int64: Int64 = 9_007_199_254_740_991
        var uint: UInt = 7, uint8: UInt8 = 255, uint16: UInt16 = 65535, uint32: UInt32 = 4_000_000_000
        var double = 0.1, negativeZero = -0.0, tiny = 5e-324, huge = 1.7976931348623157e308, third = 1.0 / 3
        var containers = CodableContainers()
        var json: JSONValue = .object(["k": .array([.number(1), .null, .bool(true), .string("s"), .number(-0.0)])])
        var empty: [String: Int] = [:]
    }

    /// Types JSONDecoder reads in its own way: the direct path leaves them to the text path.
    struct Special: Codable, Hashable {
        var date = Date(timeIntervalSinceReferenceDate: 12345.678)
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.org/a?b=c")!
        var decimal = Decimal(string: "3.14159")!
        var float: Float = 0.1
    }

    @Test func decodesWhatJSONDecoderDecodesFromTheText() throws {
        let json = try JSONValue(encoding: Plain())
        let direct = try #require(JSONValueDecoder.decode(Plain.self, from: json), "the direct path declined a plain value")
        let text = try json.decodeThroughText(Plain.self)
        #expect(direct == text)
        #expect(direct.negativeZero.sign == .plus && text.negativeZero.sign == .plus)  // "-0" is printed "0"
        #expect(try json.decode(Plain.self) == text)
    }

    @Test func specialTypesTakeTheTextPath() throws {
        let json = try JSONValue(encoding: Special())
        #expect(JSONValueDecoder.decode(Special.self, from: json) == nil)
        #expect(try json.decode(Special.self) == (try json.decodeThroughText(Special.self)))
        #expect(try json.decode(Special.self) == Special())
    }

    /// Numbers either decode to what the text gives or are left to the text path; never different.
    @Test func numbersAgreeWithTheTextOrDecline() throws {
        var generator = SystemRandomNumberGenerator()
        func check<T: Decodable & Equatable>(_ type: T.Type, _ value: JSONValue) {
            let text = try? value.decodeThroughText(T.self)
            if let direct = JSONValueDecoder.decode(T.self, from: value) {
                #expect(direct == text, "\(value.canonicalString) as \(T.self)")
            }
            #expect((try? value.decode(T.self)) == text, "\(value.canonicalString) as \(T.self)")
        }
        var samples: [Double] = [0, -0.0, 1, -1, 0.5, 127, 128, -129, 255, 256, 65536, 4_294_967_296, 9_007_199_254_740_991,
                                 9_007_199_254_740_992, -9_007_199_254_740_992, 1e20, -1e300, 5e-324, .nan, .infinity]
        for _ in 0..<500 {
            samples.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
            samples.append(Double(Int64.random(in: -(1 << 54)...(1 << 54), using: &generator)))
        }
        for n in samples {
            let value = JSONValue.array([.number(n)])
            check([Double].self, value)
            check([Int].self, value)
            check([Int8].self, value)
            check([UInt8].self, value)
            check([Int32].self, value)
            check([UInt64].self, value)
            check([JSONValue].self, value)
        }
    }

    /// A type that probes with `try?` takes the same branch on both paths.
    struct Probing: Decodable, Equatable {
        var how: String
        init(from decoder: Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let i = try? single.decode(Int.self) { how = "int \(i)"
            } else if let d = try? single.decode(Double.self) { how = "double \(d)"
            } else if let s = try? single.decode(String.self) { how = "string \(s)"
            } else if let b = try? single.decode([Int].self) { how = "ints \(b)"
            } else { how = "other" }
        }
    }

    @Test func probesFailWhereJSONDecoderFails() throws {
        for value: JSONValue in [.number(3), .number(2.5), .number(1e30), .string("3"), .bool(true), .null, .array([.number(1)]),
                                 .array([.number(1.5)]), .object(["a": .number(1)])] {
            #expect(try value.decode(Probing.self) == (try value.decodeThroughText(Probing.self)), "\(value.canonicalString)")
        }
    }

    @Test func errorsAreJSONDecodersErrors() {
        struct Needs: Decodable { var count: Int; var name: String }
        let cases: [JSONValue] = [.object(["count": .string("3"), "name": .string("x")]), .object(["name": .string("x")]),
                                  .object(["count": .number(1.5), "name": .string("x")]), .object(["count": .null, "name": .string("x")]),
                                  .array([])]
        for value in cases {
            var direct = "", text = ""
            do { _ = try value.decode(Needs.self) } catch { direct = "\(error)" }
            do { _ = try value.decodeThroughText(Needs.self) } catch { text = "\(error)" }
            #expect(!direct.isEmpty && direct == text, "\(value.canonicalString)")
        }
    }
}

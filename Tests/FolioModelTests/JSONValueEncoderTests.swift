import Foundation
import Testing
@testable import FolioModel

/// `JSONValue(encoding:)` builds the value directly; it must equal the JSON text round trip
/// (`encodingThroughText`) for everything, since cache keys are hashed from it.
@Suite struct JSONValueEncoderTests {
    struct Everything: Codable {
        var int = -42, int8: Int8 = -8, int16: Int16 = 1600, int32: Int32 = -320_000, int64: Int64 = 9_007_199_254_740_993
        var uint: UInt = 7, uint8: UInt8 = 255, uint16: UInt16 = 65535, uint32: UInt32 = 4_000_000_000
        var uint64: UInt64 = 18_446_744_073_709_551_615
        var double = 0.1, negativeZero = -0.0, tiny = 5e-324, huge = 1.7976931348623157e308, third = 1.0 / 3
        var float: Float = 0.1, floatHuge: Float = 3.4e38, floatThird: Float = 1.0 / 3, floats: [Float] = [0.3, 1e-7]
        var containers = CodableContainers()
        var date = Date(timeIntervalSinceReferenceDate: 12345.678)
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.org/a?b=c")!
        var decimal = Decimal(string: "3.14159")!
        var json: JSONValue = .object(["k": .array([.number(1), .null, .bool(true), .string("s")])])
        var empty: [String: Int] = [:]
    }

    @Test func equalsTheTextRoundTripForEveryKindOfValue() throws {
        let value = Everything()
        let direct = try JSONValue(encoding: value)
        #expect(direct == (try JSONValue(encodingThroughText: value)))
        #expect(direct.canonicalString == (try JSONValue(encodingThroughText: value)).canonicalString)
        // The values JSONEncoder treats specially keep its forms.
        #expect(direct["data"] == .string("AAEC+g=="))
        #expect(direct["url"] == .string("https://example.org/a?b=c"))
        #expect(direct["float"] == .number(0.1))
        #expect(direct["containers"]?["optionalNil"] == nil)
    }

    @Test func topLevelScalarsAndArrays() throws {
        for value: any Encodable in [3, 2.5, "s", true, [1, 2], ["a": [true]], Float(0.7), UInt64.max] {
            #expect(try JSONValue(encoding: value) == (try JSONValue(encodingThroughText: value)))
        }
    }

    @Test func randomLargeIntegersRoundLikeTheParsedText() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let u = UInt64.random(in: 0...UInt64.max, using: &generator)
            let i = Int64.random(in: Int64.min...Int64.max, using: &generator)
            let d = Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &generator))
            let f = Float(bitPattern: UInt32.random(in: 0...0x7F7F_FFFF, using: &generator))
            #expect(try JSONValue(encoding: [u]) == (try JSONValue(encodingThroughText: [u])))
            #expect(try JSONValue(encoding: [i]) == (try JSONValue(encodingThroughText: [i])))
            #expect(try JSONValue(encoding: [d]) == (try JSONValue(encodingThroughText: [d])))
            #expect(try JSONValue(encoding: [f]) == (try JSONValue(encodingThroughText: [f])))
        }
    }

    @Test func nonFiniteNumbersAreErrorsBothWays() {
        #expect(throws: EncodingError.self) { try JSONValue(encoding: [Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue(encodingThroughText: [Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: ["x": Float.infinity]) }
        #expect(throws: EncodingError.self) { try JSONValue(encoding: JSONValue.array([.number(.infinity)])) }
    }
}

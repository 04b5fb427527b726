import Foundation
import Testing
@testable import FolioModel

@Suite struct JSONValueTests {
    @Test func canonicalFormSortsKeysAndDropsWhitespace() throws {
        let a = try JSONDecoder().decode(JSONValue.self, from: Data(#"{ "b": 1, "a": [true, null, "x"], "c": {"z": 0.5, "y": -2} }"#.utf8))
        #expect(a.canonicalString == #"{"a":[true,null,"x"],"b":1,"c":{"y":-2,"z":0.5}}"#)
    }

    @Test func numbersUseShortestRoundTripForm() {
        #expect(JSONValue.number(2).canonicalString == "2")
        #expect(JSONValue.number(-0.0).canonicalString == "0")
        #expect(JSONValue.number(0.1).canonicalString == "0.1")
        #expect(JSONValue.number(1e-7).canonicalString == "1e-07")
        #expect(JSONValue.number(2.7).canonicalString == "2.7")
        #expect(JSONValue.number(1e300).canonicalString == "1e+300")
    }

    @Test func stringsAreEscaped() {
        #expect(JSONValue.string("a\"b\\c\n\u{01}é").canonicalString == #""a\"b\\c\n\u0001é""#)
    }

    @Test func equalValuesFromDifferentFieldOrderHaveTheSameCanonicalForm() throws {
        struct P: Codable { var gamma: Double; var name: String }
        let x = try JSONValue(encoding: P(gamma: 2.5, name: "pi0"))
        let y = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"name":"pi0","gamma":2.5}"#.utf8))
        #expect(x == y)
        #expect(x.canonicalString == y.canonicalString)
        #expect(try x.decode(P.self).gamma == 2.5)
    }
}

import Foundation
import Testing
@testable import FolioModel

@Suite struct SelectionTests {
    let event: [EventVariable: Double] = [.log10Energy: 3.5, .declination: 5.0, .rightAscension: 77.0, .angularError: 0.6]

    @Test func rangesAndCombinations() {
        let value = { (v: EventVariable) in event[v]! }
        #expect((.log10Energy >= 3).accepts(value))
        #expect(!(.log10Energy >= 4).accepts(value))
        #expect((.interval(.declination, -5...81) && .angularError <= 5).accepts(value))
        #expect(!(.interval(.declination, 10...81) && .angularError <= 5).accepts(value))
        #expect((.interval(.declination, 10...81) || .angularError <= 5).accepts(value))
        #expect((!(.log10Energy >= 4)).accepts(value))
    }

    @Test func coneUsesTheGreatCircleDistance() {
        // TXS 0506+056 at (77.36, 5.69); the event at (77, 5) is 0.78 degrees away.
        let value = { (v: EventVariable) in event[v]! }
        #expect(Cut.cone(ra: 77.36, dec: 5.69, radius: 0.8).accepts(value))
        #expect(!Cut.cone(ra: 77.36, dec: 5.69, radius: 0.75).accepts(value))
        // Near the pole, 10 degrees of RA are a small angle.
        let polar: (EventVariable) -> Double = { [.declination: 89.0, .rightAscension: 10.0][$0] ?? 0 }
        #expect(Cut.cone(ra: 0, dec: 89, radius: 0.2).accepts(polar))
    }

    @Test func describesItselfAndFindsItsOwnProblems() {
        let cut: Cut = .log10Energy >= 3 && .range(.declination, lower: 10, upper: -10)
        #expect(cut.description == "(log10Energy ≥ 3) and (10 ≤ declination ≤ -10)")
        #expect(cut.problems == ["cut on declination: lower bound 10.0 is above upper bound -10.0"])
        #expect(Cut.cone(ra: 0, dec: 95, radius: 0).problems.count == 2)
    }

    @Test func roundTripsThroughJSON() throws {
        let cut: Cut = .log10Energy >= 3 && !Cut.cone(ra: 1, dec: 2, radius: 3)
        let json = try JSONValue(encoding: cut)
        #expect(try json.decode(Cut.self) == cut)
    }
}

@Suite struct TaggedJSONTests {
    func json<T: Encodable>(_ value: T) throws -> String { try JSONValue(encoding: value).canonicalString }

    @Test func enumsReadAsJSON() throws {
        #expect(try json(InputRef.step("sample")) == #"{"step":"sample"}"#)
        #expect(try json(InputRef.folioFile("templates/x")) == #"{"folioFile":"templates/x"}"#)
        #expect(try json(Cut.all) == #""all""#)
        #expect(try json(EventVariable.log10Energy >= 3) == #"{"range":{"lower":3,"variable":"log10Energy"}}"#)
        #expect(try json(Cut.not(.cone(ra: 1, dec: 2, radius: 3))) == #"{"not":{"cone":{"dec":2,"ra":1,"radius":3}}}"#)
        #expect(try json(ToleranceRule.result("fit.p", Tolerance(relative: 0.1)))
                == #"{"result":{"key":"fit.p","tolerance":{"absolute":0,"relative":0.1}}}"#)
    }

    @Test func enumsRoundTrip() throws {
        let cut: Cut = .log10Energy >= 3 && .interval(.declination, -5...81) && !.cone(ra: 83.6, dec: 22, radius: 1) || .all
        #expect(try JSONValue(encoding: cut).decode(Cut.self) == cut)
        for ref in [InputRef.step("a"), .file("b"), .directory("c"), .projectFile("d"), .folioFile("e")] {
            #expect(try JSONValue(encoding: ref).decode(InputRef.self) == ref)
        }
        for rule in [ToleranceRule.result("a.b", .exact), .unit(.sigma, .standard), .kind(.pValue, Tolerance(relative: 0.05))] {
            #expect(try JSONValue(encoding: rule).decode(ToleranceRule.self) == rule)
        }
    }

    @Test func decodingErrorsNameTheFieldAndTheCases() throws {
        struct Holder: Codable { var inputs: [String: InputRef] }
        func message(_ json: String) -> String {
            do { _ = try JSONDecoder().decode(Holder.self, from: Data(json.utf8)); return "" } catch {
                return (error as? DecodingError)?.folioDescription(naming: "field") ?? "\(error)"
            }
        }
        #expect(message(#"{"inputs":{"s":{"stp":"a"}}}"#)
                == "field 'inputs.s': unknown case 'stp' (expected one of: step, file, directory, projectFile, folioFile)")
        #expect(message(#"{"inputs":{"s":{"step":"a","file":"b"}}}"#)
                == "field 'inputs.s': expected one key naming the case (expected one of: step, file, directory, projectFile, folioFile), found file, step")
        #expect(message(#"{"inputs":{"s":{"step":3}}}"#) == "field 'inputs.s.step': expected a string, found a number")
        #expect(message(#"{"inputs":{"s":"step"}}"#) == "field 'inputs.s': case 'step' needs a value: write {\"step\": …}")
    }
}

@Suite struct LegacyTaggedJSONTests {
    /// Builds written before the readable convention (e.g. `folio diff --rev` of an older revision) still decode.
    @Test func synthesizedKeysOfOlderBuildsStillDecode() throws {
        #expect(try JSONDecoder().decode(InputRef.self, from: Data(#"{"step":{"_0":"sample"}}"#.utf8)) == .step("sample"))
        #expect(try JSONDecoder().decode(Cut.self, from: Data(#"{"range":{"_0":"mjd","lower":1}}"#.utf8)) == (.mjd >= 1))
        #expect(try JSONDecoder().decode(Cut.self, from: Data(#"{"all":{}}"#.utf8)) == .all)
        #expect(try JSONDecoder().decode(ToleranceRule.self, from: Data(#"{"kind":{"_0":"pValue","_1":{"absolute":0,"relative":1}}}"#.utf8))
                == .kind(.pValue, Tolerance(relative: 1)))
    }
}

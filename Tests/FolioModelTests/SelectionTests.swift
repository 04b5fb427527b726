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

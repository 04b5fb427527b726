import Testing
import FolioModel
@testable import FolioSteps

/// The generated appendix as a production editor reads it: byte counts in digit groups, long
/// parameter values that break between elements, never inside a number.
@Suite struct MethodsAppendixTests {
    @Test func byteCountsAreGroupedInThrees() {
        #expect(MethodsAppendix.grouped(58_108_832) == "58\u{2009}108\u{2009}832")
        #expect(MethodsAppendix.grouped(4_322) == "4\u{2009}322")
        #expect(MethodsAppendix.grouped(999) == "999")
        #expect(MethodsAppendix.grouped(0) == "0")
    }

    @Test func parameterValuesOfferBreaksBetweenElements() {
        let summary = MethodsAppendix.parameterSummary(.object(["declinations": .array([.number(-60), .number(-30), .number(15)])]))
        #expect(summary == "declinations = `[-60,\u{200B}-30,\u{200B}15]`")
    }
}

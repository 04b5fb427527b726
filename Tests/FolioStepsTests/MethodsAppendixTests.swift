import Testing
import FolioModel
import FolioReport
@testable import FolioSteps

/// The generated methods appendix prints parameters and the seed sentence as plain text (#14).
@Suite struct MethodsAppendixTests {
    @Test func seedSentenceIsEscapedForMarkdown() {
        let sentence = MethodsAppendix.seedSentence(42)
        #expect(!sentence.contains("**") && !sentence.contains("`"))
        #expect(sentence.contains("xoshiro256&#42;&#42; (its state"))
        #expect(sentence.contains("SHA-256(\"42/s/t/c\")"))
    }

    @Test func htmlScriptsInParameterValuesBecomeUnicode() {
        let summary = MethodsAppendix.parameterSummary(.object(["titles": .array([.string("π⁰-like (E<sup>−2.7</sup>)")]),
                                                                "label": .string("n<sub>s</sub>")]))
        #expect(summary == "label = `nₛ`; titles = `[\"π⁰-like (E⁻²·⁷)\"]`")
    }

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

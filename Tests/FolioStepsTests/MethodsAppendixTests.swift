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
}

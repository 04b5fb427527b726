import Foundation
import Testing
@testable import FolioReport

/// Hyphenation of justified PDF text: soft hyphens at the patterns' breaks, never in names,
/// code or markup.
@Suite struct HyphenationTests {
    @Test func ordinaryWordsGetSoftHyphensAtThePatternsBreaks() throws {
        #expect(Hyphenation.hyphenate(word: "significance") == "sig\u{AD}nif\u{AD}i\u{AD}cance")
        #expect(Hyphenation.hyphenate(word: "hyphenation") == "hy\u{AD}phen\u{AD}ation")
        // TeX's limits: two letters before a break, three after; short words stay whole.
        for word in ["neutrino", "statistical", "background"] {
            let parts = Hyphenation.hyphenate(word: word).split(separator: "\u{AD}")
            #expect(parts.count >= 2, "\(word) has a break")
            #expect(parts.first!.count >= 2 && parts.last!.count >= 3, "\(word): \(parts)")
        }
        #expect(Hyphenation.hyphenate(word: "plane") == "plane")
        #expect(Hyphenation.hyphenate(word: "SkyLLH") == "SkyLLH" && Hyphenation.hyphenate(word: "IceCube") == "IceCube")
    }

    @Test func markupCodeAndNamesStayWhole() throws {
        let markup = "The <span font_family=\"DejaVu Sans Mono\" size=\"88%\">templates-combined</span> significance "
            + "&amp; <b>background</b> x86_64 xoshiro256 <span foreground=\"#1a4f8b\">statistical</span>"
        let out = try Hyphenation.hyphenate(markup: markup)
        #expect(out.replacingOccurrences(of: "\u{AD}", with: "") == markup, "only soft hyphens are added")
        #expect(out.contains("templates-combined</span>"), "monospace text is not hyphenated")
        #expect(out.contains("x86_64 xoshiro256"), "names glued to digits are not hyphenated")
        #expect(out.contains("sig\u{AD}nif\u{AD}i\u{AD}cance") && out.contains("<b>back\u{AD}ground</b>"))
        #expect(out.contains("<span foreground=\"#1a4f8b\">sta\u{AD}tis\u{AD}ti\u{AD}cal</span>"))
        #expect(out.contains("&amp;"))
    }
}

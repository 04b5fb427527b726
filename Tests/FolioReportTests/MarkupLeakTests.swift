import Foundation
import Testing
import FolioModel
@testable import FolioReport

/// Issue #14, item 2: text must print as written. Generated text ("xoshiro256**", "x86_64") goes
/// into Markdown escaped, table cells set `$…$` as mathematics, and alt texts carry no markup.
@Suite struct MarkupLeakTests {
    static let generated = "draws from xoshiro256** (its state expanded) on Debian x86_64 with lib_a and *b*"

    /// Renders the fixture with `prose` appended to the introduction, a caption with HTML scripts
    /// and a table text cell with mathematics; returns the HTML page and the PDF's text.
    func render(prose: String) throws -> (html: String, pdf: String) {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let out = try ReportFixture.temporaryDirectory("leaks")
        defer { try? FileManager.default.removeItem(at: out) }
        var doc = ReportFixture.document(extraProse: prose)
        doc.sections[1].blocks[1] = .figure(ReportFigure(name: "skymap", caption: "Spectrum E<sup>−2.7</sup> with n̂<sub>s</sub> = 0."))
        doc.sections[2].blocks[1] = .table(ReportTable(name: "fluxes", caption: "Fluxes.", columns: [.text("Model"), .value("Flux", unit: .GeVcm2sSr)],
                                                       rows: [[.text("π⁰-like, E$^{-2.7}$"), .result("fit-pi0.flux")]]))
        _ = try renderReport(ReportFixture.inputs(document: doc, figures: figures), formats: [.html, .pdf], to: out)
        return (try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8),
                try Tools.pdftotext(out.appendingPathComponent("report.pdf")))
    }

    @Test func generatedTextPrintsAsWritten() throws {
        let (html, pdf) = try render(prose: "\n" + MarkdownEscaping.escape(Self.generated) + ".")
        let text = MarkdownEscaping.unescape(MarkdownReportTests.visibleText(html))
        #expect(text.contains(Self.generated))
        #expect(pdf.replacingOccurrences(of: "\n", with: " ").contains(Self.generated))
        #expect(!html.contains("xoshiro256*<em>") && !html.contains("x86<em>") && !html.contains("<em>b</em>"))
    }

    /// The control: the same text unescaped is read as Markdown by Ink, which is why generated
    /// text must be escaped (if Ink ever stops doing this, the escape can go).
    @Test func unescapedGeneratedTextWouldLeak() throws {
        let (html, _) = try render(prose: "\n" + Self.generated + ".")
        #expect(!MarkdownReportTests.visibleText(html).contains(Self.generated))
    }

    @Test func tableCellsAndAltTextsCarryNoMarkup() throws {
        let (html, pdf) = try render(prose: "")
        // The text cell's mathematics is set as a superscript, not printed as TeX or HTML.
        #expect(html.contains("<td class=\"text\">π⁰-like, E<math><semantics><mrow><msup><mrow></mrow><mrow><mo form=\"prefix\">−</mo><mn>2.7</mn></mrow></msup></mrow>"
                              + "<annotation encoding=\"application/x-tex\">^{-2.7}</annotation></semantics></math></td>"))
        #expect(pdf.contains("π⁰-like, E−2.7"))
        // The alt text is plain Unicode.
        #expect(html.contains("alt=\"Figure 1: Spectrum E⁻²·⁷ with n̂ₛ = 0.\""), "\(html)")
        for leak in ["<sup>", "</sup>", "<sub>", "$^", "&lt;", "&#"] {
            #expect(!pdf.contains(leak), "PDF text contains '\(leak)'")
        }
        #expect(!html.contains("&lt;sup&gt;") && !html.contains("&lt;sub&gt;"))
    }
}

import Testing
import Ink
@testable import FolioReport

/// Markdown (through Ink) to Pango markup blocks for the PDF.
@Suite struct ProseBlocksTests {
    private func blocks(_ markdown: String) -> [ProseBlock] {
        ProseBlocks.from(html: MarkdownParser().html(from: markdown), monospaceFamily: "Mono", linkColor: "#123456")
    }

    @Test func inlineStylesBecomePangoMarkup() {
        #expect(blocks("Some **bold**, *italic*, `code` and E<sup>2</sup> dN/dE with H<sub>0</sub> & more.") == [
            .paragraph("Some <b>bold</b>, <i>italic</i>, <span font_family=\"Mono\" size=\"88%\">code</span> and "
                       + "E<sup>2</sup> dN/dE with H<sub>0</sub> &amp; more."),
        ])
    }

    @Test func listsNestAndNumber() {
        #expect(blocks("- one\n- two\n  - inner\n\n1. first\n2. second") == [
            .listItem("one", marker: "•", depth: 0),
            .listItem("two", marker: "•", depth: 0),
            .listItem("inner", marker: "–", depth: 1),
            .listItem("first", marker: "1.", depth: 0),
            .listItem("second", marker: "2.", depth: 0),
        ])
    }

    @Test func linksCarryTheirTargetsAndBlocksKeepTheirKind() {
        let result = blocks("See [the data](https://example.org/x).\n\n### Aside\n\n> quoted\n\n```\nlet x = 1 < 2\n```")
        #expect(result == [
            .paragraph("See \u{E020}uri:https://example.org/x\u{E021}<span underline=\"none\" foreground=\"#123456\">the data</span>."),
            .heading("Aside"),
            .quote("quoted"),
            .code("let x = 1 &lt; 2"),
        ])
        let (markup, destinations) = PDFLink.extract(from: "a \u{E020}fig-x\u{E021}<span>b</span>")
        #expect(markup == "a <span>b</span>" && destinations == ["fig-x"])
    }
}

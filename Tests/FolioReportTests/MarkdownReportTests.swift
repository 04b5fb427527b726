import Foundation
import Testing
import FolioModel
@testable import FolioReport

/// The Markdown report format: structure, line numbers, and every error naming file:line:column.
@Suite struct MarkdownReportTests {
    static let figures = [ReportFigure(name: "skymap", caption: "The sky, with {{ results.fit-pi0.flux | nounit }}."),
                          ReportFigure(name: "ts", caption: "Trials.")]
    static let tables = [ReportTable(name: "fluxes", caption: "Fluxes.", columns: [.text("Model"), .value("Flux")],
                                     rows: [[.text("π⁰"), .result("fit-pi0.flux")]])]

    static let source = """
        ---
        title: A Markdown report
        author: A. Physicist | Folio Collaboration | a@example.org
        author: B. Analyst
        ---
        The abstract quotes {{ results.fit-pi0.significance }}
        and @cite:ic23.

        # Introduction {#intro}

        See @sec:data-and-method and @eq:likelihood; the flux is
        {{ results.fit-pi0.flux | digits: 2 }}, and $n_s \\ge 0$ costs \\$5.

        ## Likelihood {#likelihood}

        $$ L(n_s) = \\prod_i \\left[\\frac{n_s}{N} S_i + \\left(1 - \\frac{n_s}{N}\\right) B_i\\right] $$ {#eq:likelihood}

        # Data and method

        @figure:skymap
        Text after the figure, @fig:skymap and @tab:fluxes.

        $$
        \\mathrm{TS} = 2 \\ln \\frac{L(\\hat n_s)}{L(0)}
        $$ {#eq:ts}

        @table:fluxes

        # Trials {#trials .appendix}

        @figure:ts
        @eq:ts again.

        # References {.references}

        [ic23]: IceCube Collaboration, *Science* **380**, 1338 (2023).
            Second line. <https://doi.org/10.1126/science.adc9818>
        [f12]: M. Ackermann et al. (2012).
        """

    static func parse(_ text: String, figures: [ReportFigure] = figures, tables: [ReportTable] = tables) throws -> ReportDocument {
        try MarkdownReport.document(from: text, file: "analyses/X/report.md", figures: figures, tables: tables)
    }

    /// The problems of `text`, one description each.
    static func problems(_ text: String, figures: [ReportFigure] = figures, tables: [ReportTable] = tables) -> [String] {
        MarkdownReport.read(text, file: "analyses/X/report.md", figures: figures, tables: tables).problems
            .map { "\($0.location): \($0.message)" }
    }

    @Test func readsStructure() throws {
        let doc = try Self.parse(Self.source)
        #expect(doc.title == "A Markdown report")
        #expect(doc.authors == [Author("A. Physicist", affiliation: "Folio Collaboration", email: "a@example.org"), Author("B. Analyst")])
        #expect(doc.abstract == "The abstract quotes {{ results.fit-pi0.significance }}\nand @cite:ic23.")
        #expect(doc.abstractAt == SourceLocation(file: "analyses/X/report.md", line: 6))
        #expect(doc.sections.map(\.id) == ["intro", "data-and-method"])
        #expect(doc.sections[0].subsections.map(\.id) == ["likelihood"])
        #expect(doc.sections[0].at?.line == 9)
        #expect(doc.appendix.map(\.id) == ["trials"])
        guard case .equation(let likelihood) = doc.sections[0].subsections[0].blocks.first else {
            Issue.record("no equation"); return
        }
        #expect(likelihood.id == "likelihood")
        #expect(likelihood.tex.hasPrefix("L(n_s) = \\prod_i"))
        #expect(likelihood.at == SourceLocation(file: "analyses/X/report.md", line: 16, column: 1))
        let method = doc.sections[1].blocks
        #expect(method.count == 4)
        guard case .figure(let f) = method[0], case .prose(let text, let at) = method[1], case .equation(let ts) = method[2],
              case .table(let t) = method[3] else { Issue.record("blocks \(method)"); return }
        #expect(f.name == "skymap" && t.name == "fluxes")
        #expect(text == "Text after the figure, @fig:skymap and @tab:fluxes.")
        #expect(at?.line == 21)
        #expect(ts.id == "ts" && ts.tex == "\\mathrm{TS} = 2 \\ln \\frac{L(\\hat n_s)}{L(0)}")
        #expect(doc.references.map(\.key) == ["ic23", "f12"])
        #expect(doc.references[0].text == "IceCube Collaboration, *Science* **380**, 1338 (2023).\n    Second line.")
        #expect(doc.references[0].url == "https://doi.org/10.1126/science.adc9818")
        #expect(doc.references[1].url == nil)
    }

    @Test func placeholdersCarryTheirLineAndColumn() throws {
        let doc = try Self.parse(Self.source)
        let refs = doc.resultReferences.map { "\($0.location) \($0.step).\($0.field)" }
        #expect(refs.contains("analyses/X/report.md:6:21 fit-pi0.significance"))
        #expect(refs.contains("analyses/X/report.md:12:1 fit-pi0.flux"))
        // Captions and tables are declared in Swift: named by what they belong to.
        #expect(refs.contains { $0.hasPrefix("section 'Data and method', figure 'skymap' caption") })
    }

    @Test func equationsAreNumberedAndReferencedInHTMLAndPDF() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let out = try ReportFixture.temporaryDirectory("markdown")
        defer { try? FileManager.default.removeItem(at: out) }
        let doc = try Self.parse(Self.source)
        _ = try renderReport(ReportFixture.inputs(document: doc, figures: figures), formats: [.html, .pdf], to: out)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<a class=\"xref\" href=\"#eq-likelihood\">Eq. (1)</a>"))
        #expect(html.contains("<a class=\"xref\" href=\"#eq-ts\">Eq. (2)</a> again."))
        #expect(html.contains("<div class=\"equation\" id=\"eq-likelihood\">"))
        #expect(html.contains("<span class=\"eqno\">(2)</span>"))
        // Inline maths is MathML (typeset by the browser), its TeX kept as an annotation; `\$` is a dollar sign.
        #expect(html.contains("<math><semantics><mrow><mrow><msub><mi>n</mi><mi>s</mi></msub><mo>≥</mo><mn>0</mn></mrow></mrow>"
                              + "<annotation encoding=\"application/x-tex\">n_s \\ge 0</annotation></semantics></math> costs $5."))
        #expect(html.contains("<math display=\"block\">") && html.contains("<mfrac>") && html.contains("<munder"))
        // The PDF sets the formulas with FolioMath in TeX Gyre Pagella Math: mathematical italic
        // variables, a real fraction (numerator and denominator on their own lines of text), ∏ with limits.
        let pdf = try Tools.pdftotext(out.appendingPathComponent("report.pdf")).replacingOccurrences(of: "\u{00A0}", with: " ")
        #expect(pdf.contains("See Section 2 and Eq. (1); the flux is"))
        #expect(pdf.contains("𝑛𝑠 ≥ 0 costs"))
        #expect(pdf.contains("𝐿(𝑛𝑠) = ∏"))
        #expect(pdf.contains("TS = 2 ln\n𝐿(𝑛"))
        #expect(pdf.contains("Eq. (2) again."))
        for leak in ["\\frac", "\\ln", "$$", "{#eq", "\\mathrm", "_s", "^{"] {
            #expect(!pdf.contains(leak), "PDF text contains '\(leak)'")
            #expect(!Self.visibleText(html).contains(leak), "HTML text contains '\(leak)'")
        }
        // Equation links are live in the PDF: a link annotation per reference.
        let links = try Tools.run("/usr/bin/pdfinfo", ["-dests", out.appendingPathComponent("report.pdf").path]).stdout
        #expect(links.contains("eq-likelihood") && links.contains("eq-ts"))
    }

    /// The text of an HTML page as a reader sees it (tags and attributes dropped).
    /// (A MathML annotation holds the TeX source for copying; browsers do not show it.)
    static func visibleText(_ html: String) -> String {
        var out = ""
        var inTag = false
        let html = html.replacing(/<annotation[^>]*>.*?<\/annotation>/.dotMatchesNewlines(), with: "")
        for c in html {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out
    }

    // MARK: - Errors name file:line:column

    @Test func unknownLabelsNameTheirPosition() {
        let text = """
            ---
            title: T
            ---
            # A {#a}

            See @fig:nope, @tab:nope, @sec:nope,
              @eq:nope and @cite:nope.
            @figure:skymap
            @figure:ts
            @table:fluxes
            """
        #expect(Self.problems(text) == [
            "analyses/X/report.md:6:5: unknown figure label '@fig:nope'",
            "analyses/X/report.md:6:16: unknown table label '@tab:nope'",
            "analyses/X/report.md:6:27: unknown section label '@sec:nope'",
            "analyses/X/report.md:7:3: unknown equation label '@eq:nope'",
            "analyses/X/report.md:7:16: unknown citation label '@cite:nope'",
        ])
    }

    @Test func unclosedPlaceholderAndMathematics() {
        let text = """
            ---
            title: T
            ---
            # A
            The value {{ results.fit-pi0.flux is unclosed,
            and so is $x + y.
            {{ oops }} is no result.
            @figure:skymap
            @figure:ts
            @table:fluxes
            """
        #expect(Self.problems(text) == [
            "analyses/X/report.md:5:11: '{{' is not closed by '}}' on its line",
            "analyses/X/report.md:6:11: '$' opens mathematics that is not closed (write \\$ for a dollar sign)",
            "analyses/X/report.md:7:1: unknown expression '{{ oops }}' (expected 'results.<step>.<field>')",
        ])
    }

    @Test func duplicateIdsAndPlacements() {
        let text = """
            ---
            title: T
            ---
            # A {#a}
            @figure:skymap
            # B {#a}
            @figure:skymap
            @figure:nope
            $$ x $$ {#eq:e}
            $$ y $$ {#eq:e}
            $$ z
            """
        #expect(Self.problems(text) == [
            "analyses/X/report.md:6:1: duplicate id 'a' (first defined at analyses/X/report.md:4:1)",
            "analyses/X/report.md:7:1: figure 'skymap' is placed twice (first at analyses/X/report.md:5:1)",
            "analyses/X/report.md:8:1: unknown figure 'nope' (declared: skymap, ts)",
            "analyses/X/report.md:10:1: duplicate id 'e' (first defined at analyses/X/report.md:9:1)",
            "analyses/X/report.md:11:1: '$$' is not closed by a matching '$$'",
            "analyses/X/report.md: figure 'ts' is declared but never placed (write a line '@figure:ts')",
            "analyses/X/report.md: table 'fluxes' is declared but never placed (write a line '@table:fluxes')",
        ])
    }

    @Test func frontMatterAndHeadingProblems() {
        #expect(Self.problems("# A\n", figures: [], tables: []) == [
            "analyses/X/report.md:1:1: the file must start with front matter: '---', 'title: …', '---'",
        ])
        let text = """
            ---
            title: T
            subtitle: no
            ---
            ### Too deep
            # A {#a .chapter}
            # References {.references}
            not an entry
            """
        #expect(Self.problems(text, figures: [], tables: []) == [
            "analyses/X/report.md:3:1: unknown front-matter key 'subtitle' (known: title, author)",
            "analyses/X/report.md:5:1: heading level 3 has no enclosing level-2 section",
            "analyses/X/report.md:6:1: unknown heading class '.chapter' (known: .appendix, .references)",
            "analyses/X/report.md:8:1: expected a reference '[key]: text <url>'",
        ])
    }

    @Test func resolverErrorsNameTheLineToo() throws {
        // A report read from Markdown quoting a result the build does not have: the render step's
        // problem names the placeholder's line and column.
        let doc = try Self.parse(Self.source.replacingOccurrences(of: "results.fit-pi0.flux | digits: 2", with: "results.fit-pi0.nope"))
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        do {
            _ = try ReportResolver.resolve(ReportFixture.inputs(document: doc, figures: figures))
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.description) == ["error: report: analyses/X/report.md:12:1: unknown result 'fit-pi0.nope'"])
        }
    }
}

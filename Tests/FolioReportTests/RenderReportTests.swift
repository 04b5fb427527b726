import Foundation
import Testing
import FolioModel
@testable import FolioReport

/// End-to-end checks of the written report with real tools: pdftotext/pdfinfo (poppler-utils)
/// for the PDF, headless Chromium for the HTML.
@Suite struct RenderReportTests {
    private func build(_ label: String, results: [String: ResultValue] = ReportFixture.results(),
                       selfContained: Bool = false, figures: URL? = nil) throws -> URL {
        let out = try ReportFixture.temporaryDirectory(label)
        let figureFolder = try figures ?? ReportFixture.figuresDirectory()
        defer { if figures == nil { try? FileManager.default.removeItem(at: figureFolder) } }
        _ = try renderReport(ReportFixture.inputs(results: results, figures: figureFolder),
                             formats: [.html, .pdf], selfContained: selfContained, to: out)
        return out
    }

    /// Text with all white space removed, so line breaks and thin spaces do not matter.
    private func squeezed(_ s: String) -> String {
        String(s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{2009}" && $0 != "\u{00A0}" }
            .map(Character.init))
    }

    private func tables(_ results: [String: ResultValue] = ReportFixture.results()) throws -> [ResolvedTable] {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let report = try ReportResolver.resolve(ReportFixture.inputs(results: results, figures: figures))
        return report.sections.allTables + report.appendix.allTables
    }

    @Test func writesHTMLPDFAndTables() throws {
        let out = try ReportFixture.temporaryDirectory("build")
        defer { try? FileManager.default.removeItem(at: out) }
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let written = try renderReport(ReportFixture.inputs(figures: figures),
                                       formats: [.html, .pdf], to: out)
        let names = Set(written.map { $0.path.replacingOccurrences(of: out.path + "/", with: "") })
        #expect(names == ["report.html", "report.pdf", "assets/report.css", "assets/print.css",
                          "tables/fluxes.csv", "tables/fluxes.json", "tables/trials.csv", "tables/trials.json"])
        // No temporary files are left behind by the atomic writes.
        let all = FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []
        #expect(!all.contains { $0.contains(".tmp-") })
        // Keep the PDF and its pages (60 dpi) to look at.
        let keep = Tools.artefacts.appendingPathComponent("report.pdf")
        try? FileManager.default.removeItem(at: keep)
        try FileManager.default.copyItem(at: out.appendingPathComponent("report.pdf"), to: keep)
        _ = try Tools.run("/usr/bin/pdftoppm", ["-png", "-r", "60", keep.path, Tools.artefacts.appendingPathComponent("page").path])
    }

    @Test func htmlOnlyWritesNoPDF() throws {
        let out = try ReportFixture.temporaryDirectory("html-only")
        defer { try? FileManager.default.removeItem(at: out) }
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let written = try renderReport(ReportFixture.inputs(figures: figures),
                                       formats: [.html], selfContained: true, to: out)
        #expect(written.map(\.lastPathComponent).sorted() == ["fluxes.csv", "fluxes.json", "report.html", "trials.csv", "trials.json"])
    }

    @Test func pdfTextHoldsEveryTableValueAndSectionHeading() throws {
        let out = try build("pdftext")
        defer { try? FileManager.default.removeItem(at: out) }
        let text = try Tools.pdftotext(out.appendingPathComponent("report.pdf"))
        let flat = squeezed(text)
        for table in try tables() {
            for column in table.columns {
                #expect(flat.contains(squeezed(FormattedNumber(runs: column.headerRuns).displayText)), "header \(column.header) not in PDF text")
            }
            for cell in table.rows.joined() {
                #expect(flat.contains(squeezed(cell.formatted.displayText)), "cell \(cell.formatted.displayText) not in PDF text")
            }
        }
        for heading in ["1 Introduction", "2 Data and method", "2.1 Likelihood", "3 Results", "Appendix A Trial correction",
                        "References", "Provenance of the numbers", "Table 1:", "Table 2:", "Figure 1:", "Figure 2:"] {
            #expect(flat.contains(squeezed(heading)), "heading \(heading) not in PDF text")
        }
        // Inline numbers from results, with real minus signs and superscripts flattened.
        #expect(flat.contains("Weuse1134450trackevents")) // SI grouping, unit dropped by `nounit`
        #expect(flat.contains("4.71σpre")) // "pre-trial" may be hyphenated at a line end
        let pages = try Tools.pageCount(out.appendingPathComponent("report.pdf"))
        #expect(pages.map { (2...5).contains($0) } == true, "page count \(pages.map(String.init) ?? "?")")
    }

    @Test func pdfLinksPointAtDefinedDestinations() throws {
        let out = try build("links")
        defer { try? FileManager.default.removeItem(at: out) }
        defer { try? FileManager.default.removeItem(at: out) }
        let pdf = String(decoding: try Data(contentsOf: out.appendingPathComponent("report.pdf")), as: UTF8.self)
        let links = pdf.matches(of: /\/Subtype \/Link[\s\S]{0,300}?\/Dest \(([^)]*)\)/).map { String($0.1) }
        let destinations = Set(pdf.matches(of: /\(([\w-]+)\) \[\d+ 0 R \/XYZ/).map { String($0.1) })
        // 15 numbers with provenance (data.events has no step), 7 cross-references, 3 citations.
        #expect(links.count == 25)
        #expect(links.filter { $0 == "prov-fit-pi0" }.count == 10)
        #expect(Set(links).isSubset(of: destinations), "undefined: \(Set(links).subtracting(destinations))")
        #expect(destinations.isSuperset(of: ["sec-intro", "sec-likelihood", "sec-trials", "fig-skymap", "fig-ts",
                                             "tab-fluxes", "tab-trials", "ref-icecube2023", "prov-trials"]))
        #expect(pdf.contains("/Outlines"))
        // External links: the Markdown link in the prose and the reference's DOI.
        let uris = pdf.matches(of: /\/URI \(([^)]*)\)/).map { String($0.1) }
        #expect(Set(uris) == ["https://icecube.wisc.edu/data-releases/", "https://doi.org/10.1126/science.adc9818"])
    }

    @Test func aTableTallerThanAPageContinuesWithItsHeader() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        var results = ReportFixture.results()
        var rows: [[TableCell]] = []
        for i in 0..<90 {
            var r = ResultValue(Double(i + 1) * 1.37e-12, unit: .TeVcm2s, minus: 0.31e-12, plus: 0.42e-12, kind: .flux)
            r.step = "fit-pi0"
            results["catalog.flux-\(i)"] = r
            rows.append([.text("Source \(i + 1)"), .result("catalog.flux-\(i)")])
        }
        var doc = ReportFixture.document()
        doc.appendix.append(ReportSection(id: "catalog", title: "Source catalogue", blocks: [
            .prose("All sources are in @tab:catalog."),
            .table(ReportTable(name: "catalog", caption: "Fluxes of the catalogue sources.",
                               columns: [.text("Source"), .value("E²Φ", unit: .TeVcm2s)], rows: rows)),
        ]))
        let out = try ReportFixture.temporaryDirectory("long-table")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try renderReport(ReportInputs(document: doc, results: results, provenance: ReportFixture.provenance,
                                          figuresDirectory: figures, analysisName: "long",
                                          buildInfo: BuildInfo(folioVersion: "test", toolchain: "test")),
                             formats: [.pdf], to: out)
        let pdf = out.appendingPathComponent("report.pdf")
        let flat = squeezed(try Tools.pdftotext(pdf))
        #expect(flat.contains("Table3:Fluxesofthecataloguesources."))
        let continued = flat.components(separatedBy: "Table3(continued).").count - 1
        #expect(continued >= 1)
        // The header is repeated on every part.
        #expect(flat.components(separatedBy: "E²Φ[10−12TeVcm−2s−1]").count - 1 == continued + 1)
        for i in [0, 44, 89] {
            let text = ResultFormatter.format(Quantity(results["catalog.flux-\(i)"]!), style: NumberStyle(commonExponent: -12),
                                              includeUnit: false).displayText
            #expect(flat.contains("Source\(i + 1)" + squeezed(text)), "row \(i + 1)")
        }
        #expect(try Tools.pageCount(pdf).map { $0 >= 5 } == true)
        try? FileManager.default.removeItem(at: Tools.artefacts.appendingPathComponent("long-table.pdf"))
        try FileManager.default.copyItem(at: pdf, to: Tools.artefacts.appendingPathComponent("long-table.pdf"))
    }

    /// The report's PDF with `table` in an appendix section: the page width and every word whose text
    /// `wanted` accepts, with where it ends (pt, from `pdftotext -bbox`).
    func wordsOfAppendixTable(_ table: ReportTable, wanted: (String) -> Bool) throws -> (pageWidth: Double, words: [(text: String, xMax: Double)]) {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        var doc = ReportFixture.document()
        doc.appendix.append(ReportSection(id: table.name, title: "Table", blocks: [.table(table)]))
        let out = try ReportFixture.temporaryDirectory(table.name)
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try renderReport(ReportInputs(document: doc, results: ReportFixture.results(), provenance: ReportFixture.provenance,
                                          figuresDirectory: figures, analysisName: table.name,
                                          buildInfo: BuildInfo(folioVersion: "test", toolchain: "test")),
                             formats: [.pdf], to: out)
        let bbox = try Tools.run("/usr/bin/pdftotext", ["-bbox", out.appendingPathComponent("report.pdf").path, "-"]).stdout
        let pageWidth = try #require(bbox.firstMatch(of: /<page width="([0-9.]+)"/).flatMap { Double($0.1) })
        let words = bbox.matches(of: /<word xMin="[0-9.]+" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)<\/word>/)
            .filter { wanted(String($0.2)) }.map { (text: String($0.2), xMax: Double($0.1)!) }
        return (pageWidth, words)
    }

    /// A table too wide even in the smallest type wraps its widest text column instead of running
    /// off the page: every word stays inside the page and none is lost.
    @Test func aTooWideTableWrapsItsLongestTextColumn() throws {
        let words = (1...60).map { "parameter\($0)" }
        let table = ReportTable(name: "wide", caption: "A long text cell.", columns: [.text("Step"), .text("Parameters")],
                                rows: [[.text("fit"), .text(words.joined(separator: " "))]])
        let page = try wordsOfAppendixTable(table) { $0.wholeMatch(of: /parameter[0-9]+/) != nil }
        for word in page.words {
            #expect(word.xMax < page.pageWidth - 40, "\(word.text) ends at \(word.xMax) on a page \(page.pageWidth) wide")
        }
        #expect(Set(page.words.map(\.text)) == Set(words))
    }

    /// A table of many number columns whose headers are longer than their numbers (the flagship's
    /// template fits) wraps its headers rather than running off the page: every header word and
    /// every number stays inside the page, in the table's normal type size.
    @Test func aTableWithLongHeadersWrapsThemInsideThePage() throws {
        let headers = (1...9).map { "Header\($0) with several longish words" }
        let table = ReportTable(name: "long-headers", caption: "Nine columns with long headers.",
                                columns: [.text("Template")] + headers.dropFirst().map { .text($0) },
                                rows: [["pi0"] + (2...9).map { "\($0).5" }].map { $0.map { .text($0) } })
        let page = try wordsOfAppendixTable(table) { $0.wholeMatch(of: /Header[0-9]|[2-9]\.5/) != nil }
        for word in page.words {
            #expect(word.xMax < page.pageWidth - 40, "\(word.text) ends at \(word.xMax) on a page \(page.pageWidth) wide")
        }
        #expect(Set(page.words.map(\.text)) == Set((2...9).flatMap { ["Header\($0)", "\($0).5"] }))
    }

    @Test func pdfFiguresAreVectorsNotImages() throws {
        let out = try build("vector")
        defer { try? FileManager.default.removeItem(at: out) }
        let pdf = out.appendingPathComponent("report.pdf")
        // The fixture SVGs hold only paths and text: drawn by librsvg they leave no raster image.
        let images = try Tools.run("/usr/bin/pdfimages", ["-list", pdf.path]).stdout
        #expect(images.split(separator: "\n").count == 2, "images: \(images)") // the two header lines only
        // (Cairo's SVG surface writes text as glyph outlines, so figure labels are paths, not text.)
    }

    @Test func pdfEmbedsItsFonts() throws {
        let out = try build("fonts")
        defer { try? FileManager.default.removeItem(at: out) }
        let fonts = try Tools.run("/usr/bin/pdffonts", [out.appendingPathComponent("report.pdf").path]).stdout
        let rows = fonts.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        #expect(rows.contains { $0.contains("TeXGyrePagella-Regular") })
        for row in rows {
            // Columns: name type encoding emb sub uni: every font embedded.
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count >= 6 && fields[fields.count - 5] == "yes", "not embedded: \(row)")
        }
    }

    @Test func twoBuildsGiveIdenticalBytes() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let a = try build("det-a", figures: figures), b = try build("det-b", figures: figures)
        defer { try? FileManager.default.removeItem(at: a) }
        defer { for dir in [a, b] { try? FileManager.default.removeItem(at: dir) } }
        for file in ["report.pdf", "report.html", "tables/fluxes.csv", "tables/fluxes.json"] {
            let x = try Data(contentsOf: a.appendingPathComponent(file)), y = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(x == y, "\(file) differs between builds")
        }
    }

    @Test func changingAResultChangesHTMLPDFAndCSVTogether() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let before = try build("change-a", figures: figures)
        defer { try? FileManager.default.removeItem(at: before) }
        let after = try build("change-b", results: ReportFixture.results(fluxValue: 3.47e-11), figures: figures)
        defer { try? FileManager.default.removeItem(at: after) }
        let oldCell = "2.2+0.5−0.4×10−11", newCell = "3.5+0.5−0.4×10−11"
        let oldCSV = "π⁰,2.2 +0.5/-0.4,", newCSV = "π⁰,3.5 +0.5/-0.4,"
        let oldHTML = "2.2<span class=\"interval\"><sup>+0.5</sup><sub>−0.4</sub></span>"
        let newHTML = "3.5<span class=\"interval\"><sup>+0.5</sup><sub>−0.4</sub></span>"

        let pdfA = squeezed(try Tools.pdftotext(before.appendingPathComponent("report.pdf")))
        let pdfB = squeezed(try Tools.pdftotext(after.appendingPathComponent("report.pdf")))
        #expect(pdfA.contains(oldCell) && !pdfA.contains(newCell))
        #expect(pdfB.contains(newCell) && !pdfB.contains(oldCell))

        let htmlA = try String(contentsOf: before.appendingPathComponent("report.html"), encoding: .utf8)
        let htmlB = try String(contentsOf: after.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(htmlA.contains(oldHTML) && !htmlA.contains(newHTML))
        #expect(htmlB.contains(newHTML) && !htmlB.contains(oldHTML))
        // Abstract, caption and table all follow: three places in each page; the table's number is
        // split at its decimal point for alignment.
        #expect(htmlB.components(separatedBy: newHTML).count - 1 == 2)
        #expect(htmlB.contains("<span class=\"int\">3</span>.5<span class=\"interval\"><sup>+0.5</sup><sub>−0.4</sub></span>"))

        let csvA = try String(contentsOf: before.appendingPathComponent("tables/fluxes.csv"), encoding: .utf8)
        let csvB = try String(contentsOf: after.appendingPathComponent("tables/fluxes.csv"), encoding: .utf8)
        #expect(csvA.contains(oldCSV) && !csvA.contains(newCSV))
        #expect(csvB.contains(newCSV) && !csvB.contains(oldCSV))
        let json = try String(contentsOf: after.appendingPathComponent("tables/fluxes.json"), encoding: .utf8)
        #expect(json.contains("\"value\" : 3.47e-11"))
    }

    @Test func tablesAreWrittenAsCSVAndJSON() throws {
        let out = try build("tables")
        defer { try? FileManager.default.removeItem(at: out) }
        let csv = try String(contentsOf: out.appendingPathComponent("tables/trials.csv"), encoding: .utf8)
        #expect(csv == "Quantity,p-value,Significance [sigma]\r\npre-trial (π⁰),1.2 x 10^-6,4.7\r\npost-trial,2.6 x 10^-5,4.0\r\n")
        let fluxes = try String(contentsOf: out.appendingPathComponent("tables/fluxes.csv"), encoding: .utf8)
        // The flux columns share 10^-11, stated once in their headers.
        #expect(fluxes == "Model,E²Φ₁₀₀ [10^-11 GeV cm^-2 s^-1 sr^-1],Significance [sigma],Published [10^-11 GeV cm^-2 s^-1 sr^-1]\r\n"
            + "π⁰,2.2 +0.5/-0.4,4.7,2.2 +0.6/-0.5 [1]\r\n"
            + "KRA-γ (5 PeV),< 1.4 (90% CL),4.4,—\r\n")
        let data = try Data(contentsOf: out.appendingPathComponent("tables/fluxes.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let rows = json?["rows"] as? [[[String: Any]]]
        #expect(rows?[0][1]["result"] as? String == "fit-pi0.flux")
        #expect(rows?[0][1]["step"] as? String == "fit-pi0")
        #expect(rows?[0][3]["citation"] as? String == "icecube2023")
        #expect(rows?[1][1]["upperLimit"] as? Double == 1.37e-11)
    }

    @Test func everyNumberInTheHTMLLinksToItsProvenance() throws {
        let out = try build("provenance")
        defer { try? FileManager.default.removeItem(at: out) }
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        // 2 in the abstract, 2 in method prose, 1 caption, 3 in results prose, 4 + 4 table cells.
        #expect(html.components(separatedBy: "<a class=\"num\"").count - 1 == 16)
        #expect(html.contains("href=\"#prov-fit-pi0\" data-result=\"fit-pi0.flux\" title=\"results.fit-pi0.flux · step fit-pi0 (template-fit) · key a1a1a1a1a1a1… · inputs: events e7e7e7e7e7e7…\""))
        #expect(html.contains("<dt id=\"prov-trials\">"))
        #expect(html.contains("<a class=\"xref\" href=\"#fig-skymap\">Figure 1</a>"))
        #expect(html.contains("<a class=\"xref\" href=\"#sec-trials\">Appendix A</a>"))
        #expect(html.contains("<a class=\"cite\" href=\"#ref-icecube2023\">[1]</a>"))
        // Every in-page link has its target.
        let hrefs = Set(html.matches(of: /href="#([^"]+)"/).map { String($0.1) })
        for target in hrefs { #expect(html.contains("id=\"\(target)\""), "no target for #\(target)") }
    }

    @Test func selfContainedPageInlinesStylesAndFigures() throws {
        let out = try build("single", selfContained: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("assets").path))
        #expect(!html.contains("<link rel=\"stylesheet\""))
        #expect(html.contains("<style media=\"print\">"))
        #expect(html.components(separatedBy: "srcset=\"data:image/svg+xml;base64,").count - 1 == 2)
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 2)
        #expect(html.matches(of: /(?:src|srcset|href)="(?!data:|#|https?:)/).isEmpty)
    }
}

/// The supplementary provenance file: the long tables and the per-number provenance move out of
/// the report into provenance.html/.pdf, and the report's numbers link into it.
@Suite struct SupplementTests {
    @Test func provenanceMovesToTheSupplementAndNumbersLinkThere() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let out = try ReportFixture.temporaryDirectory("supplement")
        defer { try? FileManager.default.removeItem(at: out) }
        let supplement = ReportDocument(title: "Supplementary provenance", sections: [
            ReportSection(id: "steps", title: "Steps", blocks: [.table(ReportTable(name: "steps", caption: "Steps.",
                columns: [.text("Step"), .text("Kind")], rows: [[.text("fit-pi0"), .text("template-fit")]]))]),
        ])
        let written = try renderReport(ReportFixture.inputs(figures: figures), formats: [.html, .pdf], supplement: supplement, to: out)
        let names = Set(written.map(\.lastPathComponent))
        #expect(names.isSuperset(of: ["report.html", "report.pdf", "provenance.html", "provenance.pdf", "steps.csv"]))
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let provenance = try String(contentsOf: out.appendingPathComponent("provenance.html"), encoding: .utf8)
        #expect(!report.contains("Provenance of the numbers") && provenance.contains("Provenance of the numbers"))
        #expect(report.contains("href=\"provenance.html#prov-fit-pi0\""))
        #expect(provenance.contains("<dt id=\"prov-fit-pi0\">"))
        // The PDF's number links open the supplement at the step's named destination.
        let pdfText = try String(decoding: Data(contentsOf: out.appendingPathComponent("report.pdf")), as: UTF8.self)
        #expect(pdfText.contains("provenance.pdf#nameddest=prov-fit-pi0"))
        let dests = try Tools.run("/usr/bin/pdfinfo", ["-dests", out.appendingPathComponent("provenance.pdf").path]).stdout
        #expect(dests.contains("prov-fit-pi0"))
        let mainText = try Tools.pdftotext(out.appendingPathComponent("report.pdf"))
        #expect(!mainText.contains("Provenance of the numbers"))
    }
}

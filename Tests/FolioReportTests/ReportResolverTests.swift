import Foundation
import Testing
import FolioModel
@testable import FolioReport

@Suite struct ReportResolverTests {
    private func resolve(_ document: ReportDocument, results: [String: ResultValue] = ReportFixture.results(),
                         figures: URL) throws -> ResolvedReport {
        try ReportResolver.resolve(ReportFixture.inputs(results: results, document: document, figures: figures))
    }

    private func crossReferences(_ text: RichText) -> [String] {
        text.tokens.compactMap { if case .crossReference(let t, _) = $0 { t } else { nil } }
    }

    @Test func numbersFiguresTablesAndSectionsInReadingOrder() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let report = try resolve(ReportFixture.document(), figures: figures)
        #expect(report.sections.map(\.number) == ["1", "2", "3"])
        #expect(report.sections[1].subsections.map(\.number) == ["2.1"])
        #expect(report.appendix.map(\.number) == ["A"])
        guard case .prose(let intro) = report.sections[0].blocks[0],
              case .prose(let likelihood) = report.sections[1].subsections[0].blocks[0],
              case .prose(let appendix) = report.appendix[0].blocks[0] else {
            Issue.record("unexpected block layout")
            return
        }
        #expect(crossReferences(intro) == ["Section 2", "Appendix A"])
        #expect(crossReferences(likelihood) == ["Table 1", "Figure 2"])
        #expect(crossReferences(appendix) == ["Table 2"])
        let citations = intro.tokens.compactMap { if case .citation(let n, _) = $0 { n } else { nil } }
        #expect(citations == [2, 1])
    }

    @Test func inlineNumbersComeFromResultsWithTheirStyle() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let report = try resolve(ReportFixture.document(), figures: figures)
        guard case .prose(let results) = report.sections[2].blocks[0] else { Issue.record("no prose"); return }
        let numbers = results.tokens.compactMap { token -> String? in
            if case .number(_, _, let f) = token { f.plainText } else { nil }
        }
        #expect(numbers == ["4.71 sigma", "1.2 x 10^-6", "4.0 sigma"]) // decimals: 2 on the first
        #expect(!results.markdown.contains("{{"))
    }

    @Test func danglingFigureReferenceIsAnErrorNamingIt() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        var doc = ReportFixture.document()
        doc.sections[0].blocks.append(.prose("As @fig:x shows, nothing."))
        do {
            _ = try resolve(doc, figures: figures)
            Issue.record("expected an error")
        } catch let error as ReportError {
            #expect(error.problems == [ReportProblem(location: "section 'intro', block 2 (prose)",
                                                     message: "dangling reference '@fig:x'")])
            #expect(error.description == "error: report: section 'intro', block 2 (prose): dangling reference '@fig:x'")
        }
    }

    @Test func collectsEveryProblemOnePerLine() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        var doc = ReportFixture.document()
        doc.sections[0].blocks.append(.prose("{{ results.fit.nope }} and {{ results.fit-pi0.ns | digits: x }} @tab:none @cite:nobody {{ foo }}"))
        doc.sections[0].blocks.append(.figure(ReportFigure(name: "absent", caption: "Missing.")))
        doc.sections[0].blocks.append(.table(ReportTable(name: "bad", caption: "Bad.",
            columns: [.text("a"), .value("flux", unit: .TeVcm2s)],
            rows: [[.text("x"), .result("fit-pi0.flux")], [.text("only one cell")]])))
        doc.sections.append(ReportSection(id: "intro", title: "Again"))
        do {
            _ = try resolve(doc, figures: figures)
            Issue.record("expected an error")
        } catch let error as ReportError {
            let messages = error.problems.map(\.message)
            #expect(messages.contains("unknown result 'fit.nope'"))
            #expect(messages.contains("unknown number format option 'digits: x' for 'fit-pi0.ns'"))
            #expect(messages.contains("dangling reference '@tab:none'"))
            #expect(messages.contains("dangling reference '@cite:nobody'"))
            #expect(messages.contains("unknown expression '{{ foo }}' (expected 'results.<step>.<field>')"))
            #expect(messages.contains("missing figure file \(figures.appendingPathComponent("absent.svg").path)"))
            #expect(messages.contains("result 'fit-pi0.flux' is in 'GeV cm^-2 s^-1 sr^-1' but the column is in 'TeV cm^-2 s^-1'"))
            #expect(messages.contains("has 1 cells but the table has 2 columns"))
            #expect(messages.contains("duplicate label '@sec:intro'"))
            #expect(error.problems.count == 10) // the two above plus absent.png
            #expect(error.description.split(separator: "\n").count == error.problems.count)
        }
    }

    @Test func rejectsUnsafeNamesAndNonFiniteNumbers() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        var doc = ReportFixture.document()
        doc.sections[0].id = "intro duction"
        doc.sections[0].blocks = [.prose("{{ results.fit-pi0.ns }}")]
        var results = ReportFixture.results()
        results["fit-pi0.ns"]?.plus = .nan
        do {
            _ = try resolve(doc, results: results, figures: figures)
            Issue.record("expected an error")
        } catch let error as ReportError {
            #expect(error.problems.map(\.description) == [
                "error: report: section 'intro duction': name 'intro duction' may hold only ASCII letters, digits, '-' and '_'",
                "error: report: section 'intro duction', block 1 (prose): result 'fit-pi0.ns' has a non-finite plus (nan)",
                "error: report: section 'method', block 1 (prose): result 'fit-pi0.ns' has a non-finite plus (nan)",
            ])
        }
    }

    @Test func nothingIsWrittenWhenTheDocumentHasProblems() throws {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        var doc = ReportFixture.document()
        doc.abstract += " See @fig:x."
        let out = try ReportFixture.temporaryDirectory("failed")
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(throws: ReportError.self) {
            try renderReport(ReportFixture.inputs(document: doc, figures: figures), to: out)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func documentRoundTripsThroughJSON() throws {
        let doc = ReportFixture.document()
        let data = try JSONEncoder().encode(doc)
        #expect(try JSONDecoder().decode(ReportDocument.self, from: data) == doc)
    }
}

/// What a production editor asks of a table: a unit or a confidence level shared by a whole column
/// is stated once, in its header; a number typed as text gets a true minus sign.
@Suite struct TableTypographyTests {
    func resolvedTable(_ table: ReportTable, results: [String: ResultValue]) throws -> ResolvedTable {
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let document = ReportDocument(title: "T", sections: [ReportSection(id: "s", title: "S", blocks: [.table(table)])])
        let report = try ReportResolver.resolve(ReportFixture.inputs(results: results, document: document, figures: figures))
        guard case .table(let t) = report.sections[0].blocks[0] else { throw CancellationError() }
        return t
    }

    @Test func sharedUnitAndConfidenceLevelMoveToTheHeader() throws {
        let results: [String: ResultValue] = [
            "a.area": ResultValue(1.1, unit: .steradian, kind: .quantity), "b.area": ResultValue(0.777, unit: .steradian, kind: .quantity),
            "a.limit": .upperLimit(2.2e-18, unit: .GeVcm2sSr, confidenceLevel: 0.9), "b.limit": .upperLimit(2.6e-18, unit: .GeVcm2sSr, confidenceLevel: 0.9),
        ]
        let t = try resolvedTable(ReportTable(name: "regions", caption: "Regions.",
                                              columns: [.text("Region"), .value("Solid angle"), .value("Flux")],
                                              rows: [[.text("band"), .result("a.area"), .result("a.limit")],
                                                     [.text("inner"), .result("b.area"), .result("b.limit")]]), results: results)
        #expect(t.columns[1].unit == .steradian)
        #expect(PlainText.cellText(t.rows[0][1].formatted.runs) == "1.10")
        #expect(t.columns[2].header == "Flux (90% CL)")
        #expect(t.rows.allSatisfy { !PlainText.cellText($0[2].formatted.runs).contains("CL") })
    }

    @Test func mixedUnitsStayInTheCellsAndTypedNumbersGetAMinus() throws {
        let results: [String: ResultValue] = ["a.n": ResultValue(64, unit: .events, kind: .quantity),
                                              "a.s": ResultValue(3.3, unit: .sigma, kind: .significance)]
        let t = try resolvedTable(ReportTable(name: "mixed", caption: "Mixed.", columns: [.text("Dec"), .value("Value")],
                                              rows: [[.text("-29.01"), .result("a.n")], [.text("22.01"), .result("a.s")]]), results: results)
        #expect(t.columns[1].unit == nil)
        #expect(PlainText.cellText(t.rows[0][1].formatted.runs).contains("events"))
        #expect(PlainText.cellText(t.rows[0][0].formatted.runs) == "−29.01")
        let split = try #require(t.rows[0][0].formatted.splitAtDecimal())
        #expect(PlainText.cellText(split.integer.runs) == "−29" && PlainText.cellText(split.rest.runs) == ".01")
    }
}

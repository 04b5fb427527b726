import Foundation
import FolioMath
import FolioModel
import Ink

/// Renders a ``ResolvedReport`` to one HTML page through the Mustache templates.
///
/// Prose goes through Ink; the tokens it leaves in place become links: numbers link to the
/// provenance appendix (with a tooltip naming step, cache key and inputs), cross-references to
/// their figure, table or section.
struct HTMLRenderer {
    let report: ResolvedReport
    let inputs: ReportInputs
    let templates: TemplateSet
    /// Inline CSS and images (data URIs) so the page is one file.
    let selfContained: Bool
    /// Where report.html is written; figure paths are made relative to it.
    let outputDirectory: URL

    static let cssPath = "assets/report.css"
    static let printCSSPath = "assets/print.css"

    func render() throws -> String {
        var authors: [[String: Any]] = []
        var affiliations: [String] = []
        for (i, author) in report.authors.enumerated() {
            // Optional values are left out of the context: Mustache would print "nil".
            var entry: [String: Any] = ["name": author.name, "last": i == report.authors.count - 1]
            if let aff = author.affiliation {
                if !affiliations.contains(aff) { affiliations.append(aff) }
                entry["mark"] = String(affiliations.firstIndex(of: aff)! + 1)
            }
            authors.append(entry)
        }
        let stepResults = Dictionary(grouping: inputs.results.filter { $0.value.step != nil }, by: { $0.value.step! })
        var context: [String: Any] = [
            "title": report.title,
            "hasAuthors": !authors.isEmpty,
            "authors": authors,
            "affiliations": affiliations.enumerated().map { ["mark": String($0 + 1), "name": $1] },
            "sections": try report.sections.map(section),
            "hasAppendix": !report.appendix.isEmpty,
            "appendix": try report.appendix.map(section),
            "hasReferences": !report.references.isEmpty,
            "references": report.references.map { ref -> [String: Any] in
                var entry: [String: Any] = ["anchor": ref.anchor, "number": ref.number, "html": inline(ref.text)]
                if let url = ref.url { entry["url"] = url }
                return entry
            },
            "hasProvenance": !report.provenance.isEmpty && report.provenanceSupplement == nil,
            "provenance": report.provenance.map { p -> [String: Any] in
                let keys = (stepResults[p.step] ?? []).map(\.key).sorted()
                return ["anchor": "prov-\(p.step)", "step": p.step, "kind": p.kind, "cacheKey": p.cacheKey,
                        "hasInputs": !p.inputs.isEmpty,
                        "inputs": p.inputs.sorted { $0.name < $1.name }.map { ["name": $0.name, "sha256": $0.sha256] },
                        "hasResults": !keys.isEmpty, "results": keys]
            },
            "build": ["folioVersion": inputs.buildInfo.folioVersion, "toolchain": inputs.buildInfo.toolchain],
            "analysisName": inputs.analysisName,
            "inlineCSS": selfContained,
            "cssPath": Self.cssPath,
            "printCSSPath": Self.printCSSPath,
        ]
        if selfContained {
            context["screenCSS"] = templates.screenCSS
            context["printCSS"] = templates.printCSS
        }
        if let abstract = report.abstract { context["abstract"] = block(abstract) }
        return try templates.render(context)
    }

    // MARK: - Blocks

    private func section(_ s: ResolvedSection) throws -> [String: Any] {
        var blocks: [[String: Any]] = []
        for b in s.blocks {
            switch b {
            case .prose(let text): blocks.append(["prose": block(text)])
            case .figure(let f): blocks.append(["figure": try figure(f)])
            case .table(let t): blocks.append(["table": table(t)])
            case .equation(let e): blocks.append(["equation": equation(e)])
            }
        }
        return ["anchor": s.anchor, "number": s.headingNumber, "title": s.title, "level": s.level,
                "hLevel": min(s.level + 1, 6), "blocks": blocks, "subsections": try s.subsections.map(section)]
    }

    private func figure(_ f: ResolvedFigure) throws -> [String: Any] {
        let svg: String, png: String
        if selfContained {
            svg = "data:image/svg+xml;base64," + (try Self.readData(f.svg)).base64EncodedString()
            png = "data:image/png;base64," + (try Self.readData(f.png)).base64EncodedString()
        } else {
            svg = RelativePath.from(outputDirectory, to: f.svg)
            png = RelativePath.from(outputDirectory, to: f.png)
        }
        return ["anchor": f.anchor, "number": f.number, "caption": inline(f.caption),
                "alt": PlainText.of(f.caption), "svgSource": svg, "pngSource": png,
                "widthPercent": PDGRounding.string(f.width * 100, decimals: 0)]
    }

    /// A displayed equation as MathML, with its number at the right.
    private func equation(_ e: ResolvedEquation) -> String {
        let id = e.anchor.map { " id=\"\(HTMLEscaping.escape($0))\"" } ?? ""
        let number = e.number.map { "<span class=\"eqno\">(\($0))</span>" } ?? ""
        return "<div class=\"equation\"\(id)>" + Self.math(e.tex, display: true) + "\(number)</div>"
    }

    /// MathML, which the browser typesets (the TeX source rides along as an annotation). The
    /// Markdown reader rejects a formula FolioMath cannot parse; one from elsewhere shows as its source.
    static func math(_ tex: String, display: Bool) -> String {
        guard let node = try? TeXParser.parse(tex) else {
            return "<code class=\"math\">\(HTMLEscaping.escape(tex))</code>"
        }
        return MathML.markup(node, tex: tex, display: display)
    }

    private func table(_ t: ResolvedTable) -> [String: Any] {
        let columns = t.columns.map { c -> [String: Any] in
            let unit = c.unitRuns.map { "<br><span class=\"unit\">\(FormattedNumber(runs: $0).html)</span>" } ?? ""
            return ["header": HTMLEscaping.escape(c.header) + unit, "role": c.role.rawValue]
        }
        // Numbers align on their decimal points: the integer part of each sits right-aligned in a
        // box as wide as the column's widest integer part (tabular figures make "ch" exact).
        let integerWidths = t.columns.indices.map { c -> Int? in
            let cells = t.rows.compactMap { c < $0.count ? $0[c] : nil }
            let numeric = t.columns[c].role != .text || cells.allSatisfy { TextCell.isNumber(PlainText.cellText($0.formatted.runs)) }
            guard numeric else { return nil }
            return cells.compactMap { $0.formatted.splitAtDecimal()?.integer }.map { PlainText.cellText($0.runs).count }.max()
        }
        let rows = t.rows.map { row -> [String: Any] in
            ["cells": row.enumerated().map { i, cell -> [String: Any] in
                var entry: [String: Any] = ["html": cellHTML(cell, alignedOnDecimal: integerWidths[i] != nil), "role": t.columns[i].role.rawValue]
                if let width = integerWidths[i] { entry["style"] = "--int: \(width)ch"; entry["role"] = "\(t.columns[i].role.rawValue) decimal" }
                return entry
            }]
        }
        return ["anchor": t.anchor, "number": t.number, "caption": inline(t.caption), "columns": columns, "rows": rows]
    }

    private func cellHTML(_ cell: ResolvedCell, alignedOnDecimal: Bool = false) -> String {
        let split = alignedOnDecimal ? cell.formatted.splitAtDecimal() : nil
        if cell.isText {
            guard let split else { return Self.textCell(PlainText.cellText(cell.formatted.runs)) }
            return "<span class=\"int\">\(split.integer.html)</span>\(split.rest.html)"
        }
        var html = split.map { "<span class=\"int\">\($0.integer.html)</span>\($0.rest.html)" } ?? cell.formatted.html
        if let key = cell.resultKey, let result = cell.result { html = numberLink(key: key, result: result, html: html) }
        if let citation = cell.citation {
            html += " <a class=\"cite\" href=\"#ref-\(HTMLEscaping.escape(citation.key))\">[\(citation.number)]</a>"
        }
        return html
    }

    // MARK: - Prose

    /// Markdown paragraphs as HTML.
    private func block(_ text: RichText) -> String {
        text.substitute(in: MarkdownParser().html(from: text.markdown), tokenHTML)
    }

    /// Markdown for captions and references: paragraphs unwrapped so they flow after a label.
    private func inline(_ text: RichText) -> String {
        var html = block(text)
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") && html.components(separatedBy: "<p>").count == 2 {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return html
    }

    /// A text cell: inline Markdown with `$…$` mathematics (`E$^{-2.7}$`).
    private static func textCell(_ markdown: String) -> String {
        let rich = TextCell.rich(markdown)
        var html = MarkdownParser().html(from: rich.markdown)
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
        return rich.substitute(in: html) { token in
            switch token {
            case .math(let tex): return Self.math(tex, display: false)
            case .literal(let t): return HTMLEscaping.escape(t)
            default: return ""
            }
        }
    }

    private func tokenHTML(_ token: InlineToken) -> String {
        switch token {
        case .number(let key, let result, let formatted):
            return numberLink(key: key, result: result, html: formatted.html)
        case .crossReference(let text, let anchor):
            return "<a class=\"xref\" href=\"#\(HTMLEscaping.escape(anchor))\">\(HTMLEscaping.escape(text))</a>"
        case .citation(let number, let anchor):
            return "<a class=\"cite\" href=\"#\(HTMLEscaping.escape(anchor))\">[\(number)]</a>"
        case .math(let tex):
            return Self.math(tex, display: false)
        case .literal(let text):
            return HTMLEscaping.escape(text)
        }
    }

    /// A number wrapped in a link to its step's provenance entry, with a tooltip.
    private func numberLink(key: String, result: ResultValue, html: String) -> String {
        let tooltip = ProvenanceText.tooltip(key: key, result: result, provenance: inputs.provenance)
        let file = report.provenanceSupplement?.html ?? ""
        let href = file + (result.step.map { inputs.provenance[$0] != nil ? "#prov-\($0)" : "#provenance" } ?? "#provenance")
        return "<a class=\"num\" href=\"\(HTMLEscaping.escape(href))\" data-result=\"\(HTMLEscaping.escape(key))\" "
            + "title=\"\(HTMLEscaping.escape(tooltip))\">\(html)</a>"
    }

    private static func readData(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw ReportOutputError(path: url.path, message: "cannot read figure: \(error.localizedDescription)")
        }
    }
}

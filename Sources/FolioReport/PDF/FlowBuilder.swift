import Foundation
import FolioModel
import CCairo
import CPangoCairo
import Ink

/// Turns the resolved report into the flow of text boxes and floats that ``PageComposer`` pages.
struct FlowBuilder {
    let report: ResolvedReport
    let inputs: ReportInputs
    let style: PDFStyle
    let context: OpaquePointer

    private var provenanceSteps: Set<String> { Set(report.provenance.map(\.step)) }

    func items() throws -> [FlowItem] {
        var items = try titleBlock()
        for section in report.sections { items += try sectionItems(section) }
        items.append(.flushFloats)
        if !report.references.isEmpty { items += try referenceItems() }
        if !report.appendix.isEmpty {
            for section in report.appendix { items += try sectionItems(section) }
        }
        items.append(.flushFloats)
        if !report.provenance.isEmpty && report.provenanceSupplement == nil { items += try provenanceItems() }
        items.append(.space(18))
        items.append(text(try box("Built by Folio \(esc(inputs.buildInfo.folioVersion)) (\(esc(inputs.buildInfo.toolchain))) "
                                  + "from analysis \(mono(inputs.analysisName)).",
                                  size: 8, alignment: PANGO_ALIGN_CENTER)))
        return items
    }

    // MARK: - Title block

    private func titleBlock() throws -> [FlowItem] {
        var items: [FlowItem] = [.space(0)]
        items.append(text(try box("<b>\(esc(report.title))</b>", size: 19, alignment: PANGO_ALIGN_CENTER, lineSpacing: 1.05),
                          after: 12))
        var affiliations: [String] = []
        var names: [String] = []
        for author in report.authors {
            var name = esc(author.name)
            if let aff = author.affiliation {
                if !affiliations.contains(aff) { affiliations.append(aff) }
                name += "<sup>\(affiliations.firstIndex(of: aff)! + 1)</sup>"
            }
            names.append(name)
        }
        if !names.isEmpty {
            items.append(text(try box(names.joined(separator: ", "), size: 11.5, alignment: PANGO_ALIGN_CENTER), after: 4))
            let affs = affiliations.enumerated().map { "<sup>\($0 + 1)</sup>\(esc($1))" }.joined(separator: "\u{2028}")
            if !affs.isEmpty {
                items.append(text(try box("<i>\(affs)</i>", size: 9, alignment: PANGO_ALIGN_CENTER), after: 4))
            }
        }
        if let abstract = report.abstract {
            items.append(text(try box("<b><span font_features=\"smcp, c2sc\">Abstract</span></b>", size: 10,
                                      alignment: PANGO_ALIGN_CENTER), before: 16, after: 4, keep: true))
            let indent = 30.0
            for (i, block) in try prose(abstract).enumerated() {
                let t = try TextBox(context: context, markup: block.markup, font: style.font(style.smallSize),
                                    width: style.textWidth - 2 * indent, justify: true,
                                    indent: i == 0 ? 0 : 12, lineSpacing: style.lineSpacing)
                items.append(.text(t, indent: indent, spaceBefore: 0, spaceAfter: 1, keepWithNext: false,
                                   destination: nil, outline: nil, decorate: nil))
            }
        }
        items.append(.space(16))
        return items
    }

    // MARK: - Sections

    private func sectionItems(_ section: ResolvedSection) throws -> [FlowItem] {
        let sizes = [13.0, 11.2, 10.5]
        let size = sizes[min(section.level - 1, 2)]
        let title = section.level >= 3 ? "<b><i>\(esc(section.headingNumber))\u{2002}\(esc(section.title))</i></b>"
                                       : "<b>\(esc(section.headingNumber))\u{2003}\(esc(section.title))</b>"
        var items: [FlowItem] = [
            .text(try box(title, size: size), indent: 0, spaceBefore: section.level == 1 ? 16 : 11,
                  spaceAfter: section.level == 1 ? 6 : 4, keepWithNext: true, destination: section.anchor,
                  outline: OutlineEntry(title: "\(section.headingNumber) \(section.title)", level: section.level,
                                        destination: section.anchor),
                  decorate: nil),
        ]
        var afterHeading = true
        for block in section.blocks {
            switch block {
            case .prose(let rich):
                for piece in try prose(rich) {
                    items.append(try proseItem(piece, indentFirstLine: !afterHeading))
                    afterHeading = piece.isList || piece.isCode
                }
            case .figure(let figure):
                items.append(.float(try figureBox(figure)))
            case .equation(let equation):
                items.append(try equationItem(equation))
                afterHeading = true  // the text after a displayed equation continues its paragraph: no indent
            case .table(let table):
                // A table taller than a page continues on the next, its header repeated.
                let continued = try captionBox(label: "Table \(table.number)", RichText(markdown: "(continued).", tokens: []))
                for part in try tableBox(table).split(maximumHeight: style.textBottom - style.textTop,
                                                      continuedCaption: continued) {
                    items.append(.float(part))
                }
            }
        }
        for sub in section.subsections { items += try sectionItems(sub) }
        return items
    }

    private func proseItem(_ piece: ProsePiece, indentFirstLine: Bool) throws -> FlowItem {
        switch piece.block {
        case .paragraph(let markup):
            let t = try TextBox(context: context, markup: markup, font: style.font(style.bodySize), width: style.textWidth,
                                justify: true, indent: indentFirstLine ? 14 : 0, lineSpacing: style.lineSpacing)
            return .text(t, indent: 0, spaceBefore: indentFirstLine ? 1 : 2, spaceAfter: 0, keepWithNext: false,
                         destination: nil, outline: nil, decorate: nil)
        case .listItem(let markup, let marker, let depth):
            let indent = 16.0 + Double(depth) * 16
            let t = try TextBox(context: context, markup: markup, font: style.font(style.bodySize),
                                width: style.textWidth - indent, justify: true, lineSpacing: style.lineSpacing)
            let mark = try box(esc(marker), size: style.bodySize, wraps: false)
            let baseline = t.lines.first?.baseline ?? 0
            return .text(t, indent: indent, spaceBefore: 2, spaceAfter: 1, keepWithNext: false, destination: nil,
                         outline: nil, decorate: { cr, x, y in
                             mark.draw(cr, x: x - 4 - mark.naturalWidth, y: y + baseline - (mark.lines.first?.baseline ?? 0))
                         })
        case .code(let code):
            let t = try TextBox(context: context, markup: code, font: style.font(8.6, family: style.mono),
                                width: style.textWidth - 16)
            return .text(t, indent: 12, spaceBefore: 5, spaceAfter: 5, keepWithNext: false, destination: nil,
                         outline: nil, decorate: nil)
        case .heading(let markup):
            return .text(try box("<b>\(markup)</b>", size: style.bodySize), indent: 0, spaceBefore: 8, spaceAfter: 2,
                         keepWithNext: true, destination: nil, outline: nil, decorate: nil)
        case .quote(let markup):
            let t = try TextBox(context: context, markup: "<i>\(markup)</i>", font: style.font(style.bodySize),
                                width: style.textWidth - 48, justify: true, lineSpacing: style.lineSpacing)
            return .text(t, indent: 24, spaceBefore: 5, spaceAfter: 5, keepWithNext: false, destination: nil,
                         outline: nil, decorate: nil)
        }
    }

    // MARK: - Equations

    /// A displayed equation, centred, with its number at the right margin; the link target of `@eq:`.
    private func equationItem(_ equation: ResolvedEquation) throws -> FlowItem {
        let t = try TextBox(context: context, markup: mathMarkup(equation.tex, display: true), font: style.font(style.bodySize),
                            width: style.textWidth - 60, alignment: PANGO_ALIGN_CENTER, lineSpacing: style.lineSpacing)
        let number = try equation.number.map { try box("(\($0))", size: style.bodySize, wraps: false) }
        let baseline = t.lines.first?.baseline ?? 0
        let width = style.textWidth
        return .text(t, indent: 30, spaceBefore: 5, spaceAfter: 5, keepWithNext: false, destination: equation.anchor,
                     outline: nil, decorate: { cr, x, y in
                         guard let number else { return }
                         number.draw(cr, x: x - 30 + width - number.naturalWidth,
                                     y: y + baseline - (number.lines.first?.baseline ?? 0))
                     })
    }

    /// Mathematics in the PDF: typeset by FolioMath where ``TextBox`` meets it (see ``InlineMath``).
    private func mathMarkup(_ tex: String, display: Bool = false) -> String {
        InlineMath.encode(tex, display: display)
    }

    // MARK: - Figures and tables

    private func figureBox(_ figure: ResolvedFigure) throws -> FigureBox {
        let caption = try captionBox(label: "Figure \(figure.number):", figure.caption)
        return try FigureBox(svg: figure.svg, widthFraction: figure.width, caption: caption, textWidth: style.textWidth,
                             maximumHeight: (style.textBottom - style.textTop) * 0.62, destination: figure.anchor)
    }

    private func tableBox(_ table: ResolvedTable) throws -> TableBox {
        let caption = try captionBox(label: "Table \(table.number):", table.caption)
        // Every table in one type size: a table too wide for the text block wraps its widest text column
        // first (a list of parameters), then its headers and all its text columns (many number columns
        // under long headers); smaller type is the last resort, for a table that cannot absorb the excess.
        var result: TableBox?
        for size in Self.tableSizes {
            // The one-line cells, laid out once per size; the wrapping layouts start from them.
            let header = try headerCells(table, size: size), rows = try rowCells(table, size: size)
            let candidate = TableBox(caption: caption, header: header, rows: rows, textWidth: style.textWidth, destination: table.anchor)
            if candidate.naturalWidth <= style.textWidth { return candidate }
            if let wrapped = try wrappedTableBox(table, caption: caption, size: size, header: header, rows: rows),
               wrapped.naturalWidth <= style.textWidth + 0.5 {
                return wrapped
            }
            if let wrapped = try headerWrappedTableBox(table, caption: caption, size: size, header: header, rows: rows),
               wrapped.naturalWidth <= style.textWidth + 0.5 {
                return wrapped
            }
            result = candidate
        }
        return result!
    }

    /// A table too wide on one line per cell: its headers wrap at word breaks, and so do the cells of its
    /// text columns. Each column gets at least its widest word (`TextBox.widestWord`; a number never
    /// breaks), and the width left over goes to the columns in proportion to how much narrower than
    /// their one-line width that leaves them. Nil when the widest words alone do not fit.
    private func headerWrappedTableBox(_ table: ResolvedTable, caption: TextBox, size: Double,
                                       header oneLineHeaders: [TableBox.Cell], rows: [[TableBox.Cell]]) throws -> TableBox? {
        let padding = 2 * TableBox.horizontalPadding
        var rows = rows
        let columns = table.columns.indices
        var contentLine = columns.map { _ in 0.0 }, contentLeast = columns.map { _ in 0.0 }
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() where c < contentLine.count {
                contentLine[c] = max(contentLine[c], cell.box.naturalWidth)
                let wraps = table.columns[c].role == .text && table.rows[r][c].isText
                contentLeast[c] = max(contentLeast[c], wraps ? cell.box.widestWord : cell.box.naturalWidth)
            }
        }
        let headerLine = oneLineHeaders.map(\.box.naturalWidth), headerLeast = oneLineHeaders.map(\.box.widestWord)
        let least = columns.map { max(contentLeast[$0], headerLeast[$0]) }
        let spare = style.textWidth - least.reduce(0) { $0 + $1 + padding }
        guard spare >= 0 else { return nil }
        let lacking = columns.map { max(0, max(headerLine[$0], contentLine[$0]) - least[$0]) }
        let lackingTotal = lacking.reduce(0, +)
        guard lackingTotal > spare else { return nil }   // everything fits on one line: nothing to wrap
        let widths = columns.map { least[$0] + lacking[$0] * spare / lackingTotal + 0.5 }
        // Each wrapped box is laid out again as wide as its widest line (the same breaks): Pango centres a
        // line within the layout's width, and the table centres the box in its column.
        func wrapped(_ markup: String, width: Double, alignment: PangoAlignment) throws -> TextBox {
            let first = try TextBox(context: context, markup: markup, font: style.font(size), width: width, alignment: alignment)
            return try TextBox(context: context, markup: markup, font: style.font(size), width: first.naturalWidth + 0.01, alignment: alignment)
        }
        let headers = try columns.map { c in
            let column = table.columns[c]
            return TableBox.Cell(box: try wrapped(headerMarkup(column), width: widths[c], alignment: headerAlignment(column)),
                                 alignment: column.role)
        }
        for r in rows.indices {
            for c in columns where table.columns[c].role == .text && table.rows[r][c].isText && rows[r][c].box.naturalWidth > widths[c] {
                rows[r][c].box = try wrapped(cellMarkup(table.rows[r][c]), width: widths[c], alignment: PANGO_ALIGN_LEFT)
            }
        }
        return TableBox(caption: caption, header: headers, rows: rows, textWidth: style.textWidth, destination: table.anchor)
    }

    static let tableSizes = [9.6, 8.6, 7.6, 6.8]

    /// Column headers: name above, unit below (keeps flux columns narrow).
    private func headerCells(_ table: ResolvedTable, size: Double) throws -> [TableBox.Cell] {
        try table.columns.map { column in
            TableBox.Cell(box: try box(headerMarkup(column), size: size, wraps: false, alignment: headerAlignment(column)),
                          alignment: column.role)
        }
    }

    private func headerMarkup(_ column: ResolvedColumn) -> String {
        let unit = column.unitRuns.map { "\u{2028}" + FormattedNumber(runs: $0).pangoMarkup } ?? ""
        return "<b>\(esc(column.header))</b>\(unit)"
    }

    private func headerAlignment(_ column: ResolvedColumn) -> PangoAlignment {
        column.role == .text ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER
    }

    /// Body cells on one line each; numbers link to their step's provenance entry.
    private func rowCells(_ table: ResolvedTable, size: Double) throws -> [[TableBox.Cell]] {
        try table.rows.map { row in
            try row.enumerated().map { i, cell in
                TableBox.Cell(box: try box(cellMarkup(cell), size: size, wraps: false), alignment: table.columns[i].role,
                              destination: cell.result?.step.flatMap { provenanceSteps.contains($0) ? provenanceLink($0) : nil })
            }
        }
    }

    /// A table still too wide at small type: its widest text column wraps so that the table fits
    /// the text width (long parameter lists, file paths). Nil when no text column can absorb it.
    private func wrappedTableBox(_ table: ResolvedTable, caption: TextBox, size: Double,
                                 header headers: [TableBox.Cell], rows: [[TableBox.Cell]]) throws -> TableBox? {
        let padding = 2 * TableBox.horizontalPadding
        var rows = rows
        var widths = headers.map { $0.box.naturalWidth }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.box.naturalWidth) }
        }
        guard let wrapping = table.columns.indices.filter({ table.columns[$0].role == .text }).max(by: { widths[$0] < widths[$1] })
        else { return nil }
        let others = widths.indices.filter { $0 != wrapping }.reduce(0) { $0 + widths[$1] + padding }
        let available = style.textWidth - others - padding
        guard available > 60 else { return nil }
        for r in rows.indices {
            rows[r][wrapping].box = try TextBox(context: context, markup: cellMarkup(table.rows[r][wrapping]), font: style.font(size),
                                                width: available, alignment: PANGO_ALIGN_LEFT)
        }
        return TableBox(caption: caption, header: headers, rows: rows, textWidth: style.textWidth, destination: table.anchor)
    }

    private func cellMarkup(_ cell: ResolvedCell) -> String {
        if cell.isText {
            let rich = TextCell.rich(PlainText.cellText(cell.formatted.runs))
            let html = MarkdownParser().html(from: rich.markdown)
            if case .paragraph(let m) = ProseBlocks.from(html: html, monospaceFamily: style.mono,
                                                        linkColor: style.linkColor).first {
                return rich.substitute(in: m) { token in
                    switch token {
                    case .math(let tex): return mathMarkup(tex)
                    case .literal(let t): return esc(t)
                    default: return ""
                    }
                }
            }
            return esc(PlainText.cellText(cell.formatted.runs))
        }
        var markup = cell.formatted.pangoMarkup
        if let citation = cell.citation { markup += " [\(citation.number)]" }
        return markup
    }

    private func captionBox(label: String, _ caption: RichText) throws -> TextBox {
        let pieces = try prose(caption)
        let body = pieces.map(\.markup).joined(separator: " ")
        return try TextBox(context: context, markup: "<b>\(esc(label))</b> \(body)", font: style.font(style.smallSize),
                           width: style.textWidth, justify: true, lineSpacing: 1.05)
    }

    // MARK: - References and provenance

    private func referenceItems() throws -> [FlowItem] {
        var items: [FlowItem] = [unnumberedHeading("References", destination: "references")]
        for ref in report.references {
            let pieces = try prose(ref.text)
            var markup = pieces.map(\.markup).joined(separator: " ")
            if let url = ref.url { markup += " \(PDFLink.open("uri:" + url, color: style.linkColor))\(esc(url))</span>" }
            let indent = 24.0
            let t = try TextBox(context: context, markup: markup, font: style.font(style.smallSize),
                                width: style.textWidth - indent, justify: false, lineSpacing: 1.05)
            let mark = try box("[\(ref.number)]", size: style.smallSize, wraps: false)
            items.append(.text(t, indent: indent, spaceBefore: 2.5, spaceAfter: 0, keepWithNext: false,
                               destination: ref.anchor, outline: nil, decorate: { cr, x, y in
                                   mark.draw(cr, x: x - indent, y: y)
                               }))
        }
        return items
    }

    /// Where a number's link goes: its step's entry in this document, or in the supplementary PDF.
    private func provenanceLink(_ step: String) -> String {
        report.provenanceSupplement.map { "file:\($0.pdf)#prov-\(step)" } ?? "prov-\(step)"
    }

    private func provenanceItems() throws -> [FlowItem] {
        var items: [FlowItem] = [
            unnumberedHeading("Provenance of the numbers", destination: "provenance"),
            text(try box("Every number in this report links here: the step that computed it, the step's cache key "
                         + "(SHA-256 of its kind, version, parameters and inputs), and the SHA-256 of each input.",
                         size: style.smallSize), after: 4, keep: true),
        ]
        let byStep = Dictionary(grouping: inputs.results.filter { $0.value.step != nil }, by: { $0.value.step! })
        for step in report.provenance {
            var lines = ["<b>\(mono(step.step))</b>  <i>\(esc(step.kind))</i>",
                         "cache key \(mono(step.cacheKey))"]
            for input in step.inputs.sorted(by: { $0.name < $1.name }) {
                lines.append("input \(mono(input.name)) \(mono(input.sha256))")
            }
            let keys = (byStep[step.step] ?? []).map(\.key).sorted()
            if !keys.isEmpty { lines.append("numbers: " + keys.map { mono($0) }.joined(separator: ", ")) }
            let t = try TextBox(context: context, markup: lines.joined(separator: "\u{2028}"), font: style.font(8.6),
                                width: style.textWidth - 12, lineSpacing: 1.05)
            items.append(.text(t, indent: 12, spaceBefore: 6, spaceAfter: 0, keepWithNext: false,
                               destination: "prov-\(step.step)", outline: nil, decorate: nil))
        }
        return items
    }

    private func unnumberedHeading(_ title: String, destination: String) -> FlowItem {
        .text((try? box("<b>\(esc(title))</b>", size: 13))!, indent: 0, spaceBefore: 18, spaceAfter: 6, keepWithNext: true,
              destination: destination, outline: OutlineEntry(title: title, level: 1, destination: destination),
              decorate: nil)
    }

    // MARK: - Prose

    struct ProsePiece {
        var block: ProseBlock
        var markup: String {
            switch block {
            case .paragraph(let m), .heading(let m), .quote(let m), .code(let m): return m
            case .listItem(let m, _, _): return m
            }
        }
        var isList: Bool { if case .listItem = block { true } else { false } }
        var isCode: Bool { if case .code = block { true } else { false } }
    }

    /// Markdown through Ink, then to Pango markup, with tokens replaced by linked text: numbers
    /// link to their step's provenance entry, references to their target.
    func prose(_ rich: RichText) throws -> [ProsePiece] {
        let html = MarkdownParser().html(from: rich.markdown)
        let substitute: (String) -> String = { markup in
            rich.substitute(in: markup) { token in
                switch token {
                case .number(_, let result, let formatted):
                    guard let step = result.step, provenanceSteps.contains(step) else { return formatted.pangoMarkup }
                    return PDFLink.open(provenanceLink(step)) + formatted.pangoMarkup + "</span>"
                case .crossReference(let text, let anchor):
                    return PDFLink.open(anchor, color: style.linkColor)
                        + esc(text).replacingOccurrences(of: " ", with: "\u{00A0}") + "</span>"
                case .citation(let number, let anchor):
                    return PDFLink.open(anchor, color: style.linkColor) + "[\(number)]</span>"
                case .math(let tex):
                    return mathMarkup(tex)
                case .literal(let text):
                    return esc(text)
                }
            }
        }
        return ProseBlocks.from(html: html, monospaceFamily: style.mono, linkColor: style.linkColor).map { block in
            switch block {
            case .paragraph(let m): return ProsePiece(block: .paragraph(substitute(m)))
            case .heading(let m): return ProsePiece(block: .heading(substitute(m)))
            case .quote(let m): return ProsePiece(block: .quote(substitute(m)))
            case .code(let m): return ProsePiece(block: .code(m))
            case .listItem(let m, let marker, let depth):
                return ProsePiece(block: .listItem(substitute(m), marker: marker, depth: depth))
            }
        }
    }

    // MARK: - Helpers

    /// A text box as wide as the text block, or one unwrapped line (`wraps: false`) whose width is
    /// its content's (table cells, list markers).
    private func box(_ markup: String, size: Double, wraps: Bool = true,
                     alignment: PangoAlignment = PANGO_ALIGN_LEFT, lineSpacing: Double = 1.0) throws -> TextBox {
        try TextBox(context: context, markup: markup, font: style.font(size), width: wraps ? style.textWidth : nil,
                    alignment: alignment, lineSpacing: lineSpacing)
    }

    private func text(_ box: TextBox, before: Double = 0, after: Double = 0, keep: Bool = false) -> FlowItem {
        .text(box, indent: 0, spaceBefore: before, spaceAfter: after, keepWithNext: keep, destination: nil,
              outline: nil, decorate: nil)
    }

    private func esc(_ s: String) -> String { HTMLEscaping.escape(s) }

    /// Code-like text (step names, hashes) in the monospace face, scaled to sit with the serif.
    private func mono(_ s: String) -> String { "<span font_family=\"\(style.mono)\" size=\"88%\">\(esc(s))</span>" }
}

import Foundation
import FolioModel

/// Numbers sections, figures, tables and references, looks up every result and resolves every
/// cross-reference, collecting all problems before failing.
public struct ReportResolver {
    private let inputs: ReportInputs
    private var problems: [ReportProblem] = []
    private var labels: [String: String] = [:]            // "fig:skymap" -> "Figure 2"
    private var citations: [String: Int] = [:]
    private var figureNumbers: [String: Int] = [:]
    private var tableNumbers: [String: Int] = [:]
    private var equationNumbers: [String: Int] = [:]
    private var usedSteps: Set<String> = []

    public init(inputs: ReportInputs) { self.inputs = inputs }

    /// The resolved report, or a ``ReportError`` listing every problem (one per line).
    public static func resolve(_ inputs: ReportInputs) throws(ReportError) -> ResolvedReport {
        var resolver = ReportResolver(inputs: inputs)
        return try resolver.run()
    }

    private mutating func run() throws(ReportError) -> ResolvedReport {
        let doc = inputs.document
        collectLabels(doc.sections, prefix: "", appendix: false)
        collectLabels(doc.appendix, prefix: "", appendix: true)
        for (i, entry) in doc.references.enumerated() {
            if citations[entry.key] != nil {
                problems.append(ReportProblem(location: "references", message: "duplicate reference key '\(entry.key)'"))
            }
            citations[entry.key] = i + 1
        }

        let abstract = doc.abstract.isEmpty ? nil : expand(doc.abstract, at: "abstract", origin: doc.abstractAt)
        let sections = resolveSections(doc.sections, prefix: "", appendix: false, level: 1)
        let appendix = resolveSections(doc.appendix, prefix: "", appendix: true, level: 1)
        let references = doc.references.enumerated().map { i, entry in
            ResolvedReference(number: i + 1, key: entry.key,
                              text: expand(entry.text, at: "reference '\(entry.key)'", origin: entry.at), url: entry.url)
        }
        if !problems.isEmpty { throw ReportError(problems: problems) }
        let provenance = usedSteps.sorted().compactMap { inputs.provenance[$0] }
        return ResolvedReport(title: doc.title, authors: doc.authors, abstract: abstract, sections: sections,
                              appendix: appendix, references: references, provenance: provenance, provenanceSupplement: nil)
    }

    // MARK: - Numbering

    private static func sectionNumber(_ index: Int, prefix: String, appendix: Bool) -> String {
        if prefix.isEmpty {
            return appendix ? String(UnicodeScalar(UInt8(65 + index % 26))) : String(index + 1)
        }
        return "\(prefix).\(index + 1)"
    }

    private mutating func collectLabels(_ sections: [ReportSection], prefix: String, appendix: Bool) {
        for (i, section) in sections.enumerated() {
            let number = Self.sectionNumber(i, prefix: prefix, appendix: appendix)
            define("sec:\(section.id)", as: (appendix ? "Appendix " : "Section ") + number,
                   at: section.at?.description ?? "section '\(section.id)'")
            for block in section.blocks {
                switch block {
                case .figure(let figure):
                    let n = figureNumbers.count + 1
                    if figureNumbers[figure.name] == nil { figureNumbers[figure.name] = n }
                    define("fig:\(figure.name)", as: "Figure \(n)", at: "figure '\(figure.name)'")
                case .table(let table):
                    let n = tableNumbers.count + 1
                    if tableNumbers[table.name] == nil { tableNumbers[table.name] = n }
                    define("tab:\(table.name)", as: "Table \(n)", at: "table '\(table.name)'")
                case .equation(let equation):
                    guard let id = equation.id else { break }
                    let n = equationNumbers.count + 1
                    if equationNumbers[id] == nil { equationNumbers[id] = n }
                    define("eq:\(id)", as: "Eq. (\(n))", at: equation.at?.description ?? "equation '\(id)'")
                case .prose: break
                }
            }
            collectLabels(section.subsections, prefix: number, appendix: appendix)
        }
    }

    private mutating func define(_ label: String, as text: String, at location: String) {
        let name = label.drop { $0 != ":" }.dropFirst()
        // Names become `@fig:name` references, HTML ids, PDF destinations and file names.
        if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            problems.append(ReportProblem(location: location,
                message: "name '\(name)' may hold only ASCII letters, digits, '-' and '_'"))
        }
        if labels[label] != nil {
            problems.append(ReportProblem(location: location, message: "duplicate label '@\(label)'"))
            return
        }
        labels[label] = text
    }

    // MARK: - Sections, figures, tables

    private mutating func resolveSections(_ sections: [ReportSection], prefix: String, appendix: Bool,
                                          level: Int) -> [ResolvedSection] {
        sections.enumerated().map { i, section in
            let number = Self.sectionNumber(i, prefix: prefix, appendix: appendix)
            let location = "section '\(section.id)'"
            var blocks: [ResolvedBlock] = []
            for (b, block) in section.blocks.enumerated() {
                switch block {
                case .prose(let markdown, let origin):
                    blocks.append(.prose(expand(markdown, at: "\(location), block \(b + 1) (prose)", origin: origin)))
                case .equation(let equation):
                    let number = equation.id.flatMap { equationNumbers[$0] }
                    blocks.append(.equation(ResolvedEquation(id: equation.id, number: number, tex: equation.tex)))
                case .figure(let figure):
                    blocks.append(.figure(resolveFigure(figure)))
                case .table(let table):
                    blocks.append(.table(resolveTable(table)))
                }
            }
            let subsections = resolveSections(section.subsections, prefix: number, appendix: appendix, level: level + 1)
            return ResolvedSection(id: section.id, number: number, title: section.title, level: level,
                                   isAppendix: appendix, blocks: blocks, subsections: subsections)
        }
    }

    private mutating func resolveFigure(_ figure: ReportFigure) -> ResolvedFigure {
        let location = "figure '\(figure.name)'"
        let svg = inputs.figuresDirectory.appendingPathComponent("\(figure.name).svg")
        let png = inputs.figuresDirectory.appendingPathComponent("\(figure.name).png")
        for file in [svg, png] where !FileManager.default.fileExists(atPath: file.path) {
            problems.append(ReportProblem(location: location, message: "missing figure file \(file.path)"))
        }
        if !(figure.width > 0 && figure.width <= 1) {
            problems.append(ReportProblem(location: location, message: "width \(figure.width) is not in (0, 1]"))
        }
        return ResolvedFigure(name: figure.name, number: figureNumbers[figure.name] ?? 0,
                              caption: expand(figure.caption, at: "\(location) caption"),
                              width: figure.width, svg: svg, png: png)
    }

    private mutating func resolveTable(_ table: ReportTable) -> ResolvedTable {
        let location = "table '\(table.name)'"
        var columns = table.columns
        // A unit shared by every number of a column is stated once, in its header, not in every cell.
        for (c, column) in columns.enumerated() where column.role == .value && column.unit == nil {
            let cells = table.rows.compactMap { c < $0.count ? $0[c] : nil }
            guard !cells.contains(where: { if case .published = $0 { true } else { false } }) else { continue }
            let units = Set(cells.compactMap { cell -> PhysicalUnit? in
                if case .result(let key) = cell { return inputs.results[key]?.unit }
                return nil
            })
            if units.count == 1, let unit = units.first, !UnitFormatting.isDimensionless(unit) { columns[c].unit = unit }
        }
        var resolvedColumns = columns.map { ResolvedColumn(header: $0.header, unit: $0.unit, role: $0.role) }
        // Numeric columns in scientific notation state their power of ten once, in the header.
        for (c, column) in table.columns.enumerated() where column.role != .text {
            let quantities = table.rows.compactMap { row -> Quantity? in
                guard c < row.count else { return nil }
                switch row[c] {
                case .result(let key): return inputs.results[key].map(Quantity.init)
                case .published(let p): return Quantity(p, unit: column.unit ?? .dimensionless, kind: .quantity)
                case .text, .empty: return nil
                }
            }
            let style = column.style ?? .automatic
            if !quantities.isEmpty, let exponent = ResultFormatter.commonExponent(of: quantities, style: style) {
                columns[c].style = style
                columns[c].style?.commonExponent = exponent
                resolvedColumns[c].exponent = exponent
            }
        }
        var rows: [[ResolvedCell]] = []
        for (r, row) in table.rows.enumerated() {
            if row.count != columns.count {
                problems.append(ReportProblem(location: "\(location), row \(r + 1)",
                                              message: "has \(row.count) cells but the table has \(columns.count) columns"))
            }
            var cells: [ResolvedCell] = []
            for (c, cell) in row.prefix(columns.count).enumerated() {
                cells.append(resolveCell(cell, column: columns[c],
                                         at: "\(location), row \(r + 1), column '\(columns[c].header)'"))
            }
            rows.append(cells)
        }
        // Likewise a confidence level shared by every limit of a column: "(90% CL)" once, in the header.
        for c in columns.indices where columns[c].role != .text {
            let levels = rows.compactMap { c < $0.count ? $0[c].quantity : nil }.map { $0.upperLimit != nil ? $0.confidenceLevel : nil }
            guard !levels.isEmpty, let level = levels.first ?? nil, levels.allSatisfy({ $0 == level }) else { continue }
            let label = "\(PDGRounding.string(level * 100, decimals: level * 100 == (level * 100).rounded() ? 0 : 1))% CL"
            for r in rows.indices where c < rows[r].count {
                if case .text(let t)? = rows[r][c].formatted.runs.last, t == " (\(label))" { rows[r][c].formatted.runs.removeLast() }
            }
            if !resolvedColumns[c].header.contains("\(PDGRounding.string(level * 100, decimals: 0))%") {
                resolvedColumns[c].header += " (\(label))"
            }
        }
        return ResolvedTable(name: table.name, number: tableNumbers[table.name] ?? 0,
                             caption: expand(table.caption, at: "\(location) caption"), columns: resolvedColumns, rows: rows)
    }

    private mutating func resolveCell(_ cell: TableCell, column: TableColumn, at location: String) -> ResolvedCell {
        let style = column.style ?? .automatic
        switch cell {
        case .text(let text):
            // A number typed as text ("-29.01" in a catalogue) gets a true minus sign like computed ones.
            if text.wholeMatch(of: /-\d+(\.\d+)?/) != nil {
                return ResolvedCell(formatted: FormattedNumber(runs: [.literal("\u{2212}" + text.dropFirst())]), isText: true)
            }
            return ResolvedCell(formatted: FormattedNumber(runs: [.literal(text)]), isText: true)
        case .empty:
            return ResolvedCell(formatted: FormattedNumber(runs: [.text("—")]), isText: true)
        case .result(let key):
            guard let result = lookUp(key, at: location) else {
                return ResolvedCell(formatted: FormattedNumber(runs: [.text("?")]), isText: true)
            }
            if let unit = column.unit, unit != result.unit {
                problems.append(ReportProblem(location: location,
                    message: "result '\(key)' is in '\(result.unit)' but the column is in '\(unit)'"))
            }
            let quantity = Quantity(result)
            return ResolvedCell(formatted: ResultFormatter.format(quantity, style: style, includeUnit: column.unit == nil),
                                isText: false, resultKey: key, result: result, quantity: quantity)
        case .published(let published):
            let unit = column.unit ?? .dimensionless
            let quantity = Quantity(published, unit: unit, kind: unit == .sigma ? .significance : .quantity)
            var citation: (Int, String)?
            if let key = published.citation {
                if let n = citations[key] { citation = (n, key) } else {
                    problems.append(ReportProblem(location: location, message: "unknown citation '\(key)'"))
                }
            }
            if published.value == nil && published.upperLimit == nil {
                problems.append(ReportProblem(location: location, message: "published value has neither value nor upper limit"))
            }
            return ResolvedCell(formatted: ResultFormatter.format(quantity, style: style, includeUnit: false),
                                isText: false, citation: citation, quantity: quantity)
        }
    }

    private mutating func lookUp(_ key: String, at location: String) -> ResultValue? {
        guard let result = inputs.results[key] else {
            problems.append(ReportProblem(location: location, message: "unknown result '\(key)'"))
            return nil
        }
        if result.value == nil && result.upperLimit == nil {
            problems.append(ReportProblem(location: location, message: "result '\(key)' has neither value nor upper limit"))
        }
        for (field, number) in [("value", result.value), ("minus", result.minus), ("plus", result.plus),
                                ("upperLimit", result.upperLimit)] {
            if let number, !number.isFinite {
                problems.append(ReportProblem(location: location, message: "result '\(key)' has a non-finite \(field) (\(number))"))
            }
        }
        if let step = result.step { usedSteps.insert(step) }
        return result
    }

    // MARK: - Prose

    /// Replaces inline results, mathematics and references by tokens, recording problems for
    /// unknown ones; with `origin` (text read from a file), problems name the file, line and column.
    mutating func expand(_ markdown: String, at location: String, origin: SourceLocation? = nil) -> RichText {
        var tokens: [InlineToken] = []
        let ns = markdown as NSString
        var out = ""
        var last = 0
        for item in InlineSyntax.scan(markdown) {
            let at = origin.map { $0.advanced(in: markdown, by: item.range.location).description } ?? location
            var token: InlineToken?
            switch item.kind {
            case .expression(let body):
                let parts = body.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let first = parts.first, first.hasPrefix("results.") else {
                    problems.append(ReportProblem(location: at, message: "unknown expression '{{ \(body) }}' (expected 'results.<step>.<field>')"))
                    break
                }
                let key = String(first.dropFirst("results.".count))
                var style = NumberStyle.automatic
                if parts.count == 2 {
                    do throws(NumberStyleError) { style = try NumberStyle.parse(parts[1]) } catch {
                        problems.append(ReportProblem(location: at, message: "unknown number format option '\(error.option)' for '\(key)'"))
                    }
                }
                if let result = lookUp(key, at: at) {
                    token = .number(key: key, result: result, formatted: ResultFormatter.format(Quantity(result), style: style))
                }
            case .math(let tex): token = .math(tex: tex)
            case .dollar: token = .literal("$")
            case .reference(let kind, let name):
                if kind == "cite" {
                    guard let n = citations[name] else {
                        problems.append(ReportProblem(location: at, message: "dangling reference '@cite:\(name)'"))
                        break
                    }
                    token = .citation(number: n, anchor: "ref-\(name)")
                } else {
                    guard let label = labels["\(kind):\(name)"] else {
                        problems.append(ReportProblem(location: at, message: "dangling reference '@\(kind):\(name)'"))
                        break
                    }
                    token = .crossReference(text: label, anchor: "\(kind)-\(name)")
                }
            case .unclosedExpression:
                problems.append(ReportProblem(location: at, message: "'{{' is not closed by '}}' on its line"))
            case .unclosedMath:
                problems.append(ReportProblem(location: at, message: "'$' opens mathematics that is not closed (write \\$ for a dollar sign)"))
            }
            out += ns.substring(with: NSRange(location: last, length: item.range.location - last))
            if let token {
                tokens.append(token)
                out += RichText.token(tokens.count - 1)
            } else {
                out += ns.substring(with: item.range)
            }
            last = item.range.location + item.range.length
        }
        out += ns.substring(from: last)
        return RichText(markdown: out, tokens: tokens)
    }
}

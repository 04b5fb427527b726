import Foundation
import FolioModel

extension ReportDocument {
    /// Every result the document quotes, `{{ results.<step>.<field> }}` in prose, captions, the
    /// abstract and references, and `.result("<step>.<field>")` table cells, with where it is
    /// (`section 'Results', paragraph 3`), so that a build can check them before any step runs.
    public var resultReferences: [ResultReference] {
        var references: [ResultReference] = []
        func scan(_ text: String, at location: String, origin: SourceLocation? = nil) {
            let ns = text as NSString
            let matches = Self.placeholder.matches(in: text, range: NSRange(location: 0, length: ns.length))
            // Read from a file: the placeholder's own line and column.
            let located = origin?.locations(in: text, at: matches.map(\.range.location))
            for (m, match) in matches.enumerated() {
                let key = ns.substring(with: match.range(at: 1))
                let (step, field) = Self.split(key)
                references.append(ResultReference(location: located?[m].description ?? location, text: ns.substring(with: match.range),
                                                  step: step, field: field))
            }
        }
        func visit(_ sections: [ReportSection], appendix: Bool) {
            for section in sections {
                let at = (appendix ? "appendix " : "") + "section '\(section.title)'"
                for (b, block) in section.blocks.enumerated() {
                    switch block {
                    case .prose(let text, let origin): scan(text, at: "\(at), paragraph \(b + 1)", origin: origin)
                    case .equation: break
                    case .figure(let figure): scan(figure.caption, at: "\(at), figure '\(figure.name)' caption")
                    case .table(let table):
                        scan(table.caption, at: "\(at), table '\(table.name)' caption")
                        for (r, row) in table.rows.enumerated() {
                            for (c, cell) in row.enumerated() {
                                guard case .result(let key) = cell else { continue }
                                let column = c < table.columns.count ? "column '\(table.columns[c].header)'" : "column \(c + 1)"
                                let (step, field) = Self.split(key)
                                references.append(ResultReference(
                                    location: "\(at), table '\(table.name)', row \(r + 1), \(column)",
                                    text: "cell '\(key)'", step: step, field: field))
                            }
                        }
                    }
                }
                visit(section.subsections, appendix: appendix)
            }
        }
        scan(abstract, at: "abstract", origin: abstractAt)
        visit(sections, appendix: false)
        visit(appendix, appendix: true)
        for entry in self.references { scan(entry.text, at: "reference '\(entry.key)'", origin: entry.at) }
        return references
    }

    // `{{ results.<key> … }}`, as ``ReportResolver`` reads it (with an optional `| style`).
    private static let placeholder = try! NSRegularExpression(pattern: #"\{\{\s*results\.([^\s|}]*)[^}]*\}\}"#)

    /// `fit-pi0.ts` -> ("fit-pi0", "ts"); step names hold no '.'.
    private static func split(_ key: String) -> (step: String, field: String) {
        guard let dot = key.firstIndex(of: ".") else { return (key, "") }
        return (String(key[..<dot]), String(key[key.index(after: dot)...]))
    }
}

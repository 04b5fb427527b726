import Foundation
import FolioModel

/// A report with every number looked up, every label numbered and every reference resolved: what
/// the HTML and PDF renderers draw. Built by ``ReportResolver``; both formats read the same value,
/// so they cannot disagree on a number.
public struct ResolvedReport: Sendable {
    public var title: String
    public var authors: [Author]
    public var abstract: RichText?
    public var sections: [ResolvedSection]
    public var appendix: [ResolvedSection]
    public var references: [ResolvedReference]
    /// Steps whose numbers appear in the report, sorted by name, for the provenance appendix.
    public var provenance: [StepProvenance]
    /// Set when the provenance list lives in a supplementary file rather than at the end of the
    /// report: the report's numbers then link into that file.
    public var provenanceSupplement: SupplementFiles?
}

/// The file names of the supplementary provenance document, beside report.html and report.pdf.
public struct SupplementFiles: Sendable, Equatable {
    public var html: String
    public var pdf: String
    public static let standard = SupplementFiles(html: "provenance.html", pdf: "provenance.pdf")
}

public struct ResolvedSection: Sendable {
    public var id: String
    /// "2", "2.1", "A", "A.1".
    public var number: String
    public var title: String
    /// 1 for a section, 2 for a subsection, ….
    public var level: Int
    public var isAppendix: Bool
    public var blocks: [ResolvedBlock]
    public var subsections: [ResolvedSection]

    public var anchor: String { "sec-\(id)" }

    /// The number as a heading shows it: "2.1", or "Appendix A" for a top-level appendix.
    public var headingNumber: String { isAppendix && level == 1 ? "Appendix \(number)" : number }
}

public enum ResolvedBlock: Sendable {
    case prose(RichText)
    case figure(ResolvedFigure)
    case table(ResolvedTable)
    case equation(ResolvedEquation)
}

/// A displayed equation: its TeX source and its number ("(3)"), if it has an id.
public struct ResolvedEquation: Sendable {
    public var id: String?
    public var number: Int?
    public var tex: String

    public var anchor: String? { id.map { "eq-\($0)" } }
}

public struct ResolvedFigure: Sendable {
    public var name: String
    public var number: Int
    public var caption: RichText
    public var width: Double
    public var svg: URL
    public var png: URL

    public var anchor: String { "fig-\(name)" }
}

public struct ResolvedTable: Sendable {
    public var name: String
    public var number: Int
    public var caption: RichText
    public var columns: [ResolvedColumn]
    public var rows: [[ResolvedCell]]

    public var anchor: String { "tab-\(name)" }
}

public struct ResolvedColumn: Sendable {
    public var header: String
    public var unit: PhysicalUnit?
    public var role: TableColumn.Role
    /// The power of ten every number in the column shares, stated in the header.
    public var exponent: Int?

    /// Header with its unit, as runs: "E²Φ [10⁻¹¹ GeV cm⁻² s⁻¹ sr⁻¹]".
    public var headerRuns: [FormattedNumber.Run] {
        guard let unit = unitRuns else { return [.literal(header)] }
        return [.literal(header + " ")] + unit
    }

    /// The bracketed power of ten and unit, "[10⁻¹¹ GeV cm⁻² s⁻¹ sr⁻¹]", or nil when there is none;
    /// typeset under the header's name when the column is narrow.
    public var unitRuns: [FormattedNumber.Run]? {
        var scale: [FormattedNumber.Run] = []
        if let exponent { scale = [.text("10"), .superscript(String(exponent))] }
        let unitRuns = unit.map(UnitFormatting.runs) ?? []
        if scale.isEmpty && unitRuns.isEmpty { return nil }
        let gap: [FormattedNumber.Run] = scale.isEmpty || unitRuns.isEmpty ? [] : [.text("\u{2009}")]
        return [.literal("[")] + scale + gap + unitRuns + [.literal("]")]
    }
}

/// One table cell, ready to draw; `result` is set when the number came from results.
public struct ResolvedCell: Sendable {
    public var formatted: FormattedNumber
    /// A text cell (literal text, inline Markdown allowed) rather than a number.
    public var isText: Bool
    public var resultKey: String?
    public var result: ResultValue?
    /// For a quoted value: the bibliography entry's number.
    public var citation: (number: Int, key: String)?
    /// The value printed with its full precision, for the JSON export.
    public var quantity: Quantity?
}

public struct ResolvedReference: Sendable {
    public var number: Int
    public var key: String
    public var text: RichText
    public var url: String?

    public var anchor: String { "ref-\(key)" }
}

import FolioModel

/// A numbered table whose cells are read from results (never typed in), literal text, or values
/// quoted from the literature for comparison.
///
/// Units belong to the column header ("E²Φ [GeV cm⁻² s⁻¹ sr⁻¹]"); a result cell whose unit differs
/// from its column's unit is an error, so a table never mixes TeV and GeV silently.
public struct ReportTable: Codable, Hashable, Sendable {
    /// The label `@tab:<name>` refers to and the stem of `tables/<name>.csv` and `.json`.
    public var name: String
    /// Markdown caption, printed before the table after "Table n:".
    public var caption: String
    public var columns: [TableColumn]
    public var rows: [[TableCell]]

    public init(name: String, caption: String, columns: [TableColumn], rows: [[TableCell]]) {
        self.name = name
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

/// A table column: its header, the unit every number in it is expressed in, and how numbers are
/// written.
public struct TableColumn: Codable, Hashable, Sendable {
    public enum Role: String, Codable, Hashable, Sendable {
        /// Labels, model names: left aligned.
        case text
        /// Numbers from results.
        case value
        /// Values quoted from a publication, for comparison.
        case published
    }

    public var header: String
    public var unit: PhysicalUnit?
    public var role: Role
    /// How numbers in this column are written; `nil` chooses from the result's kind.
    public var style: NumberStyle?

    public init(header: String, unit: PhysicalUnit? = nil, role: Role, style: NumberStyle? = nil) {
        self.header = header
        self.unit = unit
        self.role = role
        self.style = style
    }

    public static func text(_ header: String) -> TableColumn { TableColumn(header: header, role: .text) }
    public static func value(_ header: String, unit: PhysicalUnit? = nil, style: NumberStyle? = nil) -> TableColumn {
        TableColumn(header: header, unit: unit, role: .value, style: style)
    }
    public static func published(_ header: String, unit: PhysicalUnit? = nil, style: NumberStyle? = nil) -> TableColumn {
        TableColumn(header: header, unit: unit, role: .published, style: style)
    }
}

/// One table cell.
public enum TableCell: Codable, Hashable, Sendable {
    /// A number from `results.json`, addressed `<step>.<field>`.
    case result(String)
    /// Literal text (Markdown inline: `*italic*`, `code`).
    case text(String)
    /// A value quoted from the literature.
    case published(PublishedValue)
    /// Nothing to show ("—").
    case empty
}

/// A number quoted from a publication, with its citation key; the unit is the column's unit.
public struct PublishedValue: Codable, Hashable, Sendable {
    public var value: Double?
    public var minus: Double?
    public var plus: Double?
    public var upperLimit: Double?
    public var confidenceLevel: Double?
    /// Key into ``ReportDocument/references``.
    public var citation: String?

    public init(_ value: Double?, minus: Double? = nil, plus: Double? = nil, upperLimit: Double? = nil,
                confidenceLevel: Double? = nil, citation: String? = nil) {
        self.value = value
        self.minus = minus
        self.plus = plus
        self.upperLimit = upperLimit
        self.confidenceLevel = confidenceLevel
        self.citation = citation
    }
}

// JSON: `{"result": "fit.ts"}`, `{"text": "π⁰"}`, `{"published": {…}}`, `"empty"` (see `TaggedCase`).
extension TableCell {
    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: ["result", "text", "published", "empty"])
        switch tagged.name {
        case "result": self = .result(try tagged.value(String.self))
        case "text": self = .text(try tagged.value(String.self))
        case "published": self = .published(try tagged.value(PublishedValue.self))
        default: self = .empty
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .result(let key): try TaggedCase.encode("result", key, to: encoder)
        case .text(let text): try TaggedCase.encode("text", text, to: encoder)
        case .published(let value): try TaggedCase.encode("published", value, to: encoder)
        case .empty: try TaggedCase.encode("empty", to: encoder)
        }
    }
}

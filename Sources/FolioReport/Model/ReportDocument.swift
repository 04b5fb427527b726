import Foundation
import FolioModel

/// The declarative structure of a paper-style report: a value with no closures, so that it can be
/// hashed into a cache key, diffed, and written to JSON next to the report.
///
/// Prose is Markdown (rendered with Ink). Inside prose and captions:
/// - `{{ results.<step>.<field> }}` inserts a number from `results.json`, optionally with a format
///   after a bar: `{{ results.fit.significance | digits: 2 }}` (see ``NumberStyle``);
/// - `@fig:<name>`, `@tab:<name>`, `@sec:<id>`, `@eq:<id>` become "Figure 2", "Table 1", "Section 3",
///   "Eq. (1)" with links;
/// - `$…$` is inline mathematics (TeX source), and a ``ReportEquation`` block a displayed one;
/// - `@cite:<key>` becomes "[4]", the entry's position in ``references``.
///
/// ```swift
/// let doc = ReportDocument(
///     title: "Evidence for neutrino emission from the Galactic plane",
///     authors: [Author("A. Physicist", affiliation: "Folio Collaboration")],
///     abstract: "We find the Galactic plane at {{ results.fit.significance }} @cite:icecube2023.",
///     sections: [
///         ReportSection(id: "results", title: "Results", blocks: [
///             .prose("The sky map is shown in @fig:skymap; fluxes are listed in @tab:fluxes."),
///             .figure(ReportFigure(name: "skymap", caption: "Pre-trial significance map.")),
///             .table(ReportTable(name: "fluxes", caption: "Best-fit fluxes.",
///                 columns: [.text("Model"), .value("E²Φ at 100 TeV", unit: .GeVcm2sSr),
///                           .published("Published", unit: .GeVcm2sSr)],
///                 rows: [[.text("π⁰"), .result("fit.flux"),
///                         .published(PublishedValue(2.18e-11, minus: 0.49e-11, plus: 0.59e-11,
///                                                   citation: "icecube2023"))]])),
///         ]),
///     ],
///     references: [BibliographyEntry(key: "icecube2023",
///                  text: "IceCube Collaboration, *Science* **380**, 1338 (2023).")])
/// ```
public struct ReportDocument: Codable, Hashable, Sendable {
    public var title: String
    public var authors: [Author]
    /// Markdown; may hold inline results and cross-references like any prose.
    public var abstract: String
    /// Numbered 1, 2, 3 …; subsections 1.1, 1.2 ….
    public var sections: [ReportSection]
    /// Numbered A, B, C … after the references.
    public var appendix: [ReportSection]
    /// The bibliography, in the order it is printed and numbered.
    public var references: [BibliographyEntry]
    /// Where the abstract starts, when it was read from a Markdown file.
    public var abstractAt: SourceLocation?

    public init(title: String, authors: [Author] = [], abstract: String = "",
                sections: [ReportSection], appendix: [ReportSection] = [],
                references: [BibliographyEntry] = []) {
        self.title = title
        self.authors = authors
        self.abstract = abstract
        self.sections = sections
        self.appendix = appendix
        self.references = references
    }
}

/// One author line of the title block.
public struct Author: Codable, Hashable, Sendable {
    public var name: String
    public var affiliation: String?
    public var email: String?

    public init(_ name: String, affiliation: String? = nil, email: String? = nil) {
        self.name = name
        self.affiliation = affiliation
        self.email = email
    }
}

/// A numbered section; `id` is the label that `@sec:<id>` refers to.
public struct ReportSection: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var blocks: [ReportBlock]
    public var subsections: [ReportSection]
    /// The heading's line, when the section was read from a Markdown file.
    public var at: SourceLocation?

    public init(id: String, title: String, blocks: [ReportBlock] = [], subsections: [ReportSection] = [],
                at: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.subsections = subsections
        self.at = at
    }
}

/// The content of a section, in reading order.
public enum ReportBlock: Codable, Hashable, Sendable {
    /// Markdown prose (one or more paragraphs, lists, code); `at` is where it starts when it was
    /// read from a Markdown file, so that problems name the file, line and column.
    case prose(String, at: SourceLocation? = nil)
    case figure(ReportFigure)
    case table(ReportTable)
    /// A displayed equation (`$$ … $$ {#eq:name}`): numbered when it has an id.
    case equation(ReportEquation)
}

/// A displayed equation, kept as its TeX source (typesetting it is the renderers' job).
public struct ReportEquation: Codable, Hashable, Sendable {
    /// The label `@eq:<id>` refers to; nil for an unnumbered equation.
    public var id: String?
    public var tex: String
    public var at: SourceLocation?

    public init(id: String?, tex: String, at: SourceLocation? = nil) {
        self.id = id
        self.tex = tex
        self.at = at
    }
}

/// A position in a Markdown source file: `report.md:12:5` (line and column from 1).
public struct SourceLocation: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The path as the analysis names it (relative to the project root).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// The location of UTF-16 offset `offset` of `text`, which starts at `self`.
    public func advanced(in text: String, by offset: Int) -> SourceLocation {
        // Every placeholder of a report gets its location when the build is planned: count in one
        // pass where the text has no "\r" (lines are then exactly the "\n"-separated pieces) and
        // the offset is between characters.
        let utf16 = text.utf16
        if !text.utf8.contains(13), let end = utf16.index(utf16.startIndex, offsetBy: offset, limitedBy: utf16.endIndex),
           end.samePosition(in: text) != nil {
            let prefix = text[..<end]
            guard let lastNewline = prefix.utf8.lastIndex(of: 10) else {
                return SourceLocation(file: file, line: line, column: column + prefix.count)
            }
            let newlines = prefix.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            return SourceLocation(file: file, line: line + newlines, column: prefix[prefix.utf8.index(after: lastNewline)...].count + 1)
        }
        let prefix = (text as NSString).substring(to: min(offset, (text as NSString).length))
        let lines = prefix.components(separatedBy: "\n")
        if lines.count == 1 { return SourceLocation(file: file, line: line, column: column + prefix.count) }
        return SourceLocation(file: file, line: line + lines.count - 1, column: lines.last!.count + 1)
    }

    /// The locations of the UTF-16 offsets `offsets` (ascending) of `text`, which starts at `self`: each as
    /// `advanced(in:by:)` gives it, but counted on from the previous one, so that a paragraph's placeholders
    /// cost one pass over it rather than one each (the report's references are located on every build).
    public func locations(in text: String, at offsets: [Int]) -> [SourceLocation] {
        guard !text.utf8.contains(13) else { return offsets.map { advanced(in: text, by: $0) } }
        let utf16 = text.utf16
        var locations: [SourceLocation] = [], from = self, fromIndex = text.startIndex, fromOffset = 0
        for offset in offsets {
            // Counting on is exact from a Character boundary (the text after it is segmented as it is in
            // the whole); anywhere else, from the start.
            guard offset >= fromOffset, let end = utf16.index(fromIndex, offsetBy: offset - fromOffset, limitedBy: utf16.endIndex),
                  end.samePosition(in: text) != nil else {
                locations.append(advanced(in: text, by: offset))
                continue
            }
            from = from.advanced(in: String(text[fromIndex..<end]), by: offset - fromOffset)
            fromIndex = end; fromOffset = offset
            locations.append(from)
        }
        return locations
    }
}

/// A figure drawn by a figure step; the files `<name>.svg`, `<name>.png` (and optionally
/// `<name>.pdf`) live in the figures folder the runner passes in ``ReportInputs``.
public struct ReportFigure: Codable, Hashable, Sendable {
    /// The file stem and the label `@fig:<name>` refers to.
    public var name: String
    /// Markdown caption, printed after "Figure n:".
    public var caption: String
    /// Width as a fraction of the text width (0 < width ≤ 1).
    public var width: Double

    public init(name: String, caption: String, width: Double = 1.0) {
        self.name = name
        self.caption = caption
        self.width = width
    }
}

/// One bibliography entry; `text` is Markdown (italic journal, bold volume, a link).
public struct BibliographyEntry: Codable, Hashable, Sendable {
    public var key: String
    public var text: String
    public var url: String?
    /// The entry's line, when it was read from a Markdown file.
    public var at: SourceLocation?

    public init(key: String, text: String, url: String? = nil, at: SourceLocation? = nil) {
        self.key = key
        self.text = text
        self.url = url
        self.at = at
    }
}

// JSON: `{"prose": "…"}` (or `{"prose": {"text": "…", "at": {…}}}` when read from a file),
// `{"figure": {…}}`, `{"table": {…}}`, `{"equation": {…}}` (see `TaggedCase`).
extension ReportBlock {
    private struct LocatedProse: Codable {
        var text: String
        var at: SourceLocation
    }

    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: ["prose", "figure", "table", "equation"])
        switch tagged.name {
        case "prose":
            if let text = try? tagged.value(String.self) { self = .prose(text) } else {
                let located = try tagged.value(LocatedProse.self)
                self = .prose(located.text, at: located.at)
            }
        case "figure": self = .figure(try tagged.value(ReportFigure.self))
        case "equation": self = .equation(try tagged.value(ReportEquation.self))
        default: self = .table(try tagged.value(ReportTable.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .prose(let text, nil): try TaggedCase.encode("prose", text, to: encoder)
        case .prose(let text, let at?): try TaggedCase.encode("prose", LocatedProse(text: text, at: at), to: encoder)
        case .figure(let figure): try TaggedCase.encode("figure", figure, to: encoder)
        case .table(let table): try TaggedCase.encode("table", table, to: encoder)
        case .equation(let equation): try TaggedCase.encode("equation", equation, to: encoder)
        }
    }
}

import Foundation
import FolioMath

/// Reads a report written in Markdown (`report.md`) into a ``ReportDocument``, with the line and
/// column of everything it holds, so that a problem names `report.md:12:5`.
///
/// The format is Markdown (rendered with Ink) plus a few lines of structure, chosen to read like
/// Pandoc and Quarto:
///
/// ```markdown
/// ---
/// title: A toy peak search
/// author: A. Physicist | Folio Collaboration
/// ---
/// The abstract: everything before the first heading.
///
/// # Method {#method}
/// The likelihood @eq:likelihood gives {{ results.fit.signalFraction | digits: 2 }} (@tab:summary).
///
/// $$ \ln L(f) = \sum_i \ln[f S_i + (1 - f) B_i] $$ {#eq:likelihood}
///
/// @figure:fit-figure
/// @table:summary
///
/// # Build details {#build .appendix}
///
/// # References {.references}
/// [ic23]: IceCube Collaboration, *Science* **380**, 1338 (2023). <https://doi.org/10.1126/science.adc9818>
/// ```
///
/// Figures and tables are declared in Swift (a table's cells name typed results) and placed by a
/// line `@figure:<name>` or `@table:<name>`; each must be placed exactly once. A level-1 heading
/// with `.appendix` starts the appendix (it and every later section); the `.references` section
/// holds the bibliography, one `[key]: text <url>` entry per line (indented lines continue it).
public enum MarkdownReport {
    /// Labels the build adds after reading the file (the generated methods appendix), which prose
    /// may refer to.
    public static let generatedLabels: Set<String> = ["sec:methods-appendix", "tab:methods-summary"]

    /// The document in `text`, the contents of `file` (named as the analysis names it).
    ///
    /// - Throws: ``ReportError`` with every problem, each located `file:line:column`.
    public static func document(from text: String, file: String, figures: [ReportFigure] = [],
                                tables: [ReportTable] = []) throws(ReportError) -> ReportDocument {
        let (document, problems) = read(text, file: file, figures: figures, tables: tables)
        if !problems.isEmpty { throw ReportError(problems: problems) }
        return document
    }

    /// The document as far as it could be read, and every problem found (none: it is complete).
    public static func read(_ text: String, file: String, figures: [ReportFigure] = [],
                            tables: [ReportTable] = []) -> (document: ReportDocument, problems: [ReportProblem]) {
        var reader = Reader(file: file, figures: figures, tables: tables)
        reader.read(text)
        reader.checkInline()
        return (reader.document, reader.problems)
    }

    private struct Reader {
        let file: String
        var figures: [String: ReportFigure] = [:]
        var tables: [String: ReportTable] = [:]
        var declaredOrder: [(kind: String, name: String)] = []
        var placed: [String: SourceLocation] = [:]       // "figure:x" -> where
        var problems: [ReportProblem] = []
        var document = ReportDocument(title: "", sections: [])
        var labels: [String: SourceLocation] = [:]

        /// Where content goes now.
        enum Target { case abstract, section, references }
        var target = Target.abstract
        var inAppendix = false
        /// Path of the section being filled: indices into sections / subsections.
        var path: [Int] = []
        var pending: [(line: Int, text: String)] = []

        init(file: String, figures: [ReportFigure], tables: [ReportTable]) {
            self.file = file
            for f in figures {
                if self.figures[f.name] != nil { problem(file, "figure '\(f.name)' is declared twice") }
                self.figures[f.name] = f
                declaredOrder.append(("figure", f.name))
            }
            for t in tables {
                if self.tables[t.name] != nil { problem(file, "table '\(t.name)' is declared twice") }
                self.tables[t.name] = t
                declaredOrder.append(("table", t.name))
            }
        }

        mutating func problem(_ at: String, _ message: String) {
            problems.append(ReportProblem(location: at, message: message))
        }

        func at(_ line: Int, _ column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

        // MARK: Lines

        mutating func read(_ text: String) {
            let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            var i = 0
            if lines.first?.trimmingCharacters(in: .whitespaces) == "---" {
                i = frontMatter(lines)
            } else {
                problem(at(1).description, "the file must start with front matter: '---', 'title: …', '---'")
            }
            var fence: String?
            while i < lines.count {
                let line = lines[i]
                let number = i + 1
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                i += 1
                if let open = fence {
                    pending.append((number, line))
                    if trimmed.hasPrefix(open) { fence = nil }
                    continue
                }
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    fence = String(trimmed.prefix(3))
                    pending.append((number, line))
                    continue
                }
                if target == .references {
                    if Self.isHeading(line) { flush(); heading(line, number) } else { referenceLine(line, number) }
                    continue
                }
                if Self.isHeading(line) {
                    flush()
                    heading(line, number)
                } else if let placement = Self.placement(trimmed) {
                    flush()
                    place(placement.kind, placement.name, at: at(number, line.distance(from: line.startIndex, to: line.firstIndex(of: "@")!) + 1))
                } else if trimmed.hasPrefix("$$") {
                    flush()
                    i = displayMath(lines, from: i - 1)
                } else {
                    pending.append((number, line))
                }
            }
            flush()
            finishReferences()
            for (kind, name) in declaredOrder where placed["\(kind):\(name)"] == nil {
                problem(file, "\(kind) '\(name)' is declared but never placed (write a line '@\(kind):\(name)')")
            }
            if document.title.isEmpty, problems.isEmpty {
                problem(at(1).description, "the front matter has no 'title'")
            }
        }

        /// `title:` and `author: Name | Affiliation | e-mail` lines up to the closing `---`;
        /// returns the index of the line after it.
        mutating func frontMatter(_ lines: [String]) -> Int {
            var i = 1
            while i < lines.count {
                let line = lines[i]
                let number = i + 1
                i += 1
                if line.trimmingCharacters(in: .whitespaces) == "---" { return i }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                guard let colon = line.firstIndex(of: ":") else {
                    problem(at(number).description, "expected 'key: value' in the front matter")
                    continue
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "title": document.title = value
                case "author":
                    let parts = value.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                    document.authors.append(Author(parts[0], affiliation: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil,
                                                   email: parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil))
                default:
                    problem(at(number).description, "unknown front-matter key '\(key)' (known: title, author)")
                }
            }
            problem(at(1).description, "the front matter is not closed by a line '---'")
            return lines.count
        }

        /// `#`…`######` then a space, as Markdown has it (`#5` is text).
        static func isHeading(_ line: String) -> Bool {
            let hashes = line.prefix { $0 == "#" }.count
            return (1...6).contains(hashes) && line.dropFirst(hashes).first == " "
        }

        static func placement(_ line: String) -> (kind: String, name: String)? {
            for kind in ["figure", "table"] where line.hasPrefix("@\(kind):") {
                let name = line.dropFirst(kind.count + 2)
                if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                    return (kind, String(name))
                }
            }
            return nil
        }

        // MARK: Structure

        mutating func heading(_ line: String, _ number: Int) {
            let level = line.prefix { $0 == "#" }.count
            var title = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
            var id: String?
            var classes: [String] = []
            if title.hasSuffix("}"), let open = title.lastIndex(of: "{") {
                for attribute in title[title.index(after: open)..<title.index(before: title.endIndex)].split(separator: " ") {
                    if attribute.hasPrefix("#") { id = String(attribute.dropFirst()) }
                    else if attribute.hasPrefix(".") { classes.append(String(attribute.dropFirst())) }
                    else { problem(at(number).description, "unknown heading attribute '\(attribute)' (expected {#id .appendix .references})") }
                }
                title = title[..<open].trimmingCharacters(in: .whitespaces)
            }
            for c in classes where c != "appendix" && c != "references" {
                problem(at(number).description, "unknown heading class '.\(c)' (known: .appendix, .references)")
            }
            if classes.contains("references") {
                guard level == 1 else { problem(at(number).description, "the references heading must be level 1 ('# …')"); return }
                target = .references
                return
            }
            if target == .references {
                problem(at(number).description, "sections after the references are not supported; put the appendix before them")
            }
            let sectionID = id ?? Self.slug(title)
            if !Self.isName(sectionID) {
                problem(at(number).description, "section id '\(sectionID)' may hold only ASCII letters, digits, '-' and '_'")
            }
            define("sec:\(sectionID)", at: at(number))
            let section = ReportSection(id: sectionID, title: title, blocks: [], subsections: [], at: at(number))
            if level == 1 {
                if classes.contains("appendix") { inAppendix = true }
                if inAppendix { document.appendix.append(section); path = [document.appendix.count - 1] }
                else { document.sections.append(section); path = [document.sections.count - 1] }
                target = .section
                return
            }
            guard target == .section, level - 1 <= path.count else {
                problem(at(number).description, "heading level \(level) has no enclosing level-\(level - 1) section")
                return
            }
            path = Array(path.prefix(level - 1))
            modifySection { $0.subsections.append(section) }
            var count = 0
            modifySection { count = $0.subsections.count }
            path.append(count - 1)
        }

        /// Applies `change` to the section at `path`.
        mutating func modifySection(_ change: (inout ReportSection) -> Void) {
            func walk(_ sections: inout [ReportSection], _ path: ArraySlice<Int>) {
                guard let first = path.first else { return }
                if path.count == 1 { change(&sections[first]) } else { walk(&sections[first].subsections, path.dropFirst()) }
            }
            if inAppendix { walk(&document.appendix, path[...]) } else { walk(&document.sections, path[...]) }
        }

        mutating func append(_ block: ReportBlock, at location: SourceLocation) {
            switch target {
            case .section: modifySection { $0.blocks.append(block) }
            case .abstract, .references:
                problem(location.description, "only prose may come before the first heading (the abstract)")
            }
        }

        mutating func define(_ label: String, at location: SourceLocation) {
            if let first = labels[label] {
                problem(location.description, "duplicate id '\(label.drop { $0 != ":" }.dropFirst())' (first defined at \(first))")
            } else {
                labels[label] = location
            }
        }

        /// Prose lines gathered since the last structural line, as one block.
        mutating func flush() {
            defer { pending = [] }
            guard let first = pending.firstIndex(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }),
                  let last = pending.lastIndex(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
            let text = pending[first...last].map(\.text).joined(separator: "\n")
            let location = at(pending[first].line)
            switch target {
            case .abstract:
                document.abstract = text
                document.abstractAt = location
            case .section:
                modifySection { $0.blocks.append(.prose(text, at: location)) }
            case .references:
                break
            }
        }

        mutating func place(_ kind: String, _ name: String, at location: SourceLocation) {
            let key = "\(kind):\(name)"
            if let first = placed[key] {
                problem(location.description, "\(kind) '\(name)' is placed twice (first at \(first))")
                return
            }
            switch kind {
            case "figure":
                guard let figure = figures[name] else {
                    problem(location.description, "unknown figure '\(name)' (declared: \(figures.keys.sorted().joined(separator: ", ")))")
                    return
                }
                placed[key] = location
                define("fig:\(name)", at: location)
                append(.figure(figure), at: location)
            default:
                guard let table = tables[name] else {
                    problem(location.description, "unknown table '\(name)' (declared: \(tables.keys.sorted().joined(separator: ", ")))")
                    return
                }
                placed[key] = location
                define("tab:\(name)", at: location)
                append(.table(table), at: location)
            }
        }

        /// `$$ … $$ {#eq:name}` on one line or several; returns the index of the line after it.
        mutating func displayMath(_ lines: [String], from start: Int) -> Int {
            let opening = lines[start]
            let column = opening.distance(from: opening.startIndex, to: opening.range(of: "$$")!.lowerBound) + 1
            var body = String(opening[opening.range(of: "$$")!.upperBound...])
            var i = start
            while true {
                if let close = body.range(of: "$$") {
                    let tex = body[..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
                    let rest = body[close.upperBound...].trimmingCharacters(in: .whitespaces)
                    var id: String?
                    if rest.hasPrefix("{#eq:") && rest.hasSuffix("}") {
                        id = String(rest.dropFirst(5).dropLast())
                    } else if !rest.isEmpty {
                        problem(at(i + 1).description, "expected '{#eq:<name>}' or nothing after the closing '$$', found '\(rest)'")
                    }
                    let location = at(start + 1, column)
                    if let id {
                        if !Self.isName(id) { problem(location.description, "equation id '\(id)' may hold only ASCII letters, digits, '-' and '_'") }
                        define("eq:\(id)", at: location)
                    }
                    if tex.isEmpty { problem(location.description, "empty displayed equation") }
                    checkMath(tex, at: location)
                    append(.equation(ReportEquation(id: id, tex: tex, at: location)), at: location)
                    return i + 1
                }
                i += 1
                guard i < lines.count else {
                    problem(at(start + 1, column).description, "'$$' is not closed by a matching '$$'")
                    return lines.count
                }
                body += "\n" + lines[i]
            }
        }

        /// The formula must parse as FolioMath's TeX subset: a typo fails here, with its place.
        mutating func checkMath(_ tex: String, at location: SourceLocation) {
            do { _ = try TeXParser.parse(tex) } catch let error as MathError {
                problem(location.description, "in the equation '\(tex)': \(error)")
            } catch {}
        }

        // MARK: References

        mutating func referenceLine(_ line: String, _ number: Int) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return }
            if line.first == " " || line.first == "\t" {
                guard !document.references.isEmpty else {
                    problem(at(number).description, "an indented line continues a reference, but none has started")
                    return
                }
                // Joined by a newline, so that the entry's columns stay those of the file.
                document.references[document.references.count - 1].text += "\n" + line
                return
            }
            guard trimmed.hasPrefix("["), let close = trimmed.range(of: "]:") else {
                problem(at(number).description, "expected a reference '[key]: text <url>'")
                return
            }
            let key = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close.lowerBound])
            if !Self.isName(key) { problem(at(number).description, "reference key '\(key)' may hold only ASCII letters, digits, '-' and '_'") }
            define("cite:\(key)", at: at(number))
            let afterColon = line.range(of: "]:")!.upperBound
            let start = line[afterColon...].firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
            let text = String(line[start...]).trimmingCharacters(in: .whitespaces)
            document.references.append(BibliographyEntry(key: key, text: text, url: nil,
                                                         at: at(number, line[..<start].count + 1)))
        }

        /// A trailing `<url>` of each entry becomes its link.
        mutating func finishReferences() {
            for i in document.references.indices {
                let text = document.references[i].text
                if text.hasSuffix(">"), let open = text.range(of: " <", options: .backwards) {
                    document.references[i].url = String(text[open.upperBound..<text.index(before: text.endIndex)])
                    document.references[i].text = text[..<open.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
        }

        // MARK: Inline syntax

        /// Every placeholder, reference and `$` in the prose, captions and references, checked
        /// against the labels the document defines.
        mutating func checkInline() {
            func check(_ text: String, origin: SourceLocation?, fallback: String) {
                for item in InlineSyntax.scan(text) {
                    // Only a problem needs its line and column (this runs for every item at every build).
                    func location() -> String { origin.map { $0.advanced(in: text, by: item.range.location).description } ?? fallback }
                    switch item.kind {
                    case .expression(let body):
                        let parts = body.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        guard let first = parts.first, first.hasPrefix("results."), first.dropFirst(8).contains(".") else {
                            problem(location(), "unknown expression '{{ \(body) }}' (expected 'results.<step>.<field>')")
                            continue
                        }
                        if parts.count == 2 {
                            do throws(NumberStyleError) { _ = try NumberStyle.parse(parts[1]) } catch {
                                problem(location(), "unknown number format option '\(error.option)' in '{{ \(body) }}'")
                            }
                        }
                    case .reference(let kind, let name):
                        if labels["\(kind):\(name)"] == nil && !MarkdownReport.generatedLabels.contains("\(kind):\(name)") {
                            let what = ["fig": "figure", "tab": "table", "sec": "section", "eq": "equation", "cite": "citation"][kind] ?? kind
                            problem(location(), "unknown \(what) label '@\(kind):\(name)'")
                        }
                    case .unclosedExpression: problem(location(), "'{{' is not closed by '}}' on its line")
                    case .unclosedMath: problem(location(), "'$' opens mathematics that is not closed (write \\$ for a dollar sign)")
                    case .math(let tex):
                        if tex.isEmpty { problem(location(), "'$$' inside a paragraph: a displayed equation starts its own line") }
                        if tex.contains("\n\n") { problem(location(), "inline mathematics spans a blank line") }
                        do { _ = try TeXParser.parse(tex) } catch let error as MathError {
                            problem(location(), "in the formula '$\(tex)$': \(error)")
                        } catch {}
                    case .dollar: break
                    }
                }
            }
            check(document.abstract, origin: document.abstractAt, fallback: "\(file): abstract")
            func visit(_ sections: [ReportSection]) {
                for section in sections {
                    for block in section.blocks {
                        switch block {
                        case .prose(let text, let origin): check(text, origin: origin, fallback: file)
                        case .figure(let f): check(f.caption, origin: nil, fallback: "figure '\(f.name)' caption")
                        case .table(let t): check(t.caption, origin: nil, fallback: "table '\(t.name)' caption")
                        case .equation: break
                        }
                    }
                    visit(section.subsections)
                }
            }
            visit(document.sections)
            visit(document.appendix)
            for entry in document.references { check(entry.text, origin: entry.at, fallback: "reference '\(entry.key)'") }
        }

        // MARK: Names

        static func isName(_ s: String) -> Bool {
            !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }

        /// "Galactic-plane templates" -> "galactic-plane-templates".
        static func slug(_ title: String) -> String {
            var out = ""
            for c in title.lowercased() {
                if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.isEmpty && out.last != "-" { out.append("-") }
            }
            while out.last == "-" { out.removeLast() }
            return out.isEmpty ? "section" : out
        }
    }
}

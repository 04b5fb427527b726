import Foundation

/// A block of prose for the PDF, with its inline formatting as Pango markup.
enum ProseBlock: Equatable {
    case paragraph(String)
    /// A list item; `marker` is "•" or "3."; `depth` 0 for a top-level list.
    case listItem(String, marker: String, depth: Int)
    case code(String)
    /// A heading written inside prose (`### …`): set as a bold run-in line.
    case heading(String)
    case quote(String)
}

/// Converts the HTML that Ink makes from Markdown into Pango markup blocks.
///
/// Ink's output is a small, regular subset of HTML (p, em, strong, code, a, ul/ol/li, h1–h6,
/// blockquote, pre, br, hr, img, del, table); tags Pango has no counterpart for are dropped and
/// their text kept. Text is already XML-escaped by Ink, which is also what Pango expects.
enum ProseBlocks {
    static func from(html: String, monospaceFamily: String, linkColor: String) -> [ProseBlock] {
        var converter = Converter(mono: monospaceFamily, linkColor: linkColor)
        converter.run(html)
        return converter.blocks
    }

    private struct Converter {
        let mono: String
        let linkColor: String
        var blocks: [ProseBlock] = []
        var text = ""
        var lists: [(ordered: Bool, counter: Int)] = []
        var inPre = false
        var inQuote = false
        var inHeading = false
        var openLinks = 0

        init(mono: String, linkColor: String) {
            self.mono = mono
            self.linkColor = linkColor
        }

        mutating func run(_ html: String) {
            var i = html.startIndex
            while i < html.endIndex {
                if html[i] == "<", let close = html[i...].firstIndex(of: ">") {
                    tag(String(html[html.index(after: i)..<close]))
                    i = html.index(after: close)
                } else {
                    let next = html[i...].firstIndex(of: "<") ?? html.endIndex
                    var chunk = String(html[i..<next])
                    if !inPre { chunk = chunk.replacingOccurrences(of: "\n", with: " ") }
                    text += chunk.replacingOccurrences(of: "&nbsp;", with: "\u{00A0}")
                    i = next
                }
            }
            flush()
        }

        mutating func tag(_ raw: String) {
            let closing = raw.hasPrefix("/")
            let body = closing ? String(raw.dropFirst()) : raw
            let name = body.prefix { $0.isLetter || $0.isNumber }.lowercased()
            switch (name, closing) {
            case ("p", false), ("div", false): break
            case ("p", true), ("div", true): flush()
            case ("strong", false), ("b", false): text += "<b>"
            case ("strong", true), ("b", true): text += "</b>"
            case ("em", false), ("i", false): text += "<i>"
            case ("em", true), ("i", true): text += "</i>"
            case ("del", false), ("s", false): text += "<s>"
            case ("del", true), ("s", true): text += "</s>"
            case ("sup", _), ("sub", _): text += "<\(closing ? "/" : "")\(name)>"
            case ("code", false): if !inPre { text += "<span font_family=\"\(mono)\" size=\"88%\">" }
            case ("code", true): if !inPre { text += "</span>" }
            case ("a", false):
                let href = attribute("href", in: body) ?? ""
                text += href.isEmpty ? "<span foreground=\"\(linkColor)\">" : PDFLink.open(PDFLink.destination(href: href), color: linkColor)
                openLinks += 1
            case ("a", true): if openLinks > 0 { text += "</span>"; openLinks -= 1 }
            case ("br", _): text += "\u{2028}"
            case ("pre", false): flush(); inPre = true
            case ("pre", true): blocks.append(.code(text.trimmingCharacters(in: .newlines))); text = ""; inPre = false
            case ("blockquote", false): flush(); inQuote = true
            case ("blockquote", true): flush(); inQuote = false
            case ("ul", false), ("ol", false):
                flush()
                let start = attribute("start", in: body).flatMap(Int.init) ?? 1
                lists.append((name == "ol", start - 1))
            case ("ul", true), ("ol", true): flush(); _ = lists.popLast()
            case ("li", false):
                flush()
                if !lists.isEmpty { lists[lists.count - 1].counter += 1 }
            case ("li", true): flush()
            case ("h1", false), ("h2", false), ("h3", false), ("h4", false), ("h5", false), ("h6", false):
                flush(); inHeading = true
            case ("h1", true), ("h2", true), ("h3", true), ("h4", true), ("h5", true), ("h6", true):
                flush(); inHeading = false
            default: break // img, hr, table parts, unknown raw HTML: keep only the text
            }
        }

        mutating func flush() {
            let content = text.trimmingCharacters(in: .whitespaces)
            text = ""
            guard !content.isEmpty, !inPre else { return }
            if let list = lists.last {
                blocks.append(.listItem(content, marker: list.ordered ? "\(list.counter)." : (lists.count > 1 ? "–" : "•"),
                                        depth: lists.count - 1))
            } else if inHeading {
                blocks.append(.heading(content))
            } else if inQuote {
                blocks.append(.quote(content))
            } else {
                blocks.append(.paragraph(content))
            }
        }

        func attribute(_ name: String, in tag: String) -> String? {
            guard let range = tag.range(of: "\(name)=\"") else { return nil }
            let rest = tag[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }
}

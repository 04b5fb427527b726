import Foundation
import FolioMath

/// Plain-text views of rich text for `alt` attributes and for text cells.
public enum PlainText {
    /// The Markdown of `text` with tokens dropped to their visible text, for an `alt` attribute.
    static func of(_ text: RichText) -> String {
        var s = text.substitute(in: text.markdown) { token in
            switch token {
            case .number(_, _, let f): return f.displayText
            case .crossReference(let t, _): return t
            case .citation(let n, _): return "[\(n)]"
            case .math(let tex): return (try? TeXParser.parse(tex)).map(PlainMath.text) ?? tex
            case .literal(let t): return t
            }
        }
        for mark in ["**", "*", "_", "`"] { s = s.replacingOccurrences(of: mark, with: "") }
        return MarkdownEscaping.unescape(unicodeScripts(s))
    }

    /// `unicodeScripts`, for other modules: a figure title's `E<sup>−2.7</sup>` quoted as a
    /// parameter value reads `E⁻²·⁷`, not as markup.
    public static func withUnicodeScripts(_ text: String) -> String { unicodeScripts(text) }

    /// Inline HTML scripts as Unicode where every character has a Unicode form (`E<sup>−2.7</sup>`
    /// -> `E⁻²·⁷`), else as `^(…)`/`_(…)`; for `alt` attributes and other plain text, where markup
    /// would show literally.
    static func unicodeScripts(_ text: String) -> String {
        var s = text
        for (tag, unicode, mark) in [("sup", UnicodeScripts.superscript, "^"), ("sub", UnicodeScripts.subscript, "_")] {
            while let open = s.range(of: "<\(tag)>"), let close = s.range(of: "</\(tag)>", range: open.upperBound..<s.endIndex) {
                let inner = String(s[open.upperBound..<close.lowerBound])
                s.replaceSubrange(open.lowerBound..<close.upperBound, with: unicode(inner) ?? "\(mark)(\(inner))")
            }
        }
        return s
    }

    /// The text of a text cell (a single literal run), as the user wrote it.
    static func cellText(_ runs: [FormattedNumber.Run]) -> String {
        runs.map { run -> String in
            if case .literal(let t) = run { return t }
            if case .text(let t) = run { return t }
            return ""
        }.joined()
    }
}

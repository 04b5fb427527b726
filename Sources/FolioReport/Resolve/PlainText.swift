import Foundation

/// Plain-text views of rich text for `alt` attributes and for text cells.
enum PlainText {
    /// The Markdown of `text` with tokens dropped to their visible text, for an `alt` attribute.
    static func of(_ text: RichText) -> String {
        var s = text.substitute(in: text.markdown) { token in
            switch token {
            case .number(_, _, let f): return f.displayText
            case .crossReference(let t, _): return t
            case .citation(let n, _): return "[\(n)]"
            }
        }
        for mark in ["**", "*", "_", "`"] { s = s.replacingOccurrences(of: mark, with: "") }
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

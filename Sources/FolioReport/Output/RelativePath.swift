import Foundation

/// A relative URL path from a folder to a file, for links inside the HTML report.
enum RelativePath {
    static func from(_ directory: URL, to file: URL) -> String {
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let target = file.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        let path = (ups + target[common...]).joined(separator: "/")
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}

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

    /// Text runs joined (text cells are a single text run).
    static func escapeOnly(_ runs: [FormattedNumber.Run]) -> String {
        runs.map { run -> String in
            if case .literal(let t) = run { return t }
            if case .text(let t) = run { return t }
            return ""
        }.joined()
    }
}

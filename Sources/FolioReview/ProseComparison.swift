import Foundation

/// Compares the prose of two HTML reports after number substitution: the visible text, one line
/// per paragraph, heading, list item or table cell, diffed with Swift's Myers difference.
public enum ProseComparison {
    /// "- old line" / "+ new line" for every paragraph that changed, in document order.
    public static func compare(oldHTML: String, newHTML: String) -> [String] {
        let a = visibleLines(oldHTML), b = visibleLines(newHTML)
        return b.difference(from: a).map { change in
            switch change {
            case .remove(_, let line, _): return "- \(line)"
            case .insert(_, let line, _): return "+ \(line)"
            }
        }
    }

    /// The text a reader sees, one line per block element, whitespace collapsed.
    static func visibleLines(_ html: String) -> [String] {
        var text = html
        for pattern in ["(?is)<head.*?</head>", "(?is)<script.*?</script>", "(?is)<style.*?</style>"] {
            text = text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: "(?i)</(p|li|h[1-6]|td|th|figcaption|caption|div|tr)>|<br\\s*/?>",
                                         with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for (entity, character) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " ")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(separator: "\n").map {
            $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }.filter { !$0.isEmpty }
    }
}

import Foundation

/// The inline syntax Folio adds to Markdown, found in one pass over the source text so that every
/// item has its exact offset (for `file:line:column` in errors):
/// `{{ … }}` expressions, `$…$` mathematics, `\$` literal dollars, and `@fig:`/`@tab:`/`@sec:`/
/// `@eq:`/`@cite:` references. Code spans (`` `…` ``) are left alone.
///
/// Mathematics follows Pandoc's rule: an opening `$` has a non-space right after it, a closing `$`
/// a non-space right before it and no digit after it. A `$` that opens and never closes in the same
/// block is an error (write `\$` for a dollar sign).
enum InlineSyntax {
    enum Kind: Equatable {
        /// `{{ body }}`; `body` trimmed.
        case expression(String)
        case math(String)
        case dollar
        /// `@kind:name`.
        case reference(kind: String, name: String)
        /// `{{` without `}}` on its line.
        case unclosedExpression
        /// `$` without its closing `$`.
        case unclosedMath
    }

    struct Item {
        var kind: Kind
        /// UTF-16 range in the text.
        var range: NSRange
    }

    static let referenceKinds = ["fig", "tab", "sec", "eq", "cite"]
    // `@fig:name`, not preceded by a word character (so e-mail addresses are left alone).
    private static let reference = try! NSRegularExpression(
        pattern: #"(?<![\w@])@(fig|tab|sec|eq|cite):([\w][\w-]*[\w]|[\w])"#)

    static func scan(_ text: String) -> [Item] {
        let s = Array(text.utf16)
        var items: [Item] = []
        var covered: [NSRange] = []
        func char(_ k: Int) -> UInt16? { k < s.count ? s[k] : nil }
        let backtick = UInt16(UInt8(ascii: "`")), dollar = UInt16(UInt8(ascii: "$")), backslash = UInt16(UInt8(ascii: "\\"))
        let brace = UInt16(UInt8(ascii: "{")), closeBrace = UInt16(UInt8(ascii: "}"))
        func isSpace(_ c: UInt16?) -> Bool { c == nil || c == 32 || c == 9 || c == 10 || c == 13 }
        func isDigit(_ c: UInt16?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == backslash, char(i + 1) == dollar {
                items.append(Item(kind: .dollar, range: NSRange(location: i, length: 2)))
                covered.append(NSRange(location: i, length: 2))
                i += 2
            } else if c == backslash {
                i += 2
            } else if c == backtick {
                // A code span: skip to the closing run of as many backticks.
                var n = 0
                while char(i + n) == backtick { n += 1 }
                var j = i + n
                var closed = false
                while j < s.count {
                    if s[j] == backtick {
                        var m = 0
                        while char(j + m) == backtick { m += 1 }
                        if m == n { closed = true; j += m; break }
                        j += m
                    } else { j += 1 }
                }
                covered.append(NSRange(location: i, length: (closed ? j : i + n) - i))
                i = closed ? j : i + n
            } else if c == brace, char(i + 1) == brace {
                // A placeholder is closed on its own line.
                var j = i + 2
                while j + 1 < s.count, s[j] != 10, !(s[j] == closeBrace && s[j + 1] == closeBrace) { j += 1 }
                if j + 1 < s.count, s[j] == closeBrace {
                    let body = String(utf16CodeUnits: Array(s[(i + 2)..<j]), count: j - i - 2).trimmingCharacters(in: .whitespacesAndNewlines)
                    items.append(Item(kind: .expression(body), range: NSRange(location: i, length: j + 2 - i)))
                    covered.append(NSRange(location: i, length: j + 2 - i))
                    i = j + 2
                } else {
                    items.append(Item(kind: .unclosedExpression, range: NSRange(location: i, length: 2)))
                    i += 2
                }
            } else if c == dollar {
                guard !isSpace(char(i + 1)) else { i += 1; continue }  // "$ 5": not mathematics
                var j = i + 1
                var close: Int?
                while j < s.count {
                    if s[j] == backslash { j += 2; continue }
                    if s[j] == dollar, !isSpace(s[j - 1]), !isDigit(char(j + 1)) { close = j; break }
                    j += 1
                }
                if let close {
                    let tex = String(utf16CodeUnits: Array(s[(i + 1)..<close]), count: close - i - 1)
                    items.append(Item(kind: .math(tex), range: NSRange(location: i, length: close + 1 - i)))
                    covered.append(NSRange(location: i, length: close + 1 - i))
                    i = close + 1
                } else {
                    items.append(Item(kind: .unclosedMath, range: NSRange(location: i, length: 1)))
                    i += 1
                }
            } else {
                i += 1
            }
        }
        for match in reference.matches(in: text, range: NSRange(location: 0, length: s.count)) {
            guard !covered.contains(where: { NSIntersectionRange($0, match.range).length > 0 }) else { continue }
            let ns = text as NSString
            items.append(Item(kind: .reference(kind: ns.substring(with: match.range(at: 1)), name: ns.substring(with: match.range(at: 2))),
                              range: match.range))
        }
        return items.sorted { $0.range.location < $1.range.location }
    }
}

/// A number laid out as typographic runs, so that HTML, Pango (PDF) and plain text (CSV) all show
/// the same digits: "(2.2 ± 0.4) × 10⁻¹¹", "2.2⁺⁰·⁵₋₀.₄ × 10⁻¹¹", "< 3.1 × 10⁻¹¹ (90% CL)".
///
/// Runs hold ASCII hyphens for minus signs; the rich renderers turn them into U+2212 (−).
public struct FormattedNumber: Hashable, Sendable {
    public enum Run: Hashable, Sendable {
        case text(String)
        /// Text set as given (a column header): hyphens stay hyphens.
        case literal(String)
        case superscript(String)
        /// An asymmetric interval, set as a stacked superscript/subscript pair.
        case interval(plus: String, minus: String)
    }

    public var runs: [Run]

    public init(runs: [Run]) { self.runs = runs }

    /// ASCII text for CSV and terminals: `2.2 +0.5/-0.4 x 10^-11 GeV cm^-2 s^-1 sr^-1`.
    public var plainText: String {
        var out = ""
        for run in runs {
            switch run {
            case .text("σ"), .text("°"):
                // A unit run: "4.7 sigma" after a number, "[sigma]" in a header.
                let word = runs.count == 1 || out.last == "[" ? "" : " "
                if case .text("σ") = run { out += word + "sigma" } else { out += word + "deg" }
            case .text(let t):
                out += t.replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "±", with: "+/-")
                    .replacingOccurrences(of: "\u{2009}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
            case .literal(let t): out += t
            case .superscript(let s): out += "^" + s
            case .interval(let plus, let minus): out += " +\(plus)/-\(minus)"
            }
        }
        return out
    }

    /// Unicode text as a reader sees it, with real minus signs: "(2.2 ± 0.4) × 10^−11" style
    /// flattened (superscripts inline); used to find the number in `pdftotext` output.
    public var displayText: String {
        var out = ""
        for run in runs {
            switch run {
            case .text(let t): out += Self.typographicMinus(t)
            case .literal(let t): out += t
            case .superscript(let s): out += Self.typographicMinus(s)
            case .interval(let plus, let minus): out += "+\(plus)−\(minus)"
            }
        }
        return out
    }

    /// HTML with `<sup>` and a stacked interval; the caller wraps it in a provenance link.
    /// The runs cut after the integer digits of the first number ("−29" | ".01", "< 2" | ".2 (90% CL)"),
    /// for aligning a column on its decimal points; nil when there is no digit outside a script.
    public func splitAtDecimal() -> (integer: FormattedNumber, rest: FormattedNumber)? {
        for (i, run) in runs.enumerated() {
            let text: String
            switch run {
            case .text(let t), .literal(let t): text = t
            default: continue
            }
            guard let first = text.firstIndex(where: \.isNumber) else { continue }
            // The integer part runs over thin-space digit groups ("58 108 832").
            var end = first
            while end < text.endIndex {
                if text[end].isNumber { end = text.index(after: end); continue }
                let next = text.index(after: end)
                if text[end] == "\u{2009}", next < text.endIndex, text[next].isNumber { end = next; continue }
                break
            }
            func make(_ t: Substring) -> Run { if case .literal = run { .literal(String(t)) } else { .text(String(t)) } }
            let head = Array(runs[..<i]) + [make(text[..<end])]
            let tail = (end < text.endIndex ? [make(text[end...])] : []) + Array(runs[(i + 1)...])
            return (FormattedNumber(runs: head), FormattedNumber(runs: tail))
        }
        return nil
    }

    public var html: String {
        var out = ""
        for run in runs {
            switch run {
            case .text(let t): out += HTMLEscaping.escape(Self.typographicMinus(t))
            case .literal(let t): out += HTMLEscaping.escape(t)
            case .superscript(let s): out += "<sup>\(HTMLEscaping.escape(Self.typographicMinus(s)))</sup>"
            case .interval(let plus, let minus):
                out += "<span class=\"interval\"><sup>+\(HTMLEscaping.escape(plus))</sup>"
                    + "<sub>−\(HTMLEscaping.escape(minus))</sub></span>"
            }
        }
        return out
    }

    /// Pango markup; an interval is encoded for ``StackedInterval`` (which the PDF's ``TextBox``
    /// draws stacked), since Pango markup itself cannot stack.
    public var pangoMarkup: String {
        var out = ""
        for run in runs {
            switch run {
            case .text(let t): out += HTMLEscaping.escape(Self.unbreakable(Self.typographicMinus(t)))
            case .literal(let t): out += HTMLEscaping.escape(t)
            case .superscript(let s): out += "<sup>\(HTMLEscaping.escape(Self.typographicMinus(s)))</sup>"
            case .interval(let plus, let minus):
                out += "\u{E010}+\(HTMLEscaping.escape(plus))\u{E011}−\(HTMLEscaping.escape(minus))\u{E012}"
            }
        }
        return out
    }

    /// A number never breaks across lines (nor between number and unit): no-break spaces.
    static func unbreakable(_ s: String) -> String {
        s.replacingOccurrences(of: " ", with: "\u{00A0}").replacingOccurrences(of: "\u{2009}", with: "\u{202F}")
    }

    static func typographicMinus(_ s: String) -> String {
        s.replacingOccurrences(of: "-", with: "\u{2212}")
    }
}

/// The five XML escapes, shared by HTML and Pango markup.
enum HTMLEscaping {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

import Foundation

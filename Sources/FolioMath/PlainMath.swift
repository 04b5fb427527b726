/// A formula as plain Unicode text, for places that show no markup (`alt` attributes, plain-text
/// checks): "TS = 2 ln L(n̂ₛ)/L(0)". Scripts are Unicode where every character has a form, else
/// `^(…)`/`_(…)`; a fraction is a slash, with parentheses round a part of more than one symbol.
public enum PlainMath {
    public static func text(_ node: MathNode) -> String {
        switch node {
        case .atom(let s, _, _): return s
        case .row(let nodes): return row(nodes)
        case .scripts(let base, let sup, let sub):
            return text(base) + (sub.map { script(text($0), UnicodeScripts.subscript, "_") } ?? "")
                + (sup.map { script(text($0), UnicodeScripts.superscript, "^") } ?? "")
        case .fraction(let n, let d): return grouped(n) + "/" + grouped(d)
        case .radical(let r): return "√" + grouped(r)
        case .bigOperator(let s, let sub, let sup):
            return s + (sub.map { script(text($0), UnicodeScripts.subscript, "_") } ?? "")
                + (sup.map { script(text($0), UnicodeScripts.superscript, "^") } ?? "")
        case .delimited(let l, let r, let body): return l + text(body) + r
        case .accent(let a, let base): return text(base) + (combining[a] ?? "")
        case .text(let t): return t
        case .space(let em): return em >= 0.5 ? " " : em > 0 ? "\u{2009}" : ""
        }
    }

    /// Spaces where TeX puts them: around relations and binary operators (not signs), after
    /// punctuation, and a thin space on either side of a function name next to its argument.
    static func row(_ nodes: [MathNode]) -> String {
        let classes = MathNode.rowClasses(nodes)
        var out = ""
        for (i, node) in nodes.enumerated() {
            let piece = text(node)
            switch classes[i] {
            case .relation?, .binary?: out += " \(piece) "
            case .punctuation?: out += piece + " "
            case .largeOperator? where node.isFunctionName:
                if i > 0, classes[i - 1] == .ordinary || classes[i - 1] == .closing { out += "\u{2009}" }
                out += piece
                if i + 1 < nodes.count, classes[i + 1] == .ordinary { out += "\u{2009}" }
            default:
                out += piece
                // "a/b c", not "a/bc": a slash binds only as far as the reader can see.
                if case .fraction = node, i + 1 < nodes.count, classes[i + 1] == .ordinary { out += " " }
            }
        }
        return out
    }

    /// Parenthesised when it holds an operator with spaces or a slash of its own: "(N − nₛ)".
    private static func grouped(_ node: MathNode) -> String {
        let t = text(node)
        return t.contains(" ") || t.contains("/") ? "(\(t))" : t
    }

    private static func script(_ t: String, _ unicode: (String) -> String?, _ mark: String) -> String {
        unicode(t) ?? "\(mark)(\(t))"
    }

    /// Combining marks for the accents `TeXParser` reads.
    private static let combining: [String: String] = ["^": "\u{0302}", "¯": "\u{0304}", "~": "\u{0303}", "→": "\u{20D7}", "˙": "\u{0307}"]
}

/// Unicode super- and subscript characters, for plain text that cannot raise or lower.
public enum UnicodeScripts {
    /// `text` raised, or nil if a character has no superscript form.
    public static func superscript(_ text: String) -> String? { map(text, superscripts) }
    /// `text` lowered, or nil if a character has no subscript form.
    public static func `subscript`(_ text: String) -> String? { map(text, subscripts) }

    private static func map(_ text: String, _ table: [Character: Character]) -> String? {
        var out = ""
        for c in text {
            guard let m = table[c] else { return nil }
            out.append(m)
        }
        return out
    }

    private static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "-": "⁻", "−": "⁻", "+": "⁺", ".": "·", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ",
    ]
    private static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "-": "₋", "−": "₋", "+": "₊", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "o": "ₒ", "x": "ₓ", "s": "ₛ",
        "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "n": "ₙ", "p": "ₚ", "t": "ₜ", "l": "ₗ", "m": "ₘ", "r": "ᵣ", "γ": "ᵧ",
    ]
}

import Foundation

/// A legible rendering of a TeX formula until real typesetting arrives (issue #14: KaTeX/MathJax
/// or SVG): Latin variables in italic, Greek letters and operators as Unicode, `^`/`_` as raised
/// and lowered text, `\frac{a}{b}` as a/b. The TeX source stays in the document, so a later
/// typesetter reads the same input; nothing of the TeX syntax (`\`, `{`, `^`) reaches the page.
///
/// ```swift
/// TeXMath.parse(#"TS = 2 \ln \frac{L(\hat n_s)}{L(0)}"#).plainText   // "TS = 2 ln L(n̂ₛ)/L(0)" style
/// ```
public enum TeXMath {
    public indirect enum Node: Hashable, Sendable {
        case text(String, italic: Bool)
        case superscript([Node])
        case `subscript`([Node])
    }

    /// The formula as nodes; unknown commands are shown by their name, upright.
    public static func parse(_ tex: String) -> [Node] {
        var parser = Parser(Array(tex))
        return parser.sequence(until: nil)
    }

    // MARK: - Output

    /// HTML (text escaped; `<i>`, `<sup>`, `<sub>`).
    public static func html(_ tex: String) -> String { html(parse(tex)) }

    /// Pango markup (text escaped; `<i>`, `<sup>`, `<sub>`).
    public static func pango(_ tex: String) -> String { html(parse(tex)) }

    /// Unicode text with scripts inline, for `alt` attributes and plain-text checks.
    public static func plainText(_ tex: String) -> String { plain(parse(tex)) }

    static func html(_ nodes: [Node]) -> String {
        nodes.map { node -> String in
            switch node {
            case .text(let t, let italic): return italic ? "<i>\(HTMLEscaping.escape(t))</i>" : HTMLEscaping.escape(t)
            case .superscript(let inner): return "<sup>\(html(inner))</sup>"
            case .subscript(let inner): return "<sub>\(html(inner))</sub>"
            }
        }.joined()
    }

    static func plain(_ nodes: [Node]) -> String {
        nodes.map { node -> String in
            switch node {
            case .text(let t, _): return t
            case .superscript(let inner), .subscript(let inner): return plain(inner)
            }
        }.joined()
    }

    // MARK: - Symbols

    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
        "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
    /// Relations and binary operators: set with spaces around them.
    static let operators: [String: String] = [
        "cdot": "·", "times": "×", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
        "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "propto": "∝", "to": "→",
        "rightarrow": "→", "leftarrow": "←", "equiv": "≡", "in": "∈", "ll": "≪", "gg": "≫",
    ]
    static let symbols: [String: String] = [
        "sum": "∑", "prod": "∏", "int": "∫", "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ",
        "ldots": "…", "cdots": "⋯", "dots": "…", "prime": "′", "circ": "∘", "degree": "°",
        "{": "{", "}": "}", "%": "%", "$": "$", "_": "_", "&": "&", "#": "#", "|": "‖",
        "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|",
        "quad": "\u{2003}", "qquad": "\u{2003}\u{2003}", ",": "\u{2009}", ";": "\u{2005}", ":": "\u{2005}", " ": " ",
        "!": "",
    ]
    static let functions: Set<String> = ["ln", "log", "exp", "sin", "cos", "tan", "max", "min", "arg", "lim", "det",
                                         "sinh", "cosh", "tanh", "erf", "sup", "inf"]
    static let accents: [String: String] = ["hat": "\u{0302}", "bar": "\u{0304}", "tilde": "\u{0303}", "vec": "\u{20D7}",
                                            "dot": "\u{0307}", "ddot": "\u{0308}", "overline": "\u{0305}"]
    static let ignored: Set<String> = ["left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                                       "displaystyle", "textstyle", "limits", "nolimits"]

    private struct Parser {
        let chars: [Character]
        var i = 0
        init(_ chars: [Character]) { self.chars = chars }

        mutating func sequence(until close: Character?) -> [Node] {
            var nodes: [Node] = []
            while i < chars.count {
                let c = chars[i]
                if let close, c == close { i += 1; return nodes }
                let fractionBefore = afterFraction
                afterFraction = false
                let atomNodes = atom(scriptable: true, previous: nodes)
                if atomNodes.isEmpty { afterFraction = afterFraction || fractionBefore; continue }  // white space
                // A factor after a fraction: a space, so that a/b c does not read a/bc.
                if fractionBefore, case .text(let t, _)? = atomNodes.first, let first = t.first, first.isLetter || first == "(" {
                    nodes.append(.text(" ", italic: false))
                }
                nodes += atomNodes
            }
            return nodes
        }

        /// Set after `\frac`, read by the next element of the sequence.
        var afterFraction = false

        /// One element: a character, a command, a group, or a script attached to what precedes.
        mutating func atom(scriptable: Bool, previous: [Node]) -> [Node] {
            let c = chars[i]
            switch c {
            case " ", "\t", "\n":
                i += 1
                return []
            case "{":
                i += 1
                return sequence(until: "}")
            case "^", "_":
                i += 1
                let inner = argument()
                return [c == "^" ? .superscript(inner) : .subscript(inner)]
            case "\\":
                return command(previous: previous)
            case "~":
                i += 1
                return [.text("\u{00A0}", italic: false)]
            case "-":
                i += 1
                return [.text(previous.isEmpty ? "−" : " − ", italic: false)]
            case "+", "=", "<", ">":
                i += 1
                return [.text(previous.isEmpty ? String(c) : " \(c) ", italic: false)]
            case "'":
                i += 1
                return [.text("′", italic: false)]
            default:
                i += 1
                return [.text(String(c), italic: c.isLetter && c.isASCII)]
            }
        }

        /// The argument of a script or command: a group or a single element.
        mutating func argument() -> [Node] {
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count else { return [] }
            if chars[i] == "{" { i += 1; return sequence(until: "}") }
            return atom(scriptable: false, previous: [])
        }

        /// The raw text of a `{…}` group (for `\text{…}`).
        mutating func rawGroup() -> String {
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i < chars.count, chars[i] == "{" else { return "" }
            i += 1
            var depth = 1, out = ""
            while i < chars.count {
                let c = chars[i]; i += 1
                if c == "{" { depth += 1 } else if c == "}" { depth -= 1; if depth == 0 { break } }
                out.append(c)
            }
            return out
        }

        mutating func command(previous: [Node] = []) -> [Node] {
            i += 1  // the backslash
            guard i < chars.count else { return [] }
            var name = ""
            if chars[i].isLetter {
                while i < chars.count, chars[i].isLetter { name.append(chars[i]); i += 1 }
            } else {
                name = String(chars[i]); i += 1
            }
            if let g = TeXMath.greek[name] { return [.text(g, italic: name.first!.isLowercase)] }
            if let op = TeXMath.operators[name] { return [.text(" \(op) ", italic: false)] }
            if let s = TeXMath.symbols[name] { return s.isEmpty ? [] : [.text(s, italic: false)] }
            if TeXMath.functions.contains(name) {
                // Thin spaces around ln, exp, …, as TeX sets an operator name.
                return (previous.isEmpty ? [] : [.text("\u{2009}", italic: false)]) + [.text(name, italic: false), .text("\u{2009}", italic: false)]
            }
            if TeXMath.ignored.contains(name) {
                // `\left.` is an invisible delimiter.
                if (name == "left" || name == "right"), i < chars.count, chars[i] == "." { i += 1 }
                return []
            }
            if let mark = TeXMath.accents[name] {
                var inner = argument()
                if case .text(let t, let italic)? = inner.last { inner[inner.count - 1] = .text(t + mark, italic: italic) }
                return inner
            }
            switch name {
            case "text", "mathrm", "textrm", "operatorname", "mbox":
                return [.text(rawGroup(), italic: false)]
            case "mathit", "textit":
                return [.text(rawGroup(), italic: true)]
            case "mathbf", "boldsymbol", "mathcal", "mathbb":
                return argument()
            case "frac", "dfrac", "tfrac":
                let numerator = argument(), denominator = argument()
                afterFraction = true
                return Self.grouped(numerator) + [.text("/", italic: false)] + Self.grouped(denominator)
            case "sqrt":
                return [.text("√", italic: false)] + Self.grouped(argument())
            default:
                return [.text(name, italic: false)]
            }
        }

        /// A fraction's part or a root's argument: in parentheses when it holds an operator
        /// (operators are set with spaces), so that `\frac{a - b}{c}` reads (a − b)/c.
        static func grouped(_ nodes: [Node]) -> [Node] {
            let hasOperator = nodes.contains { if case .text(let t, _) = $0 { t.contains(" ") } else { false } }
            return hasOperator ? [.text("(", italic: false)] + nodes + [.text(")", italic: false)] : nodes
        }
    }
}

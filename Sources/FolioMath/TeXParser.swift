/// Parses the TeX subset a physics report needs into a ``MathNode``: letters, digits, Greek,
/// operators and relations, `^` and `_`, `\frac`, `\sqrt`, `\sum`/`\prod`/`\int` with limits,
/// `\left … \right`, `\hat`/`\bar`/`\tilde`, `\text`/`\mathrm`, function names (`\ln`, `\exp`, …)
/// and explicit spaces. Anything else is an error that names the command and its position, so a
/// typo in a report's Markdown is found at build time rather than printed.
public struct TeXParser {
    private let chars: [Character]
    private var i = 0

    public static func parse(_ tex: String) throws -> MathNode {
        var parser = TeXParser(chars: Array(tex))
        let row = try parser.parseRow(until: nil)
        return row
    }

    private init(chars: [Character]) { self.chars = chars }

    // MARK: Symbol tables

    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
        "chi": "χ", "psi": "ψ", "omega": "ω",
    ]
    /// Capital Greek is upright, as in TeX.
    static let capitalGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
    static let symbols: [String: (String, MathClass)] = [
        "pm": ("±", .binary), "mp": ("∓", .binary), "times": ("×", .binary), "cdot": ("⋅", .binary),
        "div": ("÷", .binary), "ast": ("∗", .binary), "star": ("⋆", .binary), "circ": ("∘", .binary),
        "oplus": ("⊕", .binary), "otimes": ("⊗", .binary), "cup": ("∪", .binary), "cap": ("∩", .binary),
        "leq": ("≤", .relation), "le": ("≤", .relation), "geq": ("≥", .relation), "ge": ("≥", .relation),
        "neq": ("≠", .relation), "ne": ("≠", .relation), "approx": ("≈", .relation), "sim": ("∼", .relation),
        "simeq": ("≃", .relation), "equiv": ("≡", .relation), "propto": ("∝", .relation), "ll": ("≪", .relation),
        "gg": ("≫", .relation), "in": ("∈", .relation), "notin": ("∉", .relation), "subset": ("⊂", .relation),
        "to": ("→", .relation), "rightarrow": ("→", .relation), "leftarrow": ("←", .relation),
        "Rightarrow": ("⇒", .relation), "mapsto": ("↦", .relation), "mid": ("∣", .relation), "perp": ("⊥", .relation),
        "infty": ("∞", .ordinary), "partial": ("∂", .ordinary), "nabla": ("∇", .ordinary), "ell": ("ℓ", .ordinary),
        "hbar": ("ℏ", .ordinary), "odot": ("⊙", .ordinary), "prime": ("′", .ordinary), "degree": ("°", .ordinary),
        "ldots": ("…", .ordinary), "cdots": ("⋯", .ordinary), "forall": ("∀", .ordinary), "exists": ("∃", .ordinary),
        "langle": ("⟨", .opening), "rangle": ("⟩", .closing), "lvert": ("|", .opening), "rvert": ("|", .closing),
        "lbrace": ("{", .opening), "rbrace": ("}", .closing), "{": ("{", .opening), "}": ("}", .closing),
        "|": ("‖", .ordinary), "%": ("%", .ordinary), "#": ("#", .ordinary), "&": ("&", .ordinary), "_": ("_", .ordinary),
    ]
    static let functions: Set<String> = ["ln", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "max", "min",
                                         "arg", "lim", "sup", "inf", "det", "erf", "erfc", "sgn"]
    static let bigOperators: [String: String] = ["sum": "∑", "prod": "∏", "int": "∫", "oint": "∮", "bigcup": "⋃"]
    static let spaces: [String: Double] = [",": 3.0 / 18, ":": 4.0 / 18, ";": 5.0 / 18, "!": -3.0 / 18, " ": 1.0 / 3,
                                           "quad": 1, "qquad": 2]
    static let accents: [String: String] = ["hat": "^", "widehat": "^", "bar": "¯", "overline": "¯", "tilde": "~", "vec": "→", "dot": "˙"]
    static let delimiters: [String: String] = ["(": "(", ")": ")", "[": "[", "]": "]", "|": "|", ".": "",
                                               "\\{": "{", "\\}": "}", "\\langle": "⟨", "\\rangle": "⟩", "\\|": "‖",
                                               "\\lvert": "|", "\\rvert": "|"]

    // MARK: Parsing

    private var atEnd: Bool { i >= chars.count }

    private mutating func skipSpaces() { while !atEnd, chars[i].isWhitespace { i += 1 } }

    /// Atoms up to `terminator` ("}" or "right"), with scripts attached to the atom before them.
    private mutating func parseRow(until terminator: String?) throws -> MathNode {
        var nodes: [MathNode] = []
        while true {
            skipSpaces()
            if atEnd {
                if let terminator { throw MathError(message: terminator == "}" ? "a '{' is never closed" : "\\left without \\right", offset: chars.count) }
                break
            }
            let c = chars[i]
            if c == "}" {
                guard terminator == "}" else { throw MathError(message: "'}' without an opening '{'", offset: i) }
                i += 1
                break
            }
            if terminator == "right", c == "\\", peekCommand() == "right" { break }
            if c == "^" || c == "_" {
                i += 1
                let argument = try parseArgument(after: String(c))
                let base = nodes.popLast() ?? .row([])
                nodes.append(try attach(script: c, argument, to: base))
                continue
            }
            if c == "'" {
                i += 1
                let base = nodes.popLast() ?? .row([])
                nodes.append(try attach(script: "^", .atom("′", .ordinary, .upright), to: base))
                continue
            }
            nodes.append(try parseAtom())
        }
        return nodes.count == 1 ? nodes[0] : .row(nodes)
    }

    private func peekCommand() -> String? {
        guard i < chars.count, chars[i] == "\\" else { return nil }
        var j = i + 1
        var name = ""
        while j < chars.count, chars[j].isLetter { name.append(chars[j]); j += 1 }
        return name
    }

    private func attach(script: Character, _ argument: MathNode, to base: MathNode) throws -> MathNode {
        switch base {
        case .bigOperator(let symbol, let sub, let sup):
            if script == "^" { guard sup == nil else { throw MathError(message: "double superscript", offset: i) }
                return .bigOperator(symbol, sub: sub, sup: argument) }
            guard sub == nil else { throw MathError(message: "double subscript", offset: i) }
            return .bigOperator(symbol, sub: argument, sup: sup)
        case .scripts(let b, let sup, let sub):
            if script == "^" {
                guard sup == nil else { throw MathError(message: "double superscript (use braces: x^{ab})", offset: i) }
                return .scripts(base: b, sup: argument, sub: sub)
            }
            guard sub == nil else { throw MathError(message: "double subscript (use braces: x_{ab})", offset: i) }
            return .scripts(base: b, sup: sup, sub: argument)
        default:
            return script == "^" ? .scripts(base: base, sup: argument, sub: nil) : .scripts(base: base, sup: nil, sub: argument)
        }
    }

    /// A braced group or a single token, as the argument of `^`, `_` or a command.
    private mutating func parseArgument(after what: String) throws -> MathNode {
        skipSpaces()
        guard !atEnd else { throw MathError(message: "\(what) needs an argument", offset: i) }
        if chars[i] == "{" {
            i += 1
            return try parseRow(until: "}")
        }
        if chars[i] == "}" || chars[i] == "^" || chars[i] == "_" { throw MathError(message: "\(what) needs an argument", offset: i) }
        // A single character, or a single command (x^\prime, e^\alpha).
        if chars[i].isNumber { let d = chars[i]; i += 1; return .atom(String(d), .ordinary, .upright) }
        return try parseAtom()
    }

    /// Raw text of a braced group (for \text and \mathrm).
    private mutating func parseRawGroup(after what: String) throws -> String {
        skipSpaces()
        guard !atEnd, chars[i] == "{" else { throw MathError(message: "\\\(what) needs a braced argument", offset: i) }
        let start = i
        i += 1
        var depth = 1
        var text = ""
        while !atEnd {
            let c = chars[i]
            i += 1
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1; if depth == 0 { return text } }
            text.append(c)
        }
        throw MathError(message: "a '{' is never closed", offset: start)
    }

    private mutating func parseAtom() throws -> MathNode {
        let c = chars[i]
        if c == "{" {
            i += 1
            return try parseRow(until: "}")
        }
        if c == "\\" { return try parseCommand() }
        i += 1
        if c.isNumber || c == "." && i < chars.count && chars[i].isNumber {
            // A number is one atom: "2.7", "100".
            var number = String(c)
            while !atEnd, chars[i].isNumber || (chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                number.append(chars[i]); i += 1
            }
            return .atom(number, .ordinary, .upright)
        }
        if c.isLetter { return .atom(String(c), .ordinary, c.isASCII ? .italic : .upright) }
        switch c {
        case "+": return .atom("+", .binary, .upright)
        case "-": return .atom("−", .binary, .upright)
        case "*": return .atom("∗", .binary, .upright)
        case "=", "<", ">": return .atom(String(c), .relation, .upright)
        case ",", ";": return .atom(String(c), .punctuation, .upright)
        case "(", "[": return .atom(String(c), .opening, .upright)
        case ")", "]", "!", "?": return .atom(String(c), .closing, .upright)
        case "|", "/", ".", ":": return .atom(String(c), c == ":" ? .relation : .ordinary, .upright)
        case "~": return .space(1.0 / 3)
        case "&", "#", "%", "$": throw MathError(message: "'\(c)' is not allowed in a formula (write \\\(c))", offset: i - 1)
        default: return .atom(String(c), .ordinary, .upright)
        }
    }

    private mutating func parseCommand() throws -> MathNode {
        let start = i
        i += 1
        guard !atEnd else { throw MathError(message: "a formula cannot end with '\\'", offset: start) }
        var name = ""
        if chars[i].isLetter {
            while !atEnd, chars[i].isLetter { name.append(chars[i]); i += 1 }
        } else {
            name = String(chars[i]); i += 1
        }
        if let g = Self.greek[name] { return .atom(g, .ordinary, .italic) }
        if let g = Self.capitalGreek[name] { return .atom(g, .ordinary, .upright) }
        if let (s, c) = Self.symbols[name] { return .atom(s, c, .upright) }
        if let space = Self.spaces[name] { return .space(space) }
        if let op = Self.bigOperators[name] { return .bigOperator(op, sub: nil, sup: nil) }
        if Self.functions.contains(name) { return .atom(name, .largeOperator, .upright) }
        if let accent = Self.accents[name] { return .accent(accent, try parseArgument(after: "\\\(name)")) }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = try parseArgument(after: "\\\(name)")
            return .fraction(numerator, try parseArgument(after: "\\\(name)"))
        case "sqrt": return .radical(try parseArgument(after: "\\sqrt"))
        case "text", "mathrm", "textrm", "operatorname", "mbox":
            let text = try parseRawGroup(after: name)
            return name == "operatorname" ? .atom(text, .largeOperator, .upright) : .text(text)
        case "mathit": return .atom(try parseRawGroup(after: name), .ordinary, .italic)
        case "mathbf", "boldsymbol": return .text(try parseRawGroup(after: name))
        case "left":
            let left = try parseDelimiter(after: "\\left")
            let body = try parseRow(until: "right")
            guard peekCommand() == "right" else { throw MathError(message: "\\left without \\right", offset: start) }
            i += "\\right".count
            return .delimited(left: left, right: try parseDelimiter(after: "\\right"), body)
        case "right": throw MathError(message: "\\right without \\left", offset: start)
        default: throw MathError(message: "unknown command \\\(name)", offset: start)
        }
    }

    private mutating func parseDelimiter(after what: String) throws -> String {
        skipSpaces()
        guard !atEnd else { throw MathError(message: "\(what) needs a delimiter", offset: i) }
        var token = String(chars[i])
        i += 1
        if token == "\\" {
            while !atEnd, chars[i].isLetter { token.append(chars[i]); i += 1 }
            if token == "\\", !atEnd { token.append(chars[i]); i += 1 }
        }
        guard let d = Self.delimiters[token] else { throw MathError(message: "\(what) cannot take '\(token)' as a delimiter", offset: i - token.count) }
        return d
    }
}

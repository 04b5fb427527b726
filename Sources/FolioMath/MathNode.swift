/// A formula as a tree, parsed from the TeX subset of ``TeXParser``: one value that both outputs
/// read, so the HTML (MathML) and the PDF (``MathLayout``) show the same mathematics.
public indirect enum MathNode: Hashable, Sendable {
    /// One symbol: a variable, a digit run, an operator or a delimiter, with its TeX spacing class.
    case atom(String, MathClass, MathVariant)
    case row([MathNode])
    case scripts(base: MathNode, sup: MathNode?, sub: MathNode?)
    case fraction(MathNode, MathNode)
    case radical(MathNode)
    /// ∑, ∏, ∫: limits above and below in display style, as scripts inline.
    case bigOperator(String, sub: MathNode?, sup: MathNode?)
    /// `\left( … \right)`: delimiters that grow with their content ("" for `\left.`).
    case delimited(left: String, right: String, MathNode)
    /// `\hat`, `\bar`, `\tilde` over a base.
    case accent(String, MathNode)
    /// Upright words: `\text{…}`, `\mathrm{…}`.
    case text(String)
    /// Explicit space in em (negative for `\!`).
    case space(Double)
}

/// TeX's atom classes, which decide the space between neighbours (TeXbook ch. 18).
public enum MathClass: Hashable, Sendable {
    case ordinary, largeOperator, binary, relation, opening, closing, punctuation
}

/// How a symbol is set: variables in italic, numbers, operators and function names upright.
public enum MathVariant: Hashable, Sendable {
    case italic, upright
}

/// A formula that cannot be parsed: the message names the problem and the position in the source.
public struct MathError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    /// Character offset in the TeX source (0-based).
    public var offset: Int
    public var description: String { "\(message) (at character \(offset + 1) of the formula)" }
}

extension MathNode {
    /// The class a node has as a neighbour: its own for atoms and operators, ordinary otherwise.
    var spacingClass: MathClass {
        switch self {
        case .atom(_, let c, _): return c
        case .bigOperator: return .largeOperator
        case .scripts(let base, _, _): return base.spacingClass == .largeOperator ? .largeOperator : base.spacingClass
        case .delimited: return .ordinary
        case .row(let nodes) where nodes.count == 1: return nodes[0].spacingClass
        default: return .ordinary
        }
    }

    /// A function name (`\ln`, `\log_{10}`): set upright, followed by function application.
    var isFunctionName: Bool {
        switch self {
        case .atom(_, .largeOperator, _): return true
        case .scripts(let base, _, _): return base.isFunctionName
        default: return false
        }
    }

    /// The class each node of a row acts as, nil for explicit spaces: a binary operator with nothing,
    /// an operator, a relation, an opening or punctuation to its left is a sign, so it is ordinary
    /// ("−x", "(−1)", "= −2"; TeXbook appendix G, rule 5).
    static func rowClasses(_ nodes: [MathNode]) -> [MathClass?] {
        var previous: MathClass?
        return nodes.map { node in
            if case .space = node { return nil }
            var cls = node.spacingClass
            if cls == .binary, previous == nil || [.binary, .relation, .opening, .punctuation, .largeOperator].contains(previous!) {
                cls = .ordinary
            }
            previous = cls
            return cls
        }
    }

    /// Space in em between two neighbours in text or display style (none in scripts), after TeX:
    /// thin (3/18 em) around operators, medium (4/18) around binary, thick (5/18) around relations.
    static func spacing(_ left: MathClass, _ right: MathClass) -> Double {
        switch (left, right) {
        case (.binary, _), (_, .binary): return 4.0 / 18
        case (.relation, .relation): return 0
        case (.relation, _), (_, .relation): return 5.0 / 18
        case (.largeOperator, .ordinary), (.ordinary, .largeOperator), (.largeOperator, .largeOperator), (.closing, .largeOperator):
            return 3.0 / 18
        case (.punctuation, _): return 3.0 / 18
        default: return 0
        }
    }
}

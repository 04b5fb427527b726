/// MathML Core for the HTML report: the browser typesets it natively (Chromium since version 109,
/// Firefox, Safari), with no script, and it stays selectable and readable by screen readers. The
/// TeX source travels along as an annotation, so copying a formula gives what the author wrote.
public enum MathML {
    /// `<math>` for `node`; `display` sets a block formula in display style.
    public static func markup(_ node: MathNode, tex: String, display: Bool) -> String {
        let body = element(node, display: display)
        let open = display ? "<math display=\"block\">" : "<math>"
        return open + "<semantics><mrow>" + body + "</mrow><annotation encoding=\"application/x-tex\">" + escape(tex)
            + "</annotation></semantics></math>"
    }

    static func element(_ node: MathNode, display: Bool) -> String {
        switch node {
        case .atom(let s, let c, let v):
            let text = escape(s)
            switch c {
            case .binary, .relation, .punctuation, .opening, .closing:
                return c == .opening || c == .closing ? "<mo stretchy=\"false\">\(text)</mo>" : "<mo>\(text)</mo>"
            case .largeOperator: return "<mi>\(text)</mi>"
            case .ordinary:
                if s.first?.isNumber == true { return "<mn>\(text)</mn>" }
                if v == .upright && s.count == 1 && s.first!.isLetter { return "<mi mathvariant=\"normal\">\(text)</mi>" }
                return s.first!.isLetter ? "<mi>\(text)</mi>" : "<mo>\(text)</mo>"
            }
        case .row(let nodes): return row(nodes, display: display)
        case .scripts(let base, let sup, let sub):
            let b = element(base, display: display)
            switch (sup, sub) {
            case (let sup?, let sub?): return "<msubsup>\(b)\(element(sub, display: display))\(element(sup, display: display))</msubsup>"
            case (let sup?, nil): return "<msup>\(b)\(element(sup, display: display))</msup>"
            case (nil, let sub?): return "<msub>\(b)\(element(sub, display: display))</msub>"
            case (nil, nil): return b
            }
        case .fraction(let n, let d): return "<mfrac>\(element(n, display: display))\(element(d, display: display))</mfrac>"
        case .radical(let r): return "<msqrt>\(element(r, display: display))</msqrt>"
        case .bigOperator(let s, let sub, let sup):
            let op = "<mo largeop=\"true\" movablelimits=\"true\">\(escape(s))</mo>"
            switch (sub, sup) {
            case (let sub?, let sup?): return "<munderover>\(op)\(element(sub, display: display))\(element(sup, display: display))</munderover>"
            case (let sub?, nil): return "<munder>\(op)\(element(sub, display: display))</munder>"
            case (nil, let sup?): return "<mover>\(op)\(element(sup, display: display))</mover>"
            case (nil, nil): return op
            }
        case .delimited(let l, let r, let body):
            let left = l.isEmpty ? "" : "<mo fence=\"true\">\(escape(l))</mo>"
            let right = r.isEmpty ? "" : "<mo fence=\"true\">\(escape(r))</mo>"
            return "<mrow>\(left)\(element(body, display: display))\(right)</mrow>"
        case .accent(let a, let base):
            return "<mover accent=\"true\">\(element(base, display: display))<mo>\(escape(a == "^" ? "^" : a))</mo></mover>"
        case .text(let t): return "<mtext>\(escape(t))</mtext>"
        case .space(let em): return "<mspace width=\"\(format(em))em\"/>"
        }
    }

    /// A row, spaced as the PDF spaces it where MathML's operator dictionary would not: a sign
    /// ("(−1)") is a prefix operator, not a binary one with space on both sides; a function name
    /// takes function application (U+2061, no space of its own) and TeX's thin spaces: after an
    /// ordinary neighbour ("2 ln") and before an ordinary argument ("ln L", but "ln(x)").
    static func row(_ nodes: [MathNode], display: Bool) -> String {
        let classes = MathNode.rowClasses(nodes)
        var out = "<mrow>"
        let thinSpace = "<mspace width=\"0.1667em\"/>"
        for (i, node) in nodes.enumerated() {
            if node.isFunctionName, i > 0, classes[i - 1] == .ordinary || classes[i - 1] == .closing { out += thinSpace }
            if case .atom(let s, .binary, _) = node, classes[i] == .ordinary {
                out += "<mo form=\"prefix\">\(escape(s))</mo>"
            } else {
                out += element(node, display: display)
            }
            guard node.isFunctionName else { continue }
            out += "<mo>\u{2061}</mo>"
            let next = i + 1 < nodes.count ? classes[i + 1] : nil  // nil also after an explicit space
            if next == .ordinary || next == .largeOperator { out += thinSpace }
        }
        return out + "</mrow>"
    }

    static func format(_ v: Double) -> String {
        let s = String(format: "%.4f", v)
        var t = Substring(s)
        while t.hasSuffix("0") { t = t.dropLast() }
        if t.hasSuffix(".") { t = t.dropLast() }
        return String(t)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

import FolioModel

/// Markdown in which every inline number, cross-reference and citation has been replaced by a
/// token (private-use characters around an index), so that Ink sees plain text and each renderer
/// substitutes its own markup afterwards.
public struct RichText: Hashable, Sendable {
    public var markdown: String
    public var tokens: [InlineToken]

    public init(markdown: String, tokens: [InlineToken]) {
        self.markdown = markdown
        self.tokens = tokens
    }

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    static func token(_ index: Int) -> String { "\(open)\(index)\(close)" }

    /// Replaces every token in `rendered` (HTML or Pango markup that went through Ink) by `render`.
    func substitute(in rendered: String, _ render: (InlineToken) -> String) -> String {
        guard rendered.contains(Self.open) else { return rendered }
        var out = ""
        var index = rendered.startIndex
        while let start = rendered[index...].firstIndex(of: Self.open) {
            out += rendered[index..<start]
            guard let end = rendered[start...].firstIndex(of: Self.close),
                  let n = Int(rendered[rendered.index(after: start)..<end]), tokens.indices.contains(n) else {
                out.append(Self.open)
                index = rendered.index(after: start)
                continue
            }
            out += render(tokens[n])
            index = rendered.index(after: end)
        }
        out += rendered[index...]
        return out
    }
}

/// What a token in ``RichText`` stands for.
public enum InlineToken: Hashable, Sendable {
    /// A number from results: its key, the value and how it is written.
    case number(key: String, result: ResultValue, formatted: FormattedNumber)
    /// "Figure 2", "Table 1", "Section 3.1", "Appendix A": the text and the anchor it links to.
    case crossReference(text: String, anchor: String)
    /// "[4]": the number of the bibliography entry and its anchor.
    case citation(number: Int, anchor: String)
    /// Inline mathematics (`$…$`), as its TeX source.
    case math(tex: String)
    /// Literal text that Markdown must not interpret (an escaped `\$`).
    case literal(String)
}

import Foundation

/// Text cells of tables: inline Markdown in which `$…$` is mathematics and `\$` a dollar sign,
/// as in prose (placeholders and references are prose-only: a cell names its result instead).
enum TextCell {
    /// A cell that holds only a number typed as text ("−29.01", "58 108 832") or a dash: a column
    /// of such cells aligns on the decimal point like a column of results (PDF and HTML alike).
    static func isNumber(_ text: String) -> Bool {
        text == "—" || text.wholeMatch(of: /[−-]?\d{1,3}(\u{2009}\d{3})+|[−-]?\d+(\.\d+)?/) != nil
    }

    static func rich(_ text: String) -> RichText {
        let ns = text as NSString
        var tokens: [InlineToken] = []
        var out = ""
        var last = 0
        for item in InlineSyntax.scan(text) {
            let token: InlineToken
            switch item.kind {
            case .math(let tex): token = .math(tex: tex)
            case .dollar: token = .literal("$")
            default: continue
            }
            out += ns.substring(with: NSRange(location: last, length: item.range.location - last))
            tokens.append(token)
            out += RichText.token(tokens.count - 1)
            last = item.range.location + item.range.length
        }
        out += ns.substring(from: last)
        return RichText(markdown: out, tokens: tokens)
    }
}

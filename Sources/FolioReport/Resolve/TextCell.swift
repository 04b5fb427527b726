import Foundation

/// Text cells of tables: inline Markdown in which `$…$` is mathematics and `\$` a dollar sign,
/// as in prose (placeholders and references are prose-only: a cell names its result instead).
enum TextCell {
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

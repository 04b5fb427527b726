/// Generated text (toolchain names, seed sentences, paths) put into Markdown prose: every character
/// that Ink or Folio's own inline syntax would read as markup becomes a numeric character reference,
/// so `xoshiro256**` stays `xoshiro256**` and `x86_64` stays `x86_64`. Ink has no backslash escapes
/// (`\*` still opens emphasis) but passes `&#42;` through, which HTML and Pango both show as `*`.
public enum MarkdownEscaping {
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "*", "_", "`", "[", "]", "~", "#", "$", "{", "}", "@", "\\", "|", "!":
                out += "&#\(c.unicodeScalars.first!.value);"
            default: out.append(c)
            }
        }
        return out
    }

    /// The text `escape` encoded, for plain-text uses (alt attributes).
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, c) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            out = out.replacingOccurrences(of: entity, with: c)
        }
        var result = ""
        var rest = Substring(out)
        while let start = rest.range(of: "&#") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            if let end = after.firstIndex(of: ";"), let code = UInt32(after[..<end]), let scalar = Unicode.Scalar(code) {
                result.unicodeScalars.append(scalar)
                rest = after[after.index(after: end)...]
            } else {
                result += "&#"
                rest = after
            }
        }
        result += rest
        return result.replacingOccurrences(of: "&amp;", with: "&")
    }
}

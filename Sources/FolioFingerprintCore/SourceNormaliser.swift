/// Swift source text reduced to what can change a program: comments and blank lines removed.
///
/// Decision: **comment-only edits do not count** towards a module's code fingerprint. Removed are
/// `//` and `///` line comments, `/* */` block comments (nested), trailing spaces and tabs of lines
/// that end in code, and lines that are then empty. String literals are copied untouched: `"…"`,
/// multi-line `"""…"""`, raw `#"…"#` / `#"""…"""#` (any number of `#`), including interpolations
/// `\(…)` / `\#(…)` with their own nested strings. A block comment that spans lines leaves one line
/// break, so statements it separated stay separated. Everything else (indentation, spacing inside a
/// line, `#if` branches) counts.
///
/// When the text cannot be followed (an unterminated string or comment, or a construct this lexer
/// does not know, such as a bare `/regex/` literal containing a quote) `normalise` returns nil and
/// the caller hashes the raw bytes: comments then count for that file, and no edit is ever missed.
/// Known and accepted: `#line` in a default argument moves when comment lines are added above it;
/// only diagnostics print it.
public enum SourceNormaliser {
    private enum Context {
        case code(parens: Int)                        // top level (parens unused) or an interpolation
        case string(multiLine: Bool, hashes: Int)
        case regex(hashes: Int)                       // #/…/# extended regex literal
    }

    private static let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), quote = UInt8(ascii: "\"")
    private static let hash = UInt8(ascii: "#"), backslash = UInt8(ascii: "\\"), newline = UInt8(ascii: "\n")
    private static let open = UInt8(ascii: "("), close = UInt8(ascii: ")")
    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r")

    public static func normalise(_ text: String) -> String? {
        normalise(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    public static func normalise(_ s: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var stack: [Context] = [.code(parens: 0)]
        var lineStart = 0                // index in `out` where the current output line begins
        var lineStartedInCode = true

        func count(_ byte: UInt8, from i: Int) -> Int {
            var n = 0
            while i + n < s.count && s[i + n] == byte { n += 1 }
            return n
        }
        func endLine() {
            // Called at a newline in code: trim trailing blanks; drop the line if nothing is left.
            while out.count > lineStart, let last = out.last, last == space || last == tab || last == cr { out.removeLast() }
            if out.count == lineStart && lineStartedInCode { return }
            out.append(newline)
            lineStart = out.count
        }

        var i = 0
        while i < s.count {
            let c = s[i]
            switch stack[stack.count - 1] {
            case .code(let parens):
                if c == slash && i + 1 < s.count && s[i + 1] == slash {
                    while i < s.count && s[i] != newline { i += 1 }
                    continue
                }
                if c == slash && i + 1 < s.count && s[i + 1] == star {
                    var depth = 0, spansLines = false
                    repeat {
                        if i + 1 < s.count && s[i] == slash && s[i + 1] == star { depth += 1; i += 2 }
                        else if i + 1 < s.count && s[i] == star && s[i + 1] == slash { depth -= 1; i += 2 }
                        else { if s[i] == newline { spansLines = true }; i += 1 }
                    } while depth > 0 && i < s.count
                    if depth > 0 { return nil }
                    if spansLines { endLine(); lineStartedInCode = true } else { out.append(space) }
                    continue
                }
                if c == hash {
                    let n = count(hash, from: i)
                    let j = i + n
                    if j < s.count && s[j] == quote {
                        let multi = count(quote, from: j) >= 3
                        let delimiter = n + (multi ? 3 : 1)
                        out.append(contentsOf: s[i..<(i + delimiter)])
                        i += delimiter
                        stack.append(.string(multiLine: multi, hashes: n))
                        continue
                    }
                    if j < s.count && s[j] == slash {
                        out.append(contentsOf: s[i...j])
                        i = j + 1
                        stack.append(.regex(hashes: n))
                        continue
                    }
                    out.append(contentsOf: s[i..<j])
                    i = j
                    continue
                }
                if c == quote {
                    let multi = count(quote, from: i) >= 3
                    let delimiter = multi ? 3 : 1
                    out.append(contentsOf: s[i..<(i + delimiter)])
                    i += delimiter
                    stack.append(.string(multiLine: multi, hashes: 0))
                    continue
                }
                if stack.count > 1 {   // inside an interpolation
                    if c == open { stack[stack.count - 1] = .code(parens: parens + 1) }
                    if c == close {
                        if parens == 0 { stack.removeLast() } else { stack[stack.count - 1] = .code(parens: parens - 1) }
                    }
                }
                if c == newline {
                    endLine()
                    lineStartedInCode = true
                    i += 1
                    continue
                }
                out.append(c)
                i += 1

            case .string(let multi, let n):
                if c == backslash {
                    let h = count(hash, from: i + 1)
                    if h >= n {
                        let after = i + 1 + n
                        if after < s.count && s[after] == open {
                            out.append(contentsOf: s[i...after])
                            i = after + 1
                            stack.append(.code(parens: 0))
                            continue
                        }
                        // An escape (`\n`, `\"`, `\#n`): copy it with the escaped character.
                        let end = min(s.count, after + 1)
                        out.append(contentsOf: s[i..<end])
                        if after < s.count && s[after] == newline { lineStart = out.count; lineStartedInCode = false }
                        i = end
                        continue
                    }
                    out.append(c)
                    i += 1
                    continue
                }
                if c == quote {
                    let quotes = multi ? 3 : 1
                    if count(quote, from: i) >= quotes && count(hash, from: i + quotes) >= n {
                        out.append(contentsOf: s[i..<(i + quotes + n)])
                        i += quotes + n
                        stack.removeLast()
                        continue
                    }
                    out.append(c)
                    i += 1
                    continue
                }
                if c == newline {
                    if !multi { return nil }
                    out.append(c)
                    lineStart = out.count
                    lineStartedInCode = false
                    i += 1
                    continue
                }
                out.append(c)
                i += 1

            case .regex(let n):
                if c == slash && count(hash, from: i + 1) >= n {
                    out.append(contentsOf: s[i...(i + n)])
                    i += n + 1
                    stack.removeLast()
                    continue
                }
                if c == backslash && i + 1 < s.count {
                    out.append(contentsOf: s[i...(i + 1)])
                    i += 2
                    continue
                }
                if c == newline { lineStart = out.count + 1; lineStartedInCode = false }
                out.append(c)
                i += 1
            }
        }
        guard stack.count == 1 else { return nil }
        endLine()
        return out
    }
}

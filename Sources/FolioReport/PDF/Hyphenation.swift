import Foundation
import CHyphen

/// Hyphenation of the PDF's justified text with libhyphen and the US English patterns (Debian
/// `hyphen-en-us`: Liang's TeX patterns, as LibreOffice uses them). Pango breaks lines only at
/// spaces, so justified narrow columns came out loose, with rivers; soft hyphens (U+00AD) at the
/// pattern's break points let Pango break inside a word and draw the hyphen only where it does.
///
/// Only ordinary words are touched: runs of at least ``minimumWordLength`` letters, outside markup
/// tags, entities and monospace spans (step names and hashes must stay whole), and not words with
/// a capital after the first letter (acronyms, "SkyLLH"). TeX's limits apply: at least two letters
/// before a break and three after.
public enum Hyphenation {
    /// The pattern file; the report fails with this path in its message when it is missing.
    public static let dictionaryPath = "/usr/share/hyphen/hyph_en_US.dic"
    static let minimumWordLength = 6
    static let leftMinimum = 2, rightMinimum = 3
    static let softHyphen: Character = "\u{00AD}"

    /// libhyphen's dictionary is read-only after loading, so one copy serves every thread.
    nonisolated(unsafe) private static let dictionary: UnsafeMutablePointer<HyphenDict>? = hnj_hyphen_load(dictionaryPath)

    /// Fails, naming the file and the Debian package, when the patterns are not installed.
    static func requireDictionary() throws {
        guard dictionary != nil else {
            throw ReportOutputError(path: "report.pdf", message: "hyphenation patterns \(dictionaryPath) not found: install the Debian "
                                        + "package hyphen-en-us (scripts/setup.sh does)")
        }
    }

    /// `markup` (Pango markup) with soft hyphens at the allowed breaks of every ordinary word.
    static func hyphenate(markup: String) throws -> String {
        try requireDictionary()
        var out = ""
        out.reserveCapacity(markup.utf8.count + markup.utf8.count / 8)
        var word = ""
        var monospaceDepth = 0
        var spanStack: [Bool] = []   // for each open <span>: is it monospace?
        func flushWord() {
            out += monospaceDepth > 0 ? word : hyphenate(word: word)
            word = ""
        }
        var index = markup.startIndex
        while index < markup.endIndex {
            let c = markup[index]
            if c == "<", let close = markup[index...].firstIndex(of: ">") {
                flushWord()
                let tag = markup[index...close]
                if tag.hasPrefix("<span") {
                    let mono = tag.contains("Mono") || tag.contains("monospace")
                    spanStack.append(mono)
                    if mono { monospaceDepth += 1 }
                } else if tag.hasPrefix("</span"), let mono = spanStack.popLast(), mono {
                    monospaceDepth -= 1
                } else if tag.hasPrefix("<tt") {
                    monospaceDepth += 1
                } else if tag.hasPrefix("</tt") {
                    monospaceDepth -= 1
                }
                out += tag
                index = markup.index(after: close)
            } else if c == "&", let semicolon = markup[index...].prefix(10).firstIndex(of: ";") {
                flushWord()
                out += markup[index...semicolon]
                index = markup.index(after: semicolon)
            } else if c.isLetter && c.isASCII {
                word.append(c)
                index = markup.index(after: index)
            } else {
                // A word glued to a digit, an underscore or a dot-path ("x86_64", "v2.1") is a name, not prose.
                if !word.isEmpty && (c.isNumber || c == "_") { out += word; word = "" } else { flushWord() }
                out.append(c)
                index = markup.index(after: index)
            }
        }
        flushWord()
        return out
    }

    /// `markup` with only the soft hyphens whose ordinals are in `kept`.
    static func keepingSoftHyphens(_ kept: Set<Int>, in markup: String) -> String {
        var out = ""
        out.reserveCapacity(markup.utf8.count)
        var ordinal = 0
        for c in markup {
            if c == softHyphen {
                if kept.contains(ordinal) { out.append(c) }
                ordinal += 1
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// One word with soft hyphens, or unchanged when it is short, an acronym or has no break.
    static func hyphenate(word: String) -> String {
        guard word.count >= minimumWordLength, let dictionary,
              !word.dropFirst().contains(where: \.isUppercase) else { return word }
        let lower = Array(word.lowercased().utf8CString.dropLast())   // ASCII letters only: one byte each
        var hyphens = [CChar](repeating: 0, count: lower.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var pos: UnsafeMutablePointer<Int32>?
        var cut: UnsafeMutablePointer<Int32>?
        let status = lower.withUnsafeBufferPointer { w in
            hnj_hyphen_hyphenate3(dictionary, w.baseAddress, Int32(w.count), &hyphens, nil,
                                  &rep, &pos, &cut, Int32(leftMinimum), Int32(rightMinimum), Int32(leftMinimum), Int32(rightMinimum))
        }
        // Non-standard hyphenation (rep/pos/cut) does not occur in the English patterns; free it if it does.
        if let rep {
            for i in 0..<lower.count { free(rep[i]) }
            free(rep); free(pos); free(cut)
        }
        guard status == 0 else { return word }
        var out = ""
        for (i, c) in word.enumerated() {
            out.append(c)
            // An odd value after letter i allows a break there; the limits keep 2 letters before, 3 after.
            if hyphens[i] & 1 == 1, i + 1 >= leftMinimum, lower.count - i - 1 >= rightMinimum { out.append(softHyphen) }
        }
        return out
    }
}

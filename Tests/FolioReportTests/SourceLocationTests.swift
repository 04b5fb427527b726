import Foundation
import Testing
@testable import FolioReport

/// `SourceLocation.advanced(in:by:)` counts lines and columns in one pass; it must give what
/// splitting the UTF-16 prefix at "\n" gives (the definition, still used for text with "\r").
@Suite struct SourceLocationTests {
    func bySplitting(_ start: FolioReport.SourceLocation, _ text: String, _ offset: Int) -> FolioReport.SourceLocation {
        let prefix = (text as NSString).substring(to: min(offset, (text as NSString).length))
        let lines = prefix.components(separatedBy: "\n")
        if lines.count == 1 { return FolioReport.SourceLocation(file: start.file, line: start.line, column: start.column + prefix.count) }
        return FolioReport.SourceLocation(file: start.file, line: start.line + lines.count - 1, column: lines.last!.count + 1)
    }

    @Test func agreesWithSplittingTheText() {
        let start = FolioReport.SourceLocation(file: "report.md", line: 12, column: 5)
        let texts = ["", "one line {{ results.a.b }}", "first\nsecond {{ x }}\n\nfourth é 🙂 {{ y }}", "\n\n{{ z }}",
                     "e\u{301}\u{301} combining\n🇨🇭 flag {{ w }}", "crlf\r\nline {{ v }}\r\n", "tail\n"]
        for text in texts {
            for offset in 0...(text as NSString).length + 2 {
                // Offsets that split a surrogate pair do not occur (they come from regex matches).
                if offset < (text as NSString).length, UTF16.isTrailSurrogate((text as NSString).character(at: offset)) { continue }
                #expect(start.advanced(in: text, by: offset) == bySplitting(start, text, offset), "\(text.debugDescription) at \(offset)")
            }
        }
        #expect(start.advanced(in: "ab\ncd {{", by: 6) == FolioReport.SourceLocation(file: "report.md", line: 13, column: 4))
    }

    /// `locations(in:at:)` counts on from one offset to the next; every ascending pair and triple of offsets
    /// must be located as `advanced(in:by:)` locates each alone (combining marks, flags and "\r" included).
    @Test func countingOnAgreesWithLocatingEachAlone() {
        let start = FolioReport.SourceLocation(file: "report.md", line: 3, column: 2)
        let texts = ["{{ a }} {{ b }}\n{{ c }}", "first\nsecond {{ x }}\n\nfourth é 🙂 {{ y }}", "🇨🇭🇨🇭 {{ w }}\n🇨🇭{{ v }}",
                     "e\u{301}\u{301} combining\n🇨🇭 flag {{ w }}", "crlf\r\nline {{ v }}\r\n{{ u }}"]
        for text in texts {
            let length = (text as NSString).length
            let offsets = (0...length).filter { $0 == length || !UTF16.isTrailSurrogate((text as NSString).character(at: $0)) }
            for a in offsets { for b in offsets where b >= a { for c in [b, length] {
                let expected = [a, b, c].map { start.advanced(in: text, by: $0) }
                #expect(start.locations(in: text, at: [a, b, c]) == expected, "\(text.debugDescription) at \([a, b, c])")
            }}}
        }
    }
}

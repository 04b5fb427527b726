import Foundation
import FolioModel

/// A cell that differs between two versions of a CSV table.
public struct CellDifference: Hashable, Sendable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var old: String
    public var new: String
    public var description: String { "row \(row), \(column): \(old) -> \(new)" }
}

/// Compares two CSV tables cell by cell; cells that parse as numbers are compared with a tolerance.
public enum TableComparison {
    /// Differences in the rows both tables have, and the two row counts (header included).
    public static func compare(old: String, new: String, tolerance: Tolerance) -> (cells: [CellDifference], oldRows: Int, newRows: Int) {
        let a = CSV.parse(old), b = CSV.parse(new)
        let header = (b.first ?? a.first) ?? []
        var differences: [CellDifference] = []
        for row in 0..<min(a.count, b.count) {
            let x = row < a.count ? a[row] : [], y = row < b.count ? b[row] : []
            for column in 0..<max(x.count, y.count) {
                let p = column < x.count ? x[column] : "", q = column < y.count ? y[column] : ""
                if p == q { continue }
                if let u = Double(p), let v = Double(q), tolerance.accepts(old: u, new: v) { continue }
                let name = column < header.count && row > 0 ? header[column] : "column \(column + 1)"
                differences.append(CellDifference(row: row, column: name, old: p, new: q))
            }
        }
        return (differences, a.count, b.count)
    }
}

/// RFC 4180 CSV: comma-separated, double-quoted fields with "" for a quote, CRLF or LF rows.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.append("\"") } else { quoted = false; pending = d }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

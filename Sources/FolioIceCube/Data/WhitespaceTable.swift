import Foundation

/// A numeric table in the IceCube release's text format: one header line naming the columns
/// (optionally starting with '#', as in the official release), then one row per line with fields
/// separated by spaces, tabs or commas. Columns are found by name, so column order and either
/// header form (staged or official names) are accepted.
///
/// Every value must be a finite number and every row must have one field per header column; the
/// first violation throws a `DataFileError` naming the file and line. Blank lines are skipped.
public struct WhitespaceTable: Sendable {
    /// One requested column: the names it may carry in a header (first match wins).
    public struct Column: Sendable {
        public let names: [String]
        public init(_ names: String...) { self.names = names }
    }

    /// The requested columns, in request order.
    public let columns: [[Double]]
    /// 1-based line number of each row in the file.
    public let lineNumbers: [Int]
    public let file: String

    public var rowCount: Int { lineNumbers.count }

    public init(contentsOf url: URL, columns requested: [Column]) throws {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DataFileError(file: file, "cannot read file")
        }
        try self.init(bytes: [UInt8](data) + [0], file: file, columns: requested)
    }

    /// Parses `bytes` (must end with a 0 byte) as the contents of `file`.
    init(bytes: [UInt8], file: String, columns requested: [Column]) throws {
        self.file = file
        let n = bytes.count - 1
        let result: ([[Double]], [Int]) = try bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            // Header: first non-blank line.
            var pos = 0, line = 1
            var header: [String] = []
            while pos < n && header.isEmpty {
                let start = pos
                while pos < n && base[pos] != 10 { pos += 1 }
                var text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                if text.hasPrefix("#") { text.removeFirst() }
                header = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" }).map(String.init)
                pos += 1
                if header.isEmpty { line += 1 }
            }
            guard !header.isEmpty else { throw DataFileError(file: file, "empty file: no header line") }
            let headerLine = line
            var index: [Int] = []
            for column in requested {
                guard let i = column.names.lazy.compactMap({ header.firstIndex(of: $0) }).first else {
                    throw DataFileError(file: file, line: headerLine,
                                        "missing column '\(column.names[0])' (header has: \(header.joined(separator: " ")))")
                }
                index.append(i)
            }
            let width = header.count
            var columns = [[Double]](repeating: [], count: requested.count)
            var lines: [Int] = []
            var fields = [Double](repeating: 0, count: width)
            while pos < n {
                line += 1
                var field = 0
                var sawAny = false
                while pos < n && base[pos] != 10 {
                    let c = base[pos]
                    if c == 32 || c == 9 || c == 44 || c == 13 { pos += 1; continue }
                    let start = pos
                    while pos < n, base[pos] != 10, base[pos] != 32, base[pos] != 9, base[pos] != 44, base[pos] != 13 { pos += 1 }
                    sawAny = true
                    if field >= width {
                        throw DataFileError(file: file, line: line, "too many fields: expected \(width) (\(header.joined(separator: " ")))")
                    }
                    var end: UnsafeMutablePointer<CChar>? = nil
                    let startPtr = UnsafeMutableRawPointer(mutating: base + start).assumingMemoryBound(to: CChar.self)
                    let v = strtod(startPtr, &end)
                    let consumed = end.map { UnsafeRawPointer($0) - UnsafeRawPointer(startPtr) } ?? 0
                    if consumed != pos - start {
                        let token = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                        throw DataFileError(file: file, line: line, "column '\(header[field])': '\(token)' is not a number")
                    }
                    if !v.isFinite {
                        throw DataFileError(file: file, line: line, "column '\(header[field])': value \(v) is not finite")
                    }
                    fields[field] = v
                    field += 1
                }
                pos += 1
                if !sawAny { continue }
                if field < width {
                    throw DataFileError(file: file, line: line, "missing columns: found \(field) fields, expected \(width) (\(header.joined(separator: " ")))")
                }
                for (k, i) in index.enumerated() { columns[k].append(fields[i]) }
                lines.append(line)
            }
            return (columns, lines)
        }
        columns = result.0
        lineNumbers = result.1
    }

    /// Throws the first row where `column` lies outside [lower, upper].
    public func requireRange(column: Int, name: String, _ lower: Double, _ upper: Double) throws {
        for (r, v) in columns[column].enumerated() where v < lower || v > upper {
            throw DataFileError(file: file, line: lineNumbers[r], "\(name) = \(v) outside [\(lower), \(upper)]")
        }
    }
}

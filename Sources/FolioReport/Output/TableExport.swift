import Foundation
import FolioModel

/// Writes a table as CSV (the numbers as printed, plain ASCII) and as JSON (the numbers as
/// printed plus their full-precision values and the result keys they came from).
enum TableExport {
    static func csv(_ table: ResolvedTable) -> String {
        var lines = [table.columns.map { field(FormattedNumber(runs: $0.headerRuns).plainText) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(row.map { cell in
                var text = cell.formatted.plainText
                if let citation = cell.citation { text += " [\(citation.number)]" }
                return field(text)
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: quote fields holding a comma, quote or line break; double inner quotes.
    private static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    struct Document: Codable {
        var name: String
        var number: Int
        var caption: String
        var columns: [Column]
        var rows: [[Cell]]
    }

    struct Column: Codable {
        var header: String
        var unit: String?
        var role: String
    }

    struct Cell: Codable {
        var text: String
        var result: String?
        var step: String?
        var cacheKey: String?
        var value: Double?
        var minus: Double?
        var plus: Double?
        var upperLimit: Double?
        var confidenceLevel: Double?
        var unit: String?
        var citation: String?
    }

    static func json(_ table: ResolvedTable) throws -> Data {
        let doc = Document(
            name: table.name, number: table.number, caption: PlainText.of(table.caption),
            columns: table.columns.map { Column(header: $0.header, unit: $0.unit?.rawValue, role: $0.role.rawValue) },
            rows: table.rows.map { row in
                row.map { cell in
                    let q = cell.quantity
                    return Cell(text: cell.formatted.plainText, result: cell.resultKey, step: cell.result?.step,
                                cacheKey: cell.result?.key, value: q?.value, minus: q?.minus, plus: q?.plus,
                                upperLimit: q?.upperLimit, confidenceLevel: q?.confidenceLevel,
                                unit: q?.unit.rawValue, citation: cell.citation?.key)
                }
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(doc) + Data("\n".utf8)
    }
}

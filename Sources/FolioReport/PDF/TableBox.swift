import Foundation
import CCairo
import CPangoCairo

/// A table with its caption above and booktabs-style rules (heavy top and bottom, light below the
/// header, no vertical lines), centred on the text block.
final class TableBox: FloatBox {
    struct Cell {
        var box: TextBox
        var alignment: TableColumn.Role
        var destination: String?
    }

    private let caption: TextBox
    private let header: [Cell]
    private let rows: [[Cell]]
    private let columnWidths: [Double]
    private let rowHeights: [Double]
    /// Per numeric column: the widest integer part and the widest rest of its numbers (pt), so
    /// that the numbers align on their decimal points; nil for text columns.
    private let decimalColumns: [(integer: Double, rest: Double)?]
    private let headerHeight: Double
    private let textWidth: Double
    /// Only the first part of a split table defines the destination.
    private let destination: String?
    /// Horizontal padding on each side of a cell (pt); the layout that wraps a too-wide table counts it.
    static let horizontalPadding = 7.0
    private let padX: Double
    private let padY: Double
    private let captionGap = 7.0

    var height: Double { caption.height + captionGap + headerHeight + rowHeights.reduce(0, +) + 4 }

    /// - Parameter columnWidths: fixed widths (for the parts of a split table); measured when nil.
    init(caption: TextBox, header: [Cell], rows: [[Cell]], textWidth: Double, destination: String?,
         columnWidths fixedWidths: [Double]? = nil) {
        self.caption = caption
        self.header = header
        self.rows = rows
        self.textWidth = textWidth
        self.destination = destination
        self.padX = Self.horizontalPadding
        self.padY = 2.6
        var widths = header.map { $0.box.naturalWidth }
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.box.naturalWidth) } }
        decimalColumns = header.indices.map { c in Self.decimalColumn(rows.compactMap { c < $0.count ? $0[c] : nil }) }
        for (c, d) in decimalColumns.enumerated() { if let d { widths[c] = max(widths[c], d.integer + d.rest) } }
        let (padX, padY) = (self.padX, self.padY)
        columnWidths = fixedWidths ?? widths.map { $0 + 2 * padX }
        headerHeight = Self.alignedHeight(header.map(\.box)) + 2 * padY + 1
        rowHeights = rows.map { row in Self.alignedHeight(row.map(\.box)) + 2 * padY }
    }

    /// A column aligns on the decimal point when it holds numbers: a value column, or a text
    /// column whose every non-empty cell is a plain number (a catalogue's coordinates).
    private static func decimalColumn(_ cells: [Cell]) -> (integer: Double, rest: Double)? {
        let anchored = cells.compactMap { cell in cell.box.decimalAnchor.map { (cell, $0) } }
        guard !anchored.isEmpty else { return nil }
        if cells.contains(where: { $0.alignment == .text }) {
            guard cells.allSatisfy({ TextCell.isNumber(String(cString: pango_layout_get_text($0.box.layout))) }) else { return nil }
        }
        return (anchored.map { $0.1 }.max() ?? 0, anchored.map { $0.0.box.naturalWidth - $0.1 }.max() ?? 0)
    }

    /// Height of boxes sharing a baseline: the tallest ascent plus the deepest descent.
    private static func alignedHeight(_ boxes: [TextBox]) -> Double {
        let ascent = boxes.map { $0.lines.first?.baseline ?? 0 }.max() ?? 0
        let descent = boxes.map { $0.height - ($0.lines.first?.baseline ?? 0) }.max() ?? 0
        return ascent + descent
    }

    /// Total width of the columns (pt); the renderer shrinks the type when this exceeds the text width.
    var naturalWidth: Double { columnWidths.reduce(0, +) }

    /// The table cut into parts no taller than `maximumHeight`, each with the header repeated;
    /// parts after the first carry `continuedCaption`. A table that fits is returned whole.
    func split(maximumHeight: Double, continuedCaption: TextBox) -> [TableBox] {
        guard height > maximumHeight, rows.count > 1 else { return [self] }
        var parts: [TableBox] = []
        var start = 0
        while start < rows.count {
            let caption = parts.isEmpty ? self.caption : continuedCaption
            var available = maximumHeight - (caption.height + captionGap + headerHeight + 4)
            var end = start
            while end < rows.count, available - rowHeights[end] >= 0 || end == start {
                available -= rowHeights[end]
                end += 1
            }
            parts.append(TableBox(caption: caption, header: header, rows: Array(rows[start..<end]), textWidth: textWidth,
                                  destination: parts.isEmpty ? destination : nil, columnWidths: columnWidths))
            start = end
        }
        return parts
    }

    func draw(_ cr: OpaquePointer, x: Double, y: Double) {
        if let destination {
            cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='\(destination)' x=\(Int(x)) y=\(Int(max(y - 6, 0)))")
            cairo_tag_end(cr, CAIRO_TAG_DEST)
        }
        caption.draw(cr, x: x, y: y)
        let tableWidth = naturalWidth
        let left = x + max(0, (textWidth - tableWidth) / 2)
        var top = y + caption.height + captionGap
        rule(cr, left, left + tableWidth, top, 0.8)
        top += 1
        drawRow(cr, header, left: left, top: top, height: headerHeight - 1, alignNumbers: false)
        top += headerHeight - 1
        rule(cr, left, left + tableWidth, top, 0.45)
        top += 1.5
        for (row, h) in zip(rows, rowHeights) {
            drawRow(cr, row, left: left, top: top, height: h)
            top += h
        }
        top += 1
        rule(cr, left, left + tableWidth, top, 0.8)
    }

    /// Cells of a row share one baseline (a cell with a superscript is taller than its neighbours).
    private func drawRow(_ cr: OpaquePointer, _ cells: [Cell], left: Double, top: Double, height: Double, alignNumbers: Bool = true) {
        let baseline = cells.map { $0.box.lines.first?.baseline ?? 0 }.max() ?? 0
        var cx = left
        for (i, cell) in cells.enumerated() where i < columnWidths.count {
            let w = columnWidths[i]
            let cellX: Double
            if alignNumbers, i < decimalColumns.count, let d = decimalColumns[i], let anchor = cell.box.decimalAnchor {
                // The block of aligned numbers is centred in the column; each number's point on its line.
                cellX = cx + (w - d.integer - d.rest) / 2 + d.integer - anchor
            } else {
                switch cell.alignment {
                case .text: cellX = cx + padX
                case .value, .published: cellX = cx + (w - cell.box.naturalWidth) / 2
                }
            }
            let cellY = top + padY + baseline - (cell.box.lines.first?.baseline ?? 0)
            cell.box.draw(cr, x: cellX, y: cellY)
            if let destination = cell.destination {
                let rect = String(format: "rect=[%.2f %.2f %.2f %.2f]", cellX, cellY, cell.box.naturalWidth, cell.box.height)
                cairo_tag_begin(cr, CAIRO_TAG_LINK, "\(rect) \(PDFLink.cairoTarget(destination))")
                cairo_tag_end(cr, CAIRO_TAG_LINK)
            }
            cx += w
        }
    }

    private func rule(_ cr: OpaquePointer, _ x0: Double, _ x1: Double, _ y: Double, _ width: Double) {
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, x0, y)
        cairo_line_to(cr, x1, y)
        cairo_stroke(cr)
    }
}

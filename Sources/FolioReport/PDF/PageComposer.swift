import Foundation
import CCairo
import CPangoCairo

/// Something the composer places whole (a figure or a table with its caption): it floats to the
/// top of the next page when it does not fit, while the text after it fills the current page.
protocol FloatBox: AnyObject {
    var height: Double { get }
    func draw(_ cr: OpaquePointer, x: Double, y: Double)
}

/// An item of the page flow.
enum FlowItem {
    /// Text that may be split between lines; `keepWithNext` holds a heading to what follows.
    case text(TextBox, indent: Double, spaceBefore: Double, spaceAfter: Double, keepWithNext: Bool,
              destination: String?, outline: OutlineEntry?, decorate: ((OpaquePointer, Double, Double) -> Void)?)
    case float(FloatBox)
    case space(Double)
    /// Place all pending floats, then continue (before references and the appendix).
    case flushFloats
    case pageBreak
}

struct OutlineEntry {
    var title: String
    var level: Int
    var destination: String
}

/// Breaks the flow into pages: no split figures or tables, headings kept with the next two lines,
/// no single orphan or widow line, and a running head and page number on every page.
final class PageComposer {
    private let cr: OpaquePointer
    private let surface: OpaquePointer
    private let style: PDFStyle
    private let header: (Int) -> TextBox?
    private let footer: (Int) -> TextBox
    private var y: Double
    private var page = 1
    private var pending: [FloatBox] = []
    private var outlineParents: [Int: Int32] = [:]
    private var atTop: Bool { y <= style.textTop + 0.01 }

    init(cr: OpaquePointer, surface: OpaquePointer, style: PDFStyle,
         header: @escaping (Int) -> TextBox?, footer: @escaping (Int) -> TextBox) {
        self.cr = cr
        self.surface = surface
        self.style = style
        self.header = header
        self.footer = footer
        self.y = style.textTop
    }

    var pageCount: Int { page }

    func compose(_ items: [FlowItem]) {
        for (index, item) in items.enumerated() {
            switch item {
            case .space(let h): if !atTop { y += h }
            case .pageBreak: if !atTop || !pending.isEmpty { newPage() }
            case .flushFloats: while !pending.isEmpty { newPage() }
            case .float(let box): placeFloat(box)
            case .text(let box, let indent, let before, let after, let keep, let destination, let outline, let decorate):
                if !atTop { y += before }
                if keep, y + box.height + after + minimumHeight(after: index, in: items) > style.textBottom, !atTop {
                    newPage()
                }
                if let destination {
                    cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='\(destination)' x=\(Int(style.marginLeft)) y=\(Int(y - 4))")
                    cairo_tag_end(cr, CAIRO_TAG_DEST)
                }
                if let outline { addOutline(outline) }
                placeLines(of: box, x: style.marginLeft + indent, decorate: decorate)
                y += after
            }
        }
        while !pending.isEmpty { newPage() }
        finishPage()
    }

    /// Height the next item needs on this page for a heading to stay with it.
    private func minimumHeight(after index: Int, in items: [FlowItem]) -> Double {
        guard index + 1 < items.count else { return 0 }
        switch items[index + 1] {
        case .text(let next, _, let before, let after, let keep, _, _, _):
            // A chain of kept items (heading, then an introductory line) moves as one.
            if keep { return before + next.height + after + minimumHeight(after: index + 1, in: items) }
            return before + next.height(of: 0..<min(2, next.lines.count))
        case .float(let box):
            return box.height <= style.textBottom - style.textTop ? box.height + style.floatGap : 0
        case .space(let h):
            // A heading followed by space still needs what comes after the space.
            return h + minimumHeight(after: index + 1, in: items)
        default: return 0
        }
    }

    private func placeLines(of box: TextBox, x: Double, decorate: ((OpaquePointer, Double, Double) -> Void)?) {
        var i = 0
        let count = box.lines.count
        var first = true
        while i < count {
            var fit = 0
            while i + fit < count, y + box.height(of: i..<(i + fit + 1)) <= style.textBottom + 0.5 { fit += 1 }
            if fit < count - i {
                // Orphan: never leave a single first line of a paragraph at the foot of a page.
                if fit < 2 && count - i >= 2 && !atTop { newPage(); continue }
                // Widow: never carry a single last line over to the next page.
                if count - i - fit == 1 && fit > 2 { fit -= 1 }
                if fit == 0 { fit = 1 } // a line taller than a page: place it anyway
            }
            if first, let decorate { decorate(cr, x, y) }
            first = false
            box.draw(cr, x: x, y: y, lines: i..<(i + fit))
            y += box.height(of: i..<(i + fit))
            i += fit
            if i < count { newPage() }
        }
    }

    private func placeFloat(_ box: FloatBox) {
        if pending.isEmpty && (y + box.height <= style.textBottom || atTop) {
            if !atTop { y += style.floatGap / 2 }
            box.draw(cr, x: style.marginLeft, y: y)
            y += box.height + style.floatGap
        } else {
            pending.append(box)
        }
    }

    private func newPage() {
        finishPage()
        cairo_show_page(cr)
        page += 1
        y = style.textTop
        // Floats that waited go first, in order, as many as fit.
        while let box = pending.first, y + box.height <= style.textBottom || atTop {
            pending.removeFirst()
            box.draw(cr, x: style.marginLeft, y: y)
            y += box.height + style.floatGap
        }
    }

    private func finishPage() {
        if let head = header(page) {
            head.draw(cr, x: style.marginLeft, y: style.marginTop - 34)
            cairo_set_line_width(cr, 0.4)
            cairo_move_to(cr, style.marginLeft, style.marginTop - 34 + head.height + 3)
            cairo_line_to(cr, style.marginLeft + style.textWidth, style.marginTop - 34 + head.height + 3)
            cairo_stroke(cr)
        }
        let foot = footer(page)
        foot.draw(cr, x: style.marginLeft, y: style.pageHeight - style.marginBottom + 28)
    }

    private func addOutline(_ entry: OutlineEntry) {
        let parent = entry.level > 1 ? (outlineParents[entry.level - 1] ?? Int32(CAIRO_PDF_OUTLINE_ROOT)) : Int32(CAIRO_PDF_OUTLINE_ROOT)
        let id = cairo_pdf_surface_add_outline(surface, parent, entry.title, "dest='\(entry.destination)'",
                                               cairo_pdf_outline_flags_t(rawValue: 0))
        outlineParents[entry.level] = id
    }
}

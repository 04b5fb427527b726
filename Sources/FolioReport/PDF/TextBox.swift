import Foundation
import CCairo
import CPangoCairo

/// A paragraph set by Pango at a fixed width: its lines (which the page composer may split across
/// pages) and the positions of the links inside it.
///
/// Links are marked in the markup by ``PDFLink`` before a `<span underline="none">` (invisible,
/// since nothing else is underlined); their rectangles are found from Pango's byte indices after
/// layout.
final class TextBox {
    struct Line {
        /// Top and bottom of the line's logical box, and its baseline, from the layout's top (pt).
        var top: Double
        var bottom: Double
        var baseline: Double
        /// Horizontal offset from alignment and indentation (pt).
        var x: Double
        let pointer: UnsafeMutablePointer<PangoLayoutLine>
    }

    struct Link {
        var line: Int
        var x0: Double
        var x1: Double
        var destination: String
    }

    let layout: OpaquePointer
    let width: Double
    /// Kept alive here: Pango's shape attributes point at them.
    private var inlineObjects: [AnyObject] = []
    private(set) var lines: [Line] = []
    private(set) var links: [Link] = []

    var height: Double { lines.last.map { $0.bottom } ?? 0 }
    /// Natural width of the widest line (pt); for table cells.
    var naturalWidth: Double {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return Double(logical.width) / Double(PANGO_SCALE)
    }

    /// The narrowest width the text wraps to without breaking a word (pt): its widest word, or widest
    /// unbreakable piece (inline math stays whole); for table columns that wrap.
    var widestWord: Double {
        guard let copy = pango_layout_copy(layout) else { return naturalWidth }
        defer { g_object_unref(UnsafeMutableRawPointer(copy)) }
        pango_layout_set_width(copy, PANGO_SCALE)   // 1 pt: every break taken; a word wider stays whole
        pango_layout_set_wrap(copy, PANGO_WRAP_WORD)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(copy, &ink, &logical)
        return Double(logical.width) / Double(PANGO_SCALE)
    }

    /// - Parameters:
    ///   - width: wrap width in points; `nil` for a single unwrapped line (table cells).
    ///   - indent: first-line indent in points (negative: hanging indent).
    init(context: OpaquePointer, markup: String, font: String, width: Double?,
         alignment: PangoAlignment = PANGO_ALIGN_LEFT, justify: Bool = false, indent: Double = 0,
         lineSpacing: Double = 1.0) throws {
        layout = pango_layout_new(context)
        self.width = width ?? 0
        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        pango_layout_set_alignment(layout, alignment)
        pango_layout_set_justify(layout, justify ? 1 : 0)
        pango_layout_set_indent(layout, Int32(indent * Double(PANGO_SCALE)))
        if lineSpacing != 1.0 { pango_layout_set_line_spacing(layout, Float(lineSpacing)) }

        let (linkedMarkup, linkDestinations) = PDFLink.extract(from: markup)
        let (markup, encodedObjects) = InlineObject.extract(from: linkedMarkup)
        var error: UnsafeMutablePointer<GError>?
        guard pango_parse_markup(markup, -1, 0, nil, nil, nil, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown"
            g_error_free(error)
            g_object_unref(UnsafeMutableRawPointer(layout))
            throw ReportOutputError(path: "report.pdf", message: "internal markup error (\(message)) in: \(markup)")
        }
        let family = String(font.split(separator: " ").dropLast().joined(separator: " "))
            .replacingOccurrences(of: " Bold", with: "").replacingOccurrences(of: " Italic", with: "")
        let size = Double(font.split(separator: " ").last ?? "") ?? 10
        // Formulas are set once; both layouts below share them.
        let objects: [AnyObject] = try encodedObjects.map { object in
            switch object {
            case .interval(let plus, let minus):
                return StackedInterval(context: context, plus: plus, minus: minus, fontFamily: family, baseSize: size)
            case .math(let tex, let display):
                return try InlineMath(tex: tex, display: display, fontSize: size, context: context)
            }
        }
        func setMarkup(_ markup: String) {
            pango_layout_set_markup(layout, markup, -1)
            if !objects.isEmpty { addInlineObjects(objects) }
        }
        // Justified text is hyphenated; ragged text (table cells, headings) keeps whole words. A soft
        // hyphen that ends no line would still be copied with the word ("signif\u{AD}icance"), so the
        // paragraph is set twice: with every allowed break, then with only those Pango used (its
        // first-fit breaking makes the same lines when unused break points are removed).
        if justify && width != nil, case let hyphenated = try Hyphenation.hyphenate(markup: markup), hyphenated != markup {
            setMarkup(hyphenated)
            setMarkup(Hyphenation.keepingSoftHyphens(Self.softHyphensEndingLines(layout), in: hyphenated))
        } else {
            setMarkup(markup)
        }
        measureLines()
        findLinks(linkDestinations)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Pairs the text's object-replacement characters, in order, with the objects they stand for.
    private func addInlineObjects(_ objects: [AnyObject]) {
        inlineObjects = objects
        let text = Array(String(cString: pango_layout_get_text(layout)).utf8)
        let marker: [UInt8] = [0xEF, 0xBF, 0xBC] // U+FFFC
        var offsets: [Int] = []
        var i = 0
        while i + 3 <= text.count {
            if Array(text[i..<i + 3]) == marker { offsets.append(i); i += 3 } else { i += 1 }
        }
        let attributes = pango_layout_get_attributes(layout).map { pango_attr_list_copy($0)! } ?? pango_attr_list_new()!
        for (offset, object) in zip(offsets, objects) {
            if let interval = object as? StackedInterval { pango_attr_list_insert(attributes, interval.attribute(at: offset)) }
            if let math = object as? InlineMath { pango_attr_list_insert(attributes, math.attribute(at: offset)) }
        }
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
    }

    /// x (pt) just after the integer digits of the first number in the text ("−29|.01", "< 2|.2",
    /// "64|⁺¹⁵₋₁₄"), where a column of numbers aligns; nil when the text has no digit.
    var decimalAnchor: Double? {
        let text = Array(String(cString: pango_layout_get_text(layout)).utf8)
        guard let first = text.firstIndex(where: { (0x30...0x39).contains($0) }) else { return nil }
        var end = first
        func digit(_ i: Int) -> Bool { i < text.count && (0x30...0x39).contains(text[i]) }
        // Digits, and groups after a thin space (U+2009, E2 80 89: "58 108 832").
        while digit(end) || (end + 3 < text.count && text[end] == 0xE2 && text[end + 1] == 0x80 && text[end + 2] == 0x89 && digit(end + 3)) {
            end += digit(end) ? 1 : 3
        }
        var position = PangoRectangle()
        pango_layout_index_to_pos(layout, Int32(end), &position)
        return Double(position.x) / Double(PANGO_SCALE) + (lines.first?.x ?? 0)
    }

    /// Ordinals (0 = the text's first soft hyphen) of the soft hyphens at which a line ends.
    private static func softHyphensEndingLines(_ layout: OpaquePointer) -> Set<Int> {
        let text = Array(String(cString: pango_layout_get_text(layout)).utf8)
        var ordinalAt: [Int: Int] = [:]   // byte offset just after a soft hyphen → its ordinal
        var count = 0
        for i in 0..<max(0, text.count - 1) where text[i] == 0xC2 && text[i + 1] == 0xAD {
            ordinalAt[i + 2] = count
            count += 1
        }
        var used: Set<Int> = []
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        repeat {
            if let line = pango_layout_iter_get_line_readonly(iter) {
                let end = Int(line.pointee.start_index + line.pointee.length)
                if let ordinal = ordinalAt[end] { used.insert(ordinal) }
            }
        } while pango_layout_iter_next_line(iter) != 0
        return used
    }

    private func measureLines() {
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        repeat {
            var y0: Int32 = 0, y1: Int32 = 0
            pango_layout_iter_get_line_yrange(iter, &y0, &y1)
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, &ink, &logical)
            let baseline = pango_layout_iter_get_baseline(iter)
            let s = Double(PANGO_SCALE)
            lines.append(Line(top: Double(y0) / s, bottom: Double(y1) / s, baseline: Double(baseline) / s,
                              x: Double(logical.x) / s, pointer: pango_layout_iter_get_line_readonly(iter)))
        } while pango_layout_iter_next_line(iter) != 0
    }

    private func findLinks(_ destinations: [String]) {
        guard !destinations.isEmpty, let list = pango_layout_get_attributes(layout) else { return }
        var ranges: [(Int32, Int32)] = []
        var node = pango_attr_list_get_attributes(list)
        let head = node
        while let n = node {
            let attr = n.pointee.data.assumingMemoryBound(to: PangoAttribute.self)
            if attr.pointee.klass.pointee.type == PANGO_ATTR_UNDERLINE,
               UnsafeMutableRawPointer(attr).assumingMemoryBound(to: PangoAttrInt.self).pointee.value == Int32(PANGO_UNDERLINE_NONE.rawValue) {
                ranges.append((Int32(attr.pointee.start_index), Int32(attr.pointee.end_index)))
            }
            node = n.pointee.next
        }
        g_slist_free_full(head) { pango_attribute_destroy($0?.assumingMemoryBound(to: PangoAttribute.self)) }
        ranges.sort { $0.0 < $1.0 }
        let s = Double(PANGO_SCALE)
        for (range, destination) in zip(ranges, destinations) {
            var line0: Int32 = 0, line1: Int32 = 0, x0: Int32 = 0, x1: Int32 = 0
            pango_layout_index_to_line_x(layout, range.0, 0, &line0, &x0)
            pango_layout_index_to_line_x(layout, range.1, 0, &line1, &x1)
            let line = Int(line0)
            guard lines.indices.contains(line) else { continue }
            let start = lines[line].x + Double(x0) / s
            let end = line1 == line0 ? lines[line].x + Double(x1) / s : naturalLineWidth(line)
            links.append(Link(line: line, x0: start, x1: end, destination: destination))
        }
    }

    private func naturalLineWidth(_ index: Int) -> Double {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_line_get_extents(lines[index].pointer, &ink, &logical)
        return lines[index].x + Double(logical.width) / Double(PANGO_SCALE)
    }

    /// Height of lines `range` (from the first one's top to the last one's bottom).
    func height(of range: Range<Int>) -> Double {
        guard let first = range.first, let last = range.last else { return 0 }
        return lines[last].bottom - lines[first].top
    }

    /// Draws lines `range` with the first line's top at (x, y), and their links.
    func draw(_ cr: OpaquePointer, x: Double, y: Double, lines range: Range<Int>? = nil) {
        let range = range ?? lines.indices
        guard let first = range.first else { return }
        let shift = y - lines[first].top
        for i in range {
            let line = lines[i]
            cairo_move_to(cr, x + line.x, shift + line.baseline)
            pango_cairo_show_layout_line(cr, line.pointer)
        }
        for link in links where range.contains(link.line) {
            let line = lines[link.line]
            let rect = "rect=[\(fmt(x + link.x0)) \(fmt(shift + line.top)) \(fmt(link.x1 - link.x0)) \(fmt(line.bottom - line.top))]"
            cairo_tag_begin(cr, CAIRO_TAG_LINK, "\(rect) \(PDFLink.cairoTarget(link.destination))")
            cairo_tag_end(cr, CAIRO_TAG_LINK)
        }
    }

    private func fmt(_ v: Double) -> String { String(format: "%.2f", v) }
}

import Foundation
import CCairo
import CPangoCairo

/// An asymmetric interval set as physicists write it, +0.5 stacked over −0.4 beside the value.
///
/// Pango markup cannot stack, so the interval travels through the markup as
/// `U+E010 plus U+E011 minus U+E012` (see ``FormattedNumber/pangoMarkup``); ``TextBox`` replaces
/// each by an object-replacement character carrying a Pango shape attribute whose logical box
/// reserves the space, and Pango calls ``renderer`` to draw the two small lines there as real,
/// selectable text.
final class StackedInterval {
    static let open: Character = "\u{E010}"
    static let separator: Character = "\u{E011}"
    static let close: Character = "\u{E012}"

    private let upper: OpaquePointer
    private let lower: OpaquePointer
    /// Baseline shifts from the text baseline (pt, upward positive for `raise`).
    private let raise: Double
    private let drop: Double
    private let leading: Double
    let width: Double
    let ascent: Double
    let descent: Double

    init(context: OpaquePointer, plus: String, minus: String, fontFamily: String, baseSize: Double) {
        let small = (baseSize * 0.68 * 10).rounded() / 10
        func layout(_ text: String) -> OpaquePointer {
            let l = pango_layout_new(context)!
            let description = pango_font_description_from_string("\(fontFamily) \(small)")
            pango_layout_set_font_description(l, description)
            pango_font_description_free(description)
            pango_layout_set_text(l, text, -1)
            return l
        }
        upper = layout(plus)
        lower = layout(minus)
        raise = 0.40 * baseSize
        drop = 0.30 * baseSize
        leading = 0.06 * baseSize
        var ink = PangoRectangle(), logicalUpper = PangoRectangle(), logicalLower = PangoRectangle()
        pango_layout_get_extents(upper, &ink, &logicalUpper)
        pango_layout_get_extents(lower, &ink, &logicalLower)
        let s = Double(PANGO_SCALE)
        let smallAscent = Double(pango_layout_get_baseline(upper)) / s
        let smallHeight = Double(logicalLower.height) / s
        width = leading + max(Double(logicalUpper.width), Double(logicalLower.width)) / s + 0.08 * baseSize
        ascent = raise + smallAscent
        descent = drop + (smallHeight - smallAscent)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(upper))
        g_object_unref(UnsafeMutableRawPointer(lower))
    }

    /// Pango's shape callback: the current point is at the shape's baseline, left edge.
    static let renderer: PangoCairoShapeRendererFunc = { cr, attr, doPath, _ in
        guard let cr, let attr, let data = attr.pointee.data else { return }
        let interval = Unmanaged<StackedInterval>.fromOpaque(data).takeUnretainedValue()
        var x = 0.0, y = 0.0
        cairo_get_current_point(cr, &x, &y)
        for (layout, baseline) in [(interval.upper, y - interval.raise), (interval.lower, y + interval.drop)] {
            cairo_move_to(cr, x + interval.leading, baseline)
            if doPath != 0 {
                pango_cairo_layout_line_path(cr, pango_layout_get_line_readonly(layout, 0))
            } else {
                pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(layout, 0))
            }
        }
    }

    /// Replaces each encoded interval in `markup` by U+FFFC and returns the intervals in order.
    static func extract(from markup: String) -> (markup: String, intervals: [(plus: String, minus: String)]) {
        guard markup.contains(open) else { return (markup, []) }
        var out = ""
        var intervals: [(String, String)] = []
        var rest = Substring(markup)
        while let start = rest.firstIndex(of: open), let mid = rest[start...].firstIndex(of: separator),
              let end = rest[mid...].firstIndex(of: close) {
            out += rest[..<start]
            // Word joiners: the value and its interval never part at a line end.
            out += "\u{2060}\u{FFFC}\u{2060}"
            intervals.append((String(rest[rest.index(after: start)..<mid]), String(rest[rest.index(after: mid)..<end])))
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        return (out, intervals)
    }

    /// A shape attribute for the object-replacement character at byte `index`.
    func attribute(at index: Int) -> UnsafeMutablePointer<PangoAttribute> {
        let s = Double(PANGO_SCALE)
        var logical = PangoRectangle(x: 0, y: Int32(-ascent * s), width: Int32(width * s), height: Int32((ascent + descent) * s))
        var ink = logical
        let attr = pango_attr_shape_new_with_data(&ink, &logical, Unmanaged.passUnretained(self).toOpaque(), nil, nil)!
        attr.pointee.start_index = guint(index)
        attr.pointee.end_index = guint(index + 3) // U+FFFC is three bytes in UTF-8
        return attr
    }
}

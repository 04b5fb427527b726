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

    /// Draws the two small lines; the current point is at the shape's baseline, left edge.
    static func draw(_ interval: StackedInterval, cr: OpaquePointer, doPath: Bool) {
        var x = 0.0, y = 0.0
        cairo_get_current_point(cr, &x, &y)
        for (layout, baseline) in [(interval.upper, y - interval.raise), (interval.lower, y + interval.drop)] {
            cairo_move_to(cr, x + interval.leading, baseline)
            if doPath {
                pango_cairo_layout_line_path(cr, pango_layout_get_line_readonly(layout, 0))
            } else {
                pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(layout, 0))
            }
        }
    }

    func attribute(at index: Int) -> UnsafeMutablePointer<PangoAttribute> {
        InlineObject.shapeAttribute(owner: self, width: width, ascent: ascent, descent: descent, at: index)
    }
}

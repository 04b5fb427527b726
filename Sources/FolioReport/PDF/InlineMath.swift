import Foundation
import CCairo
import CPangoCairo
import FolioMath

/// A formula inside a line of PDF text, typeset by FolioMath's ``MathBox``. Like a
/// ``StackedInterval`` it travels through the markup encoded (`U+E013 tex U+E014`, or `U+E015 tex
/// U+E014` for a displayed formula; the TeX XML-escaped) and becomes an object-replacement character
/// whose Pango shape attribute reserves the formula's tight box, so a line with a formula gets no
/// more leading than its glyphs need.
final class InlineMath {
    static let open: Character = "\u{E013}"
    static let displayOpen: Character = "\u{E015}"
    static let close: Character = "\u{E014}"

    let box: MathBox

    init(tex: String, display: Bool, fontSize: Double, context: OpaquePointer) throws {
        do {
            box = try MathBox(tex: tex, display: display, fontSize: fontSize, context: context)
        } catch let error as MathError {
            throw ReportOutputError(path: "report.pdf", message: "formula '\(tex)': \(error)")
        }
    }

    /// The markup that carries `tex` to ``TextBox``.
    static func encode(_ tex: String, display: Bool) -> String {
        String(display ? displayOpen : open) + HTMLEscaping.escape(tex) + String(close)
    }

    func attribute(at index: Int) -> UnsafeMutablePointer<PangoAttribute> {
        InlineObject.shapeAttribute(owner: self, width: box.width, ascent: box.ascent, descent: box.descent, at: index)
    }
}

/// What an object-replacement character in a ``TextBox`` stands for, in the order of the text.
enum InlineObject {
    case interval(plus: String, minus: String)
    case math(tex: String, display: Bool)

    /// Replaces every encoded interval and formula in `markup` by U+FFFC and returns them in order.
    static func extract(from markup: String) -> (markup: String, objects: [InlineObject]) {
        guard markup.contains(where: { $0 == StackedInterval.open || $0 == InlineMath.open || $0 == InlineMath.displayOpen }) else {
            return (markup, [])
        }
        var out = ""
        var objects: [InlineObject] = []
        var rest = Substring(markup)
        while let start = rest.firstIndex(where: { $0 == StackedInterval.open || $0 == InlineMath.open || $0 == InlineMath.displayOpen }) {
            out += rest[..<start]
            let opener = rest[start]
            if opener == StackedInterval.open {
                guard let mid = rest[start...].firstIndex(of: StackedInterval.separator),
                      let end = rest[mid...].firstIndex(of: StackedInterval.close) else { break }
                // Word joiners: the value and its interval never part at a line end.
                out += "\u{2060}\u{FFFC}\u{2060}"
                objects.append(.interval(plus: String(rest[rest.index(after: start)..<mid]), minus: String(rest[rest.index(after: mid)..<end])))
                rest = rest[rest.index(after: end)...]
            } else {
                guard let end = rest[start...].firstIndex(of: InlineMath.close) else { break }
                out += "\u{FFFC}"
                objects.append(.math(tex: unescape(String(rest[rest.index(after: start)..<end])), display: opener == InlineMath.displayOpen))
                rest = rest[rest.index(after: end)...]
            }
        }
        out += rest
        return (out, objects)
    }

    private static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A shape attribute for the object-replacement character at byte `index`, drawn by ``renderer``.
    static func shapeAttribute(owner: AnyObject, width: Double, ascent: Double, descent: Double, at index: Int) -> UnsafeMutablePointer<PangoAttribute> {
        let s = Double(PANGO_SCALE)
        var logical = PangoRectangle(x: 0, y: Int32(-ascent * s), width: Int32(width * s), height: Int32((ascent + descent) * s))
        var ink = logical
        let attr = pango_attr_shape_new_with_data(&ink, &logical, Unmanaged.passUnretained(owner).toOpaque(), nil, nil)!
        attr.pointee.start_index = guint(index)
        attr.pointee.end_index = guint(index + 3) // U+FFFC is three bytes in UTF-8
        return attr
    }

    /// Pango's shape callback for every inline object: the current point is at the shape's
    /// baseline, left edge.
    static let renderer: PangoCairoShapeRendererFunc = { cr, attr, doPath, data in
        guard let cr, let attr, let pointer = attr.pointee.data else { return }
        let owner = Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
        if let math = owner as? InlineMath {
            guard doPath == 0 else { return }
            var x = 0.0, y = 0.0
            cairo_get_current_point(cr, &x, &y)
            math.box.draw(cr, x: x, baseline: y)
        } else if let interval = owner as? StackedInterval {
            StackedInterval.draw(interval, cr: cr, doPath: doPath != 0)
        }
    }
}

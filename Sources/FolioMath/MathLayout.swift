import Foundation
import CCairo
import CPangoCairo

/// Typesets a ``MathNode`` for the PDF with Pango and Cairo, after TeX's rules (TeXbook
/// appendix G, simplified): styles D, T, S, SS at 100/100/70/50% size; fractions on the maths axis;
/// sub- and superscripts stacked on one another; a drawn radical whose bar spans its radicand;
/// ∑ and ∏ with limits above and below in display style; delimiters that grow with their content;
/// TeX's thin, medium and thick spaces between operators and relations. Glyphs come from TeX Gyre
/// Pagella Math (Debian `fonts-texgyre-math`), the companion of the report's body font, with
/// variables in its mathematical italic.
///
/// The box is tight (ink extents), so an inline formula adds no leading to its line beyond what
/// its glyphs need. Vertical coordinates are upward from the baseline.
public final class MathBox {
    public let width: Double
    public let ascent: Double
    public let descent: Double
    fileprivate let items: [MathItem]

    fileprivate init(width: Double, ascent: Double, descent: Double, items: [MathItem]) {
        self.width = width; self.ascent = ascent; self.descent = descent; self.items = items
    }

    /// Typesets `tex` at `fontSize` points; `display` for a formula on its own line.
    public convenience init(tex: String, display: Bool, fontSize: Double, context: OpaquePointer) throws {
        let node = try TeXParser.parse(tex)
        let engine = MathEngine(context: context, baseSize: fontSize)
        let box = engine.layout(node, display ? .display : .text)
        self.init(width: box.width, ascent: box.ascent, descent: box.descent, items: box.items)
    }

    /// Draws with the baseline's left end at (x, baseline) in device space (y down).
    public func draw(_ cr: OpaquePointer, x: Double, baseline: Double) {
        for item in items { item.draw(cr, x: x, baseline: baseline) }
    }

    /// A Pango context for measuring outside a document (tests, the HTML side): 72 dpi, so one
    /// unit is one point, with unhinted metrics as in PDF output. It has a font map of its own:
    /// Pango's default map belongs to a thread, and contexts sharing one across concurrently running
    /// tests measured glyphs as zero-sized.
    public static func measuringContext() -> OpaquePointer {
        let fontMap = pango_cairo_font_map_new()!
        let context = pango_font_map_create_context(fontMap)!
        g_object_unref(UnsafeMutableRawPointer(fontMap))  // the context holds its own reference
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        pango_cairo_context_set_resolution(context, 72)
        cairo_font_options_destroy(options)
        return context
    }
}

/// A run of glyphs: the Pango layout, freed with the run.
final class GlyphRun {
    let layout: OpaquePointer
    let width: Double
    let inkAscent: Double
    let inkDescent: Double
    /// Height of the ink's lowest point above the baseline (negative below it): accents sit on this.
    let inkBottom: Double
    /// The layout's baseline below its top (pt), to place it by its baseline.
    let baselineFromTop: Double

    init(_ text: String, size: Double, context: OpaquePointer) {
        layout = pango_layout_new(context)
        let description = pango_font_description_from_string("TeX Gyre Pagella Math")!
        pango_font_description_set_size(description, Int32((size * Double(PANGO_SCALE)).rounded()))
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_text(layout, text, -1)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let s = Double(PANGO_SCALE)
        baselineFromTop = Double(pango_layout_get_baseline(layout)) / s
        width = Double(logical.width) / s
        inkAscent = max(0, baselineFromTop - Double(ink.y) / s)
        inkDescent = max(0, Double(ink.y + ink.height) / s - baselineFromTop)
        inkBottom = baselineFromTop - Double(ink.y + ink.height) / s
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
}

fileprivate enum MathItem {
    case glyphs(GlyphRun, x: Double, y: Double, scaleX: Double, scaleY: Double)
    case rule(x: Double, y: Double, width: Double, height: Double)
    case path([(Double, Double)], lineWidth: Double)

    func shifted(_ dx: Double, _ dy: Double) -> MathItem {
        switch self {
        case .glyphs(let run, let x, let y, let sx, let sy): return .glyphs(run, x: x + dx, y: y + dy, scaleX: sx, scaleY: sy)
        case .rule(let x, let y, let w, let h): return .rule(x: x + dx, y: y + dy, width: w, height: h)
        case .path(let points, let width): return .path(points.map { ($0.0 + dx, $0.1 + dy) }, lineWidth: width)
        }
    }

    func draw(_ cr: OpaquePointer, x: Double, baseline: Double) {
        switch self {
        case .glyphs(let run, let gx, let gy, let sx, let sy):
            cairo_save(cr)
            cairo_translate(cr, x + gx, baseline - gy)
            if sx != 1 || sy != 1 { cairo_scale(cr, sx, sy) }
            cairo_move_to(cr, 0, -run.baselineFromTop)
            pango_cairo_show_layout(cr, run.layout)
            cairo_restore(cr)
        case .rule(let rx, let ry, let w, let h):
            cairo_rectangle(cr, x + rx, baseline - ry - h, w, h)
            cairo_fill(cr)
        case .path(let points, let width):
            guard let first = points.first else { return }
            cairo_save(cr)
            cairo_set_line_width(cr, width)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
            cairo_move_to(cr, x + first.0, baseline - first.1)
            for p in points.dropFirst() { cairo_line_to(cr, x + p.0, baseline - p.1) }
            cairo_stroke(cr)
            cairo_restore(cr)
        }
    }
}

/// TeX's four styles (cramping is ignored).
enum MathStyle {
    case display, text, script, scriptScript
    var scale: Double { switch self { case .display, .text: 1; case .script: 0.7; case .scriptScript: 0.5 } }
    var script: MathStyle { switch self { case .display, .text: .script; case .script, .scriptScript: .scriptScript } }
    var fraction: MathStyle { switch self { case .display: .text; case .text: .script; case .script, .scriptScript: .scriptScript } }
    var spaced: Bool { self == .display || self == .text }
}

private struct Box {
    var width = 0.0, ascent = 0.0, descent = 0.0
    var items: [MathItem] = []
    /// A single symbol (scripts attach closer to it than to a compound base).
    var isSymbol = false
    var italic = false

    mutating func append(_ other: Box, at x: Double, y: Double = 0) {
        items += other.items.map { $0.shifted(x, y) }
        ascent = max(ascent, other.ascent + y)
        descent = max(descent, other.descent - y)
    }
}

private struct MathEngine {
    let context: OpaquePointer
    let baseSize: Double

    func em(_ style: MathStyle) -> Double { baseSize * style.scale }
    /// The maths axis (the height of the minus sign's bar): fractions and delimiters centre on it.
    func axis(_ style: MathStyle) -> Double { 0.25 * em(style) }
    func rule(_ style: MathStyle) -> Double { max(0.4, 0.045 * em(style)) }

    func glyphs(_ text: String, size: Double, italic: Bool = false) -> Box {
        let run = GlyphRun(text, size: size, context: context)
        return Box(width: run.width, ascent: run.inkAscent, descent: run.inkDescent,
                   items: [.glyphs(run, x: 0, y: 0, scaleX: 1, scaleY: 1)], isSymbol: true, italic: italic)
    }

    func layout(_ node: MathNode, _ style: MathStyle) -> Box {
        switch node {
        case .atom(let s, _, let variant):
            let italic = variant == .italic
            return glyphs(italic ? Self.mathItalic(s) : s, size: em(style), italic: italic)
        case .text(let t):
            return glyphs(t, size: em(style))
        case .space(let e):
            return Box(width: e * em(style))
        case .row(let nodes):
            return row(nodes, style)
        case .scripts(let base, let sup, let sub):
            return scripts(layout(base, style), sup: sup, sub: sub, style)
        case .fraction(let n, let d):
            return fraction(n, d, style)
        case .radical(let r):
            return radical(layout(r, style), style)
        case .bigOperator(let symbol, let sub, let sup):
            return bigOperator(symbol, sub: sub, sup: sup, style)
        case .delimited(let l, let r, let body):
            return delimited(l, r, layout(body, style), style)
        case .accent(let a, let base):
            return accent(a, layout(base, style), style)
        }
    }

    func row(_ nodes: [MathNode], _ style: MathStyle) -> Box {
        var box = Box()
        var previous: MathClass?
        for (node, cls) in zip(nodes, MathNode.rowClasses(nodes)) {
            if let cls, let p = previous, style.spaced {
                box.width += MathNode.spacing(p, cls == .binary && p == .closing ? .binary : cls) * em(style)
            }
            let b = layout(node, style)
            box.append(b, at: box.width)
            box.width += b.width
            if let cls { previous = cls }
        }
        if nodes.count == 1 { let only = layout(nodes[0], style); box.isSymbol = only.isSymbol; box.italic = only.italic }
        return box
    }

    func scripts(_ base: Box, sup: MathNode?, sub: MathNode?, _ style: MathStyle) -> Box {
        let e = em(style)
        let s = style.script
        var box = base
        box.isSymbol = false
        let italicCorrection = base.italic ? 0.06 * e : 0
        var supShift = 0.0, subShift = 0.0
        let upper = sup.map { layout($0, s) }
        let lower = sub.map { layout($0, s) }
        if let u = upper {
            supShift = max(base.isSymbol ? 0 : base.ascent - 0.25 * e, style == .display ? 0.41 * e : 0.36 * e, u.descent + 0.11 * e)
        }
        if let d = lower {
            subShift = max(base.isSymbol ? 0 : base.descent + 0.05 * e, upper == nil ? 0.15 * e : 0.25 * e, d.ascent - 0.36 * e)
            if let u = upper {
                // Keep a gap of four rule widths between the scripts, as TeX does.
                let gap = (supShift - u.descent) - (d.ascent - subShift)
                if gap < 4 * rule(style) { subShift += 4 * rule(style) - gap }
            }
        }
        var width = base.width
        if let u = upper { box.append(u, at: base.width + italicCorrection, y: supShift); width = max(width, base.width + italicCorrection + u.width) }
        if let d = lower { box.append(d, at: base.width, y: -subShift); width = max(width, base.width + d.width) }
        box.width = width + 0.05 * e
        return box
    }

    func fraction(_ n: MathNode, _ d: MathNode, _ style: MathStyle) -> Box {
        let e = em(style)
        let inner = style.fraction
        let num = layout(n, inner), den = layout(d, inner)
        let t = rule(style)
        let gap = style == .display ? 0.15 * e : 0.09 * e
        let pad = 0.12 * e
        let width = max(num.width, den.width) + 2 * pad
        let a = axis(style)
        var box = Box(width: width)
        box.append(num, at: (width - num.width) / 2, y: a + t / 2 + gap + num.descent)
        box.append(den, at: (width - den.width) / 2, y: a - t / 2 - gap - den.ascent)
        box.items.append(.rule(x: 0.06 * e, y: a - t / 2, width: width - 0.12 * e, height: t))
        return box
    }

    func radical(_ body: Box, _ style: MathStyle) -> Box {
        let e = em(style)
        let t = rule(style)
        let gap = (style == .display ? 0.2 : 0.12) * e
        let top = body.ascent + gap
        let bottom = -body.descent - 0.06 * e
        let signWidth = 0.5 * e
        var box = Box(width: signWidth + body.width + 0.1 * e)
        box.append(body, at: signWidth + 0.04 * e)
        let height = top - bottom
        box.items.append(.path([(0.02 * e, bottom + 0.45 * height), (0.13 * e, bottom + 0.52 * height),
                                (0.27 * e, bottom), (signWidth, top + t / 2)], lineWidth: 1.1 * t))
        box.items.append(.rule(x: signWidth - 0.02 * e, y: top, width: body.width + 0.16 * e, height: t))
        box.ascent = top + t
        box.descent = -bottom
        return box
    }

    func bigOperator(_ symbol: String, sub: MathNode?, sup: MathNode?, _ style: MathStyle) -> Box {
        let e = em(style)
        let display = style == .display
        var op = glyphs(symbol, size: e * (display ? 1.45 : 1.05))
        // Centre the operator on the axis.
        let shift = axis(style) - (op.ascent - op.descent) / 2
        op.items = op.items.map { $0.shifted(0, shift) }
        op.ascent += shift; op.descent -= shift
        op.isSymbol = false
        guard display, symbol != "∫", symbol != "∮" else { return scripts(op, sup: sup, sub: sub, style) }
        let s = style.script
        let upper = sup.map { layout($0, s) }, lower = sub.map { layout($0, s) }
        let width = max(op.width, upper?.width ?? 0, lower?.width ?? 0)
        var box = Box(width: width)
        box.append(op, at: (width - op.width) / 2)
        if let u = upper { box.append(u, at: (width - u.width) / 2, y: op.ascent + 0.12 * e + u.descent) }
        if let d = lower { box.append(d, at: (width - d.width) / 2, y: -op.descent - 0.12 * e - d.ascent) }
        return box
    }

    func delimited(_ left: String, _ right: String, _ body: Box, _ style: MathStyle) -> Box {
        let e = em(style)
        let a = axis(style)
        // Tall enough to cover the body symmetrically about the axis.
        let half = max(body.ascent - a, body.descent + a) + 0.05 * e
        func delimiter(_ d: String) -> Box {
            guard !d.isEmpty else { return Box(width: 0.1 * e) }
            let g = glyphs(d, size: e)
            let natural = g.ascent + g.descent
            let scale = max(1, 2 * half / max(natural, 1e-6))
            let sx = 1 + (scale - 1) * 0.15
            // Scaled about its own centre, then centred on the axis.
            let centre = (g.ascent - g.descent) / 2
            let y = a - centre * scale
            guard case .glyphs(let run, _, _, _, _) = g.items[0] else { return g }
            return Box(width: g.width * sx, ascent: a + half, descent: half - a,
                       items: [.glyphs(run, x: 0, y: y, scaleX: sx, scaleY: scale)])
        }
        let l = delimiter(left), r = delimiter(right)
        var box = Box()
        box.append(l, at: 0)
        box.append(body, at: l.width + 0.03 * e)
        box.append(r, at: l.width + body.width + 0.06 * e)
        box.width = l.width + body.width + r.width + 0.06 * e
        return box
    }

    func accent(_ a: String, _ base: Box, _ style: MathStyle) -> Box {
        let e = em(style)
        var box = base
        box.isSymbol = false
        if a == "¯" {
            let t = rule(style)
            box.items.append(.rule(x: 0.05 * e, y: base.ascent + 0.08 * e, width: max(base.width - 0.1 * e, 0.3 * e), height: t))
            box.ascent = base.ascent + 0.08 * e + t
            return box
        }
        let symbol = a == "^" ? "\u{02C6}" : a == "~" ? "\u{02DC}" : a
        let run = GlyphRun(symbol, size: a == "→" ? 0.7 * e : e, context: context)
        // The accent's ink bottom 0.05 em above the base; centred, nudged right over italics.
        let x = (base.width - run.width) / 2 + (base.italic ? 0.05 * e : 0)
        let y = base.ascent + 0.05 * e - run.inkBottom
        box.items.append(.glyphs(run, x: x, y: y, scaleX: 1, scaleY: 1))
        box.ascent = max(box.ascent, y + run.inkAscent)
        return box
    }

    /// Mathematical italic code points (Unicode's Mathematical Alphanumeric Symbols), as TeX sets
    /// variables; "h" is the Planck constant's letter U+210E, which the block leaves out.
    static func mathItalic(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { c -> Unicode.Scalar in
            let v = c.value
            switch v {
            case 0x68: return "\u{210E}"
            case 0x61...0x7A: return Unicode.Scalar(0x1D44E + v - 0x61)!
            case 0x41...0x5A: return Unicode.Scalar(0x1D434 + v - 0x41)!
            case 0x3B1...0x3C9: return Unicode.Scalar(0x1D6FC + v - 0x3B1)!
            case 0x3F5: return "\u{1D716}"
            case 0x3D1: return "\u{1D717}"
            case 0x3D5: return "\u{1D719}"
            default: return c
            }
        }))
    }
}

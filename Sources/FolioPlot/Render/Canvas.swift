import Foundation
import CCairo
import CPangoCairo

/// A thin drawing layer over one Cairo context and one Pango context, in **points**
/// (1/72 inch; the PNG backend scales points to pixels). The only place that talks to Cairo/Pango
/// besides the output backends.
///
/// Text uses DejaVu Sans (Debian fonts-dejavu-core), with hinting off and metrics unhinted so that
/// text is laid out identically at every resolution and in every format.
final class Canvas {
    let cr: OpaquePointer
    let pango: OpaquePointer
    let fontFamily: String
    /// Device pixels per point (1 for vector output).
    let deviceScale: Double

    init(cr: OpaquePointer, deviceScale: Double, fontFamily: String = "DejaVu Sans") {
        self.cr = cr
        self.deviceScale = deviceScale
        self.fontFamily = fontFamily
        pango = pango_cairo_create_context(cr)
        pango_cairo_context_set_resolution(pango, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pango)) }

    // MARK: Paths and paint

    func setColor(_ c: Color, alpha: Double = 1) {
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha * alpha)
    }

    func setLine(width: Double, dash: Dash = .solid) {
        cairo_set_line_width(cr, width)
        let w = max(width, 0.5)
        let pattern: [Double]
        switch dash {
        case .solid: pattern = []
        case .dashed: pattern = [3.7 * w, 1.6 * w]
        case .dotted: pattern = [1 * w, 1.65 * w]
        case .dashDot: pattern = [6.4 * w, 1.6 * w, 1 * w, 1.6 * w]
        }
        pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    func move(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    func line(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    func rect(_ r: Rect) { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
    func close() { cairo_close_path(cr) }
    func newPath() { cairo_new_path(cr) }
    func stroke() { cairo_stroke(cr) }
    func fill() { cairo_fill(cr) }
    func fillPreserve() { cairo_fill_preserve(cr) }
    func save() { cairo_save(cr) }
    func restore() { cairo_restore(cr) }
    func clip(_ r: Rect) { rect(r); cairo_clip(cr) }
    func circle(_ x: Double, _ y: Double, _ r: Double) {
        cairo_new_sub_path(cr); cairo_arc(cr, x, y, r, 0, 2 * .pi); cairo_close_path(cr)
    }

    /// Snaps a coordinate so that a line of odd device-pixel width lands on pixel centres
    /// (crisp axes and ticks in PNG; a no-op in effect for vector output).
    func crisp(_ v: Double, width: Double) -> Double {
        let px = v * deviceScale
        let w = max(1, (width * deviceScale).rounded())
        let snapped = Int(w) % 2 == 1 ? floor(px) + 0.5 : px.rounded()
        return snapped / deviceScale
    }

    /// Adds a marker path centred at (x, y) with diameter `size` points.
    func markerPath(_ m: Marker, _ x: Double, _ y: Double, size: Double) {
        let r = size / 2
        switch m {
        case .circle: circle(x, y, r)
        case .square: cairo_new_sub_path(cr); cairo_rectangle(cr, x - r * 0.886, y - r * 0.886, r * 1.772, r * 1.772)
        case .diamond: move(x, y - r * 1.2); line(x + r * 0.9, y); line(x, y + r * 1.2); line(x - r * 0.9, y); close()
        case .triangle: move(x, y - r * 1.15); line(x + r, y + r * 0.6); line(x - r, y + r * 0.6); close()
        case .cross: move(x - r, y - r); line(x + r, y + r); move(x - r, y + r); line(x + r, y - r)
        case .plus: move(x - r, y); line(x + r, y); move(x, y - r); line(x, y + r)
        case .star:
            cairo_new_sub_path(cr)
            for i in 0..<10 {
                let a = -Double.pi / 2 + Double(i) * .pi / 5
                let rr = i % 2 == 0 ? r * 1.3 : r * 0.52
                if i == 0 { move(x + rr * cos(a), y + rr * sin(a)) } else { line(x + rr * cos(a), y + rr * sin(a)) }
            }
            close()
        }
    }

    static func markerIsOutline(_ m: Marker) -> Bool { m == .cross || m == .plus }

    /// Filled round dots of radius `radius` points at many user-space positions.
    ///
    /// On image surfaces (PNG) the dots are blended straight into the pixels with an analytic
    /// antialiased disk (coverage = clamp(r + ½ − distance, 0, 1)), which is ~20× faster than one
    /// Cairo fill per dot for 10⁵ events; the current clip is not applied, so callers pass only
    /// points inside the area they draw in. Vector surfaces get one Cairo circle per dot up to
    /// `vectorDotLimit` dots; beyond that the dots are drawn into an image at `rasterDotsDPI` that
    /// is placed on the page (matplotlib's `rasterized=True`): PDF and SVG surfaces slow down
    /// badly with 10⁴ separate fills, and an SVG of them weighs hundreds of megabytes.
    func dots(_ points: [(x: Double, y: Double)], radius: Double, color: Color) {
        let target = cairo_get_target(cr)!
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        let axisAligned = m.xy == 0 && m.yx == 0 && m.xx > 0 && m.yy > 0 && abs(m.xx - m.yy) < 1e-12
        guard cairo_surface_get_type(target) == CAIRO_SURFACE_TYPE_IMAGE,
              cairo_image_surface_get_format(target) == CAIRO_FORMAT_ARGB32, axisAligned else {
            if points.count > Self.vectorDotLimit {
                rasterizedDots(points, radius: radius, color: color)
                return
            }
            setColor(color)
            for p in points { newPath(); circle(p.x, p.y, radius); fill() }
            return
        }
        cairo_surface_flush(target)
        let width = Int(cairo_image_surface_get_width(target)), height = Int(cairo_image_surface_get_height(target))
        let stride = Int(cairo_image_surface_get_stride(target)) / 4
        let data = cairo_image_surface_get_data(target)!.withMemoryRebound(to: UInt32.self, capacity: stride * height) { $0 }
        let r = radius * m.xx
        let reach = Int(ceil(r + 1))
        let cr_ = color.red, cg = color.green, cb = color.blue, ca = color.alpha
        for p in points {
            let dx = m.xx * p.x + m.x0, dy = m.yy * p.y + m.y0
            let ix = Int(dx.rounded(.down)), iy = Int(dy.rounded(.down))
            for j in (iy - reach)...(iy + reach) where j >= 0 && j < height {
                for i in (ix - reach)...(ix + reach) where i >= 0 && i < width {
                    let ddx = Double(i) + 0.5 - dx, ddy = Double(j) + 0.5 - dy
                    let coverage = min(1, max(0, r + 0.5 - (ddx * ddx + ddy * ddy).squareRoot()))
                    if coverage <= 0 { continue }
                    let a = coverage * ca
                    let d = data[j * stride + i]
                    func blend(_ shift: UInt32, _ src: Double) -> UInt32 {
                        let dc = Double((d >> shift) & 0xFF)
                        return UInt32((src * 255 * a + dc * (1 - a)).rounded()) << shift
                    }
                    data[j * stride + i] = blend(24, 1) | blend(16, cr_) | blend(8, cg) | blend(0, cb)
                }
            }
        }
        cairo_surface_mark_dirty(target)
    }

    static let vectorDotLimit = 2000
    static let rasterDotsDPI = 200.0

    /// Draws `points` into a transparent image covering their bounding box (user units are
    /// points), then paints the image: one image instead of thousands of vector fills.
    private func rasterizedDots(_ points: [(x: Double, y: Double)], radius: Double, color: Color) {
        let x1 = (points.map(\.x).min() ?? 0) - radius - 1, x2 = (points.map(\.x).max() ?? 0) + radius + 1
        let y1 = (points.map(\.y).min() ?? 0) - radius - 1, y2 = (points.map(\.y).max() ?? 0) + radius + 1
        let scale = Self.rasterDotsDPI / 72
        let width = max(1, Int(((x2 - x1) * scale).rounded(.up))), height = max(1, Int(((y2 - y1) * scale).rounded(.up)))
        let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(image) }
        let imageContext = cairo_create(image)!
        cairo_scale(imageContext, scale, scale)
        cairo_translate(imageContext, -x1, -y1)
        Canvas(cr: imageContext, deviceScale: deviceScale * scale).dots(points, radius: radius, color: color)
        cairo_destroy(imageContext)
        save()
        cairo_translate(cr, x1, y1)
        cairo_scale(cr, 1 / scale, 1 / scale)
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_paint(cr)
        restore()
    }

    // MARK: Text

    /// A laid-out piece of Pango markup; size in points (logical extents).
    final class TextBox {
        let layout: OpaquePointer
        let width: Double
        let height: Double
        /// Distance from the top of the box to the first baseline.
        let baseline: Double
        init(layout: OpaquePointer) {
            self.layout = layout
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_get_extents(layout, &ink, &logical)
            width = Double(logical.width) / Double(PANGO_SCALE)
            height = Double(logical.height) / Double(PANGO_SCALE)
            baseline = Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE)
        }
        deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
    }

    /// Lays out `markup` at `size` points (it was validated before rendering).
    func text(_ markup: String, size: Double, bold: Bool = false) -> TextBox {
        let layout = pango_layout_new(pango)!
        let desc = pango_font_description_new()
        pango_font_description_set_family(desc, fontFamily)
        pango_font_description_set_size(desc, Int32((size * Double(PANGO_SCALE)).rounded()))
        if bold { pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD) }
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_markup(layout, Self.explicitScripts(Self.typographicMinus(markup), size: size), -1)
        return TextBox(layout: layout)
    }

    /// A hyphen-minus that starts a number ("-62°", "E<sup>-2.7</sup>", "[-5, 3)") becomes the
    /// minus sign U+2212, so every label, legend and title sets negative numbers alike. A hyphen
    /// inside a word or between digits ("IC86-2011", "KRA-γ") is left alone.
    static func typographicMinus(_ markup: String) -> String {
        guard markup.contains("-") else { return markup }
        let chars = Array(markup)
        var out = ""
        out.reserveCapacity(markup.utf8.count)
        for (i, c) in chars.enumerated() {
            let next = i + 1 < chars.count ? chars[i + 1] : " "
            let startsNumber = next.isASCII && next.isNumber || (next == "." && i + 2 < chars.count && chars[i + 2].isNumber)
            let before: Character = i > 0 ? chars[i - 1] : " "
            let opensNumber = before.isWhitespace || "([{=,;:>≤≥<±~/".contains(before)
            out.append(c == "-" && startsNumber && opensNumber ? "\u{2212}" : c)
        }
        return out
    }

    /// Rewrites <sup>/<sub> as spans with explicit size and rise (70% size, raised 40% / lowered
    /// 20% of the font size, like TeX's script style). Pango's own <sup> scales relative to the
    /// context's default font rather than the surrounding text, which makes scripts too large.
    static func explicitScripts(_ markup: String, size: Double) -> String {
        guard markup.contains("<su") else { return markup }
        let scriptSize = Int((size * 0.7 * Double(PANGO_SCALE)).rounded())
        let up = Int((size * 0.4 * Double(PANGO_SCALE)).rounded())
        let down = Int((size * 0.2 * Double(PANGO_SCALE)).rounded())
        return markup
            .replacingOccurrences(of: "<sup>", with: "<span font_size=\"\(scriptSize)\" rise=\"\(up)\">")
            .replacingOccurrences(of: "<sub>", with: "<span font_size=\"\(scriptSize)\" rise=\"-\(down)\">")
            .replacingOccurrences(of: "</sup>", with: "</span>")
            .replacingOccurrences(of: "</sub>", with: "</span>")
    }

    /// Draws a text box with its top-left corner at (x, y), optionally rotated by `angle` radians
    /// about that corner, optionally with a halo (a wider stroke behind the glyphs) for legibility.
    func draw(_ box: TextBox, x: Double, y: Double, color: Color = .black, angle: Double = 0, halo: Color? = nil) {
        save()
        cairo_translate(cr, x, y)
        if angle != 0 { cairo_rotate(cr, angle) }
        pango_cairo_update_context(cr, pango)
        pango_layout_context_changed(box.layout)
        if let halo {
            cairo_move_to(cr, 0, 0)
            pango_cairo_layout_path(cr, box.layout)
            setColor(halo)
            cairo_set_line_width(cr, 2.2)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            cairo_stroke(cr)
        }
        cairo_move_to(cr, 0, 0)
        setColor(color)
        pango_cairo_show_layout(cr, box.layout)
        restore()
    }

    /// Draws text anchored at (x, y): `h` in {0 left, 0.5 centre, 1 right}, `v` likewise top→bottom.
    func draw(_ box: TextBox, anchorX x: Double, y: Double, h: Double, v: Double, color: Color = .black, halo: Color? = nil) {
        draw(box, x: x - h * box.width, y: y - v * box.height, color: color, halo: halo)
    }
}

/// An axis-aligned rectangle in points, origin at the top left.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }
    func intersects(_ o: Rect) -> Bool { minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY }
    func contains(_ px: Double, _ py: Double) -> Bool { px >= minX && px <= maxX && py >= minY && py <= maxY }
    func inset(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }
}

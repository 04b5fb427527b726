import Foundation
import CCairo

/// Draws a colour bar: the colour map as 256 bands, a frame, ticks and labels, and a title.
enum ColorBar {
    /// Width of the bar's strip in points.
    static let thickness = 10.0

    /// Resolved colour range (log ranges stay positive).
    static func range(of scale: ColorScale, values: [Double]) -> AxisRange {
        if let r = scale.range { return r }
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite && v > -1e30 && (scale.scale == .linear || v > 0) {
            lo = min(lo, v); hi = max(hi, v)
        }
        if !(lo < hi) {
            if lo.isFinite { return scale.scale == .log10 ? AxisRange(lo / 2, lo * 2) : AxisRange(lo - 0.5, lo + 0.5) }
            return AxisRange(0, 1)
        }
        return AxisRange(lo, hi)
    }

    /// Space needed beside a vertical bar (strip + ticks + labels + title), in points.
    static func verticalExtent(canvas: Canvas, scale: ColorScale, range: AxisRange, length: Double, label: String?, fontSize: Double) -> Double {
        let ticks = fit(canvas: canvas, scale: scale, range: range, length: length, horizontal: false, fontSize: fontSize)
        let widest = ticks.compactMap { $0.label }.map { canvas.text($0, size: fontSize).width }.max() ?? 0
        let title = label.map { canvas.text($0, size: fontSize).height + Style.labelPad } ?? 0
        return thickness + Style.majorTickLength + Style.tickPad + widest + title
    }

    static func fit(canvas: Canvas, scale: ColorScale, range: AxisRange, length: Double, horizontal: Bool, fontSize: Double) -> [Tick] {
        AxisLayout.fitTicks(lower: range.lower, upper: range.upper, scale: scale.scale, length: length,
                            horizontal: horizontal, fontSize: fontSize) { s in
            let b = canvas.text(s, size: fontSize); return (b.width, b.height)
        }
    }

    /// Draws the strip in `strip` (vertical: low values at the bottom; horizontal: low at the left).
    static func draw(canvas: Canvas, strip: Rect, scale: ColorScale, range: AxisRange, label: String?,
                     horizontal: Bool, fontSize: Double) {
        let cr = canvas.cr
        // The 256 colours as a 256×1 (or 1×256) image, scaled with nearest-neighbour sampling.
        let table = scale.colorMap.argbTable
        let w: Int32 = horizontal ? 256 : 1, h: Int32 = horizontal ? 1 : 256
        let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h)!
        let stride = Int(cairo_image_surface_get_stride(image)) / 4
        let data = cairo_image_surface_get_data(image)!.withMemoryRebound(to: UInt32.self, capacity: 256 * stride) { $0 }
        for i in 0..<256 {
            if horizontal { data[i] = table[i] } else { data[(255 - i) * stride] = table[i] }
        }
        cairo_surface_mark_dirty(image)
        canvas.save()
        cairo_translate(cr, strip.x, strip.y)
        cairo_scale(cr, strip.width / Double(w), strip.height / Double(h))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
        cairo_rectangle(cr, 0, 0, Double(w), Double(h))
        cairo_fill(cr)
        canvas.restore()
        cairo_surface_destroy(image)

        canvas.setColor(.black)
        canvas.setLine(width: Style.spineWidth)
        canvas.rect(strip)
        canvas.stroke()

        let length = horizontal ? strip.width : strip.height
        let ticks = fit(canvas: canvas, scale: scale, range: range, length: length, horizontal: horizontal, fontSize: fontSize)
        let t = horizontal
            ? ScaleTransform(scale: scale.scale, lower: range.lower, upper: range.upper, start: strip.minX, end: strip.maxX)
            : ScaleTransform(scale: scale.scale, lower: range.lower, upper: range.upper, start: strip.maxY, end: strip.minY)
        var extent = 0.0
        for tick in ticks {
            let p = t(tick.value)
            let len = tick.isMajor ? Style.majorTickLength : Style.minorTickLength
            canvas.setLine(width: tick.isMajor ? Style.majorTickWidth : Style.minorTickWidth)
            if horizontal {
                canvas.move(p, strip.maxY); canvas.line(p, strip.maxY + len)
            } else {
                canvas.move(strip.maxX, p); canvas.line(strip.maxX + len, p)
            }
            canvas.stroke()
            guard let label = tick.label else { continue }
            let box = canvas.text(label, size: fontSize)
            if horizontal {
                canvas.draw(box, anchorX: p, y: strip.maxY + Style.majorTickLength + Style.tickPad, h: 0.5, v: 0)
                extent = max(extent, box.height)
            } else {
                canvas.draw(box, anchorX: strip.maxX + Style.majorTickLength + Style.tickPad, y: p, h: 0, v: 0.5)
                extent = max(extent, box.width)
            }
        }
        if let label {
            let box = canvas.text(label, size: fontSize)
            if horizontal {
                canvas.draw(box, anchorX: strip.midX, y: strip.maxY + Style.majorTickLength + Style.tickPad + extent + Style.labelPad, h: 0.5, v: 0)
            } else {
                let x = strip.maxX + Style.majorTickLength + Style.tickPad + extent + Style.labelPad
                canvas.draw(box, x: x, y: strip.midY + box.width / 2, angle: -.pi / 2)
            }
        }
    }
}

import Foundation
import CCairo

/// One legend row: what the handle looks like and its label.
struct LegendEntry {
    enum Handle {
        case line(Color, width: Double, dash: Dash)
        case marker(Color, Marker, size: Double, errorBar: Bool)
        case patch(fill: Color, edge: Color?)
        case outline(Color, width: Double)
        /// A hollow marker (a ring for a circle), as a ``SkySource`` drawn `hollow`.
        case ring(Color, Marker, size: Double)
    }
    var handle: Handle
    var label: String
}

/// A framed legend box, placed at a corner of the data area; `.best` picks the candidate
/// covering the fewest data points (matplotlib's "best" rule), scanning candidates in a fixed order.
enum Legend {
    static func draw(canvas: Canvas, entries: [LegendEntry], in area: Rect, placement: LegendPlacement,
                     dataPoints: [(Double, Double)], fontSize: Double) {
        guard !entries.isEmpty, placement != .none else { return }
        let pad = 0.4 * fontSize, handleLength = 2.0 * fontSize, handlePad = 0.8 * fontSize, rowGap = 0.5 * fontSize
        let boxes = entries.map { canvas.text($0.label, size: fontSize) }
        let rowHeight = boxes.map(\.height).max() ?? fontSize
        let width = pad * 2 + handleLength + handlePad + (boxes.map(\.width).max() ?? 0)
        let height = pad * 2 + Double(entries.count) * rowHeight + Double(entries.count - 1) * rowGap * 0.6
        let margin = 0.5 * fontSize
        func rect(_ p: LegendPlacement) -> Rect {
            switch p {
            case .upperLeft: return Rect(x: area.minX + margin, y: area.minY + margin, width: width, height: height)
            case .lowerLeft: return Rect(x: area.minX + margin, y: area.maxY - margin - height, width: width, height: height)
            case .lowerRight: return Rect(x: area.maxX - margin - width, y: area.maxY - margin - height, width: width, height: height)
            case .upperCenter: return Rect(x: area.midX - width / 2, y: area.minY + margin, width: width, height: height)
            case .lowerCenter: return Rect(x: area.midX - width / 2, y: area.maxY - margin - height, width: width, height: height)
            default: return Rect(x: area.maxX - margin - width, y: area.minY + margin, width: width, height: height)
            }
        }
        var chosen = placement
        if placement == .best {
            let candidates: [LegendPlacement] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight, .upperCenter, .lowerCenter]
            var best = Int.max
            for c in candidates {
                let r = rect(c)
                let covered = dataPoints.reduce(0) { $0 + (r.contains($1.0, $1.1) ? 1 : 0) }
                if covered < best { best = covered; chosen = c }
            }
        }
        let box = rect(chosen)
        // Frame: white at 80% opacity with a light grey rounded edge, as matplotlib draws it.
        let r = 0.2 * fontSize
        let cr = canvas.cr
        cairo_new_sub_path(cr)
        cairo_arc(cr, box.maxX - r, box.minY + r, r, -.pi / 2, 0)
        cairo_arc(cr, box.maxX - r, box.maxY - r, r, 0, .pi / 2)
        cairo_arc(cr, box.minX + r, box.maxY - r, r, .pi / 2, .pi)
        cairo_arc(cr, box.minX + r, box.minY + r, r, .pi, 1.5 * .pi)
        cairo_close_path(cr)
        canvas.setColor(.white, alpha: 0.8)
        canvas.fillPreserve()
        canvas.setColor(Color(hex: 0xCCCCCC))
        canvas.setLine(width: 0.8)
        canvas.stroke()
        for (i, entry) in entries.enumerated() {
            let y = box.minY + pad + Double(i) * (rowHeight + rowGap * 0.6)
            let cy = y + rowHeight / 2
            let hx = box.minX + pad
            switch entry.handle {
            case .line(let c, let w, let d):
                canvas.setColor(c); canvas.setLine(width: w, dash: d)
                canvas.move(hx, cy); canvas.line(hx + handleLength, cy); canvas.stroke()
                canvas.setLine(width: w)
            case .marker(let c, let m, let size, let errorBar):
                canvas.setColor(c)
                if errorBar { canvas.setLine(width: 1.5); canvas.move(hx + handleLength / 2, cy - rowHeight * 0.4); canvas.line(hx + handleLength / 2, cy + rowHeight * 0.4); canvas.stroke() }
                canvas.markerPath(m, hx + handleLength / 2, cy, size: size)
                if Canvas.markerIsOutline(m) { canvas.setLine(width: 1.2); canvas.stroke() } else { canvas.fill() }
            case .patch(let fill, let edge):
                let pr = Rect(x: hx, y: cy - 0.35 * fontSize, width: handleLength, height: 0.7 * fontSize)
                canvas.setColor(fill); canvas.rect(pr); canvas.fill()
                if let edge { canvas.setColor(edge); canvas.setLine(width: 1); canvas.rect(pr); canvas.stroke() }
            case .ring(let c, let m, let size):
                canvas.setColor(c); canvas.setLine(width: 1.6)
                canvas.markerPath(m, hx + handleLength / 2, cy, size: size); canvas.stroke()
                canvas.setLine(width: 1)
            case .outline(let c, let w):
                let pr = Rect(x: hx, y: cy - 0.35 * fontSize, width: handleLength, height: 0.7 * fontSize)
                canvas.setColor(c); canvas.setLine(width: w); canvas.rect(pr); canvas.stroke()
            }
            canvas.draw(boxes[i], x: hx + handleLength + handlePad, y: y + (rowHeight - boxes[i].height) / 2)
        }
    }
}

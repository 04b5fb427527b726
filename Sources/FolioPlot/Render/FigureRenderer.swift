import Foundation
import CCairo

/// Draws a whole figure on a Canvas: white background, optional title, panels in a grid,
/// shared axis ranges resolved across rows and columns.
struct FigureRenderer {
    let figure: Figure
    let canvas: Canvas
    /// Device pixels per point for HEALPix rasters (the PNG scale, or a fixed resolution for vector output).
    let rasterScale: Double

    var widthPoints: Double { figure.width * 72 }
    var heightPoints: Double { figure.height * 72 }

    /// Grid cells in points, row-major, below the title.
    func cells() -> [Rect] {
        let columns = max(1, figure.columns), rows = figure.rows
        let titleHeight = figure.title.map { canvas.text($0, size: figure.fontSize * 1.2).height + 8 } ?? 0
        let w = widthPoints / Double(columns), h = (heightPoints - titleHeight - colorBarHeight) / Double(rows)
        return figure.panels.indices.map { i in
            Rect(x: Double(i % columns) * w, y: titleHeight + Double(i / columns) * h, width: w, height: h)
        }
    }

    /// Height of the shared colour bar's band at the foot of the figure (0 without one).
    var colorBarHeight: Double {
        guard let bar = figure.colorBar else { return 0 }
        let line = canvas.text("0", size: figure.fontSize).height
        return Style.outerPad + ColorBar.thickness + Style.majorTickLength + Style.tickPad + line
            + (bar.label.map { canvas.text($0, size: figure.fontSize).height + Style.labelPad } ?? 0) + Style.outerPad
    }

    func plotRenderers() -> [Int: PlotPanelRenderer] {
        let columns = max(1, figure.columns), rows = figure.rows
        var renderers: [Int: PlotPanelRenderer] = [:]
        var ranges: [Int: (x: AxisRange, y: AxisRange)] = [:]
        var extents: [Int: (x: RangeAccumulator, y: RangeAccumulator)] = [:]
        for (i, p) in figure.panels.enumerated() {
            if case .plot(let plot) = p {
                ranges[i] = PlotPanelRenderer.resolvedRanges(of: plot)
                extents[i] = PlotPanelRenderer.extents(of: plot)
            }
        }
        for (i, p) in figure.panels.enumerated() {
            guard case .plot(let plot) = p else { continue }
            var r = PlotPanelRenderer(canvas: canvas, panel: plot, fontSize: figure.fontSize)
            let column = i % columns, row = i / columns
            if figure.sharedX {
                let peers = ranges.keys.filter { $0 % columns == column }
                var acc = RangeAccumulator()
                for k in peers { acc.merge(extents[k]!.x) }
                r.xRange = plot.x.range ?? acc.resolved(scale: plot.x.scale)
                let lowestRow = peers.map { $0 / columns }.max() ?? row
                r.showXTickLabels = row == lowestRow
                r.showXLabel = row == lowestRow
            }
            if figure.sharedY {
                let peers = ranges.keys.filter { $0 / columns == row }
                var acc = RangeAccumulator()
                for k in peers { acc.merge(extents[k]!.y) }
                r.yRange = plot.y.range ?? acc.resolved(scale: plot.y.scale)
                let firstColumn = peers.map { $0 % columns }.min() ?? column
                r.showYTickLabels = column == firstColumn
                r.showYLabel = column == firstColumn
            }
            _ = rows
            renderers[i] = r
        }
        return renderers
    }

    func draw() {
        let cr = canvas.cr
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        if let title = figure.title {
            let box = canvas.text(title, size: figure.fontSize * 1.2)
            canvas.draw(box, anchorX: widthPoints / 2, y: 6, h: 0.5, v: 0)
        }
        let cells = cells()
        let plots = plotRenderers()
        for (i, panel) in figure.panels.enumerated() {
            switch panel {
            case .plot: plots[i]!.draw(in: cells[i])
            case .sky(let sky): SkyPanelRenderer(canvas: canvas, panel: sky, fontSize: figure.fontSize).draw(in: cells[i], rasterScale: rasterScale)
            }
        }
        if let bar = figure.colorBar {
            let strip = Rect(x: widthPoints * 0.3, y: heightPoints - colorBarHeight + Style.outerPad,
                             width: widthPoints * 0.4, height: ColorBar.thickness)
            ColorBar.draw(canvas: canvas, strip: strip, scale: bar.colorScale, range: ColorBar.range(of: bar.colorScale, values: []),
                          label: bar.label, horizontal: true, fontSize: figure.fontSize)
        }
    }
}

import Foundation
import CCairo

/// Lays out and draws one ``PlotPanel`` inside its grid cell.
struct PlotPanelRenderer {
    let canvas: Canvas
    let panel: PlotPanel
    let fontSize: Double
    /// Ranges forced by shared axes (nil: from this panel's data).
    var xRange: AxisRange?
    var yRange: AxisRange?
    var showXTickLabels = true
    var showYTickLabels = true
    var showXLabel = true
    var showYLabel = true

    // MARK: Data ranges

    /// The data extent of a panel along x and y (before margins).
    static func extents(of panel: PlotPanel) -> (x: RangeAccumulator, y: RangeAccumulator) {
        var x = RangeAccumulator(), y = RangeAccumulator()
        let xs = panel.x.scale, ys = panel.y.scale
        for s in panel.series {
            switch s {
            case .line(let l):
                l.x.forEach { x.add($0, scale: xs) }; l.y.forEach { y.add($0, scale: ys) }
            case .step(let st):
                st.edges.forEach { x.addSticky($0, scale: xs) }; st.values.forEach { y.add($0, scale: ys) }
            case .scatter(let sc):
                for i in sc.x.indices {
                    x.add(sc.x[i] - (sc.xErrorMinus?[i] ?? 0), scale: xs); x.add(sc.x[i] + (sc.xErrorPlus?[i] ?? 0), scale: xs)
                    y.add(sc.y[i] - (sc.yErrorMinus?[i] ?? 0), scale: ys); y.add(sc.y[i] + (sc.yErrorPlus?[i] ?? 0), scale: ys)
                    if sc.upperLimit?[i] == true { y.add(sc.y[i] * (ys == .log10 ? 0.4 : 1), scale: ys) }
                }
            case .band(let b):
                b.x.forEach { x.add($0, scale: xs) }; b.lower.forEach { y.add($0, scale: ys) }; b.upper.forEach { y.add($0, scale: ys) }
            case .histogram(let h):
                h.edges.forEach { x.addSticky($0, scale: xs) }
                h.counts.forEach { y.add($0, scale: ys) }
                if ys == .linear { y.addSticky(0, scale: ys) }
            case .heatMap(let m):
                m.xEdges.forEach { x.addSticky($0, scale: xs) }; m.yEdges.forEach { y.addSticky($0, scale: ys) }
            case .referenceLine(let r):
                if r.orientation == .vertical { x.add(r.value, scale: xs) } else { y.add(r.value, scale: ys) }
            }
        }
        return (x, y)
    }

    static func resolvedRanges(of panel: PlotPanel) -> (x: AxisRange, y: AxisRange) {
        let e = extents(of: panel)
        return (panel.x.range ?? e.x.resolved(scale: panel.x.scale), panel.y.range ?? e.y.resolved(scale: panel.y.scale))
    }

    var heatMap: HeatMap? {
        for s in panel.series { if case .heatMap(let m) = s { return m } }
        return nil
    }

    func measure(_ s: String) -> (width: Double, height: Double) {
        let b = canvas.text(s, size: fontSize); return (b.width, b.height)
    }

    // MARK: Layout

    /// Computed geometry of the panel: the data rectangle and the ticks.
    struct Geometry {
        var plot: Rect
        var xTicks: [Tick]
        var yTicks: [Tick]
        var x: ScaleTransform
        var y: ScaleTransform
        var colorBarStrip: Rect?
    }

    func layout(in cell: Rect) -> Geometry {
        let ranges = Self.resolvedRanges(of: panel)
        let xr = xRange ?? ranges.x, yr = yRange ?? ranges.y
        let lineHeight = measure("0").height
        let titleHeight = panel.title.map { canvas.text($0, size: fontSize * 1.2).height + 6 } ?? 0
        let xLabelHeight = (showXLabel ? panel.x.label.map { measure($0).height + Style.labelPad } : nil) ?? 0
        let yLabelHeight = (showYLabel ? panel.y.label.map { measure($0).height + Style.labelPad } : nil) ?? 0
        let top = Style.outerPad + titleHeight + lineHeight / 2
        let bottom = Style.outerPad + xLabelHeight + (showXTickLabels ? lineHeight + Style.tickPad : 0) + Style.majorTickLength
        let plotHeight = max(10, cell.height - top - bottom)
        let yTicks = AxisLayout.fitTicks(lower: yr.lower, upper: yr.upper, scale: panel.y.scale, length: plotHeight,
                                         horizontal: false, fontSize: fontSize, measure: measure)
        let yLabelWidth = showYTickLabels ? (yTicks.compactMap { $0.label }.map { measure($0).width }.max() ?? 0) : 0
        let left = Style.outerPad + yLabelHeight + yLabelWidth + Style.tickPad + Style.majorTickLength
        var right = Style.outerPad + measure("0000").width / 2
        var strip: Rect?
        if let m = heatMap {
            let cr = ColorBar.range(of: m.colorScale, values: m.values)
            let thickness = ColorBar.thickness
            let extent = ColorBar.verticalExtent(canvas: canvas, scale: m.colorScale, range: cr, length: plotHeight,
                                                 label: m.colorBarLabel, fontSize: fontSize)
            right = Style.outerPad + extent + 1.2 * fontSize
            strip = Rect(x: cell.maxX - Style.outerPad - extent, y: cell.minY + top, width: thickness, height: plotHeight)
        }
        var plot = Rect(x: cell.minX + left, y: cell.minY + top, width: max(10, cell.width - left - right), height: plotHeight)
        var xTicks = AxisLayout.fitTicks(lower: xr.lower, upper: xr.upper, scale: panel.x.scale, length: plot.width,
                                         horizontal: true, fontSize: fontSize, measure: measure)
        // A wide label on the last tick must not run off the cell: narrow the plot once if it would.
        if showXTickLabels, strip == nil, let last = xTicks.last(where: \.isMajor), let label = last.label {
            let t = ScaleTransform(scale: panel.x.scale, lower: xr.lower, upper: xr.upper, start: plot.minX, end: plot.maxX)
            let overflow = t(last.value) + measure(label).width / 2 - (cell.maxX - Style.outerPad)
            if overflow > 0 {
                plot.width = max(10, plot.width - overflow)
                xTicks = AxisLayout.fitTicks(lower: xr.lower, upper: xr.upper, scale: panel.x.scale, length: plot.width,
                                             horizontal: true, fontSize: fontSize, measure: measure)
            }
        }
        return Geometry(plot: plot, xTicks: xTicks, yTicks: yTicks,
                        x: ScaleTransform(scale: panel.x.scale, lower: xr.lower, upper: xr.upper, start: plot.minX, end: plot.maxX),
                        y: ScaleTransform(scale: panel.y.scale, lower: yr.lower, upper: yr.upper, start: plot.maxY, end: plot.minY),
                        colorBarStrip: strip)
    }

    // MARK: Drawing

    func draw(in cell: Rect) {
        let g = layout(in: cell)
        let plot = g.plot
        if panel.grid { drawGrid(g) }
        canvas.save()
        canvas.clip(plot)
        var colorIndex = 0
        var legend: [LegendEntry] = []
        var points: [(Double, Double)] = []
        func nextColor(_ explicit: Color?) -> Color {
            if let explicit { return explicit }
            defer { colorIndex += 1 }
            return Color.cycle[colorIndex % Color.cycle.count]
        }
        // Fills first (heat maps, bands, filled histograms), then lines and markers on top,
        // with the colour cycle following declaration order.
        var colors: [Color?] = []
        for s in panel.series {
            switch s {
            case .line(let l): colors.append(nextColor(l.style.color))
            case .step(let st): colors.append(nextColor(st.style.color))
            case .scatter(let sc): colors.append(nextColor(sc.color))
            case .band(let b): colors.append(nextColor(b.color))
            case .histogram(let h): colors.append(nextColor(h.color))
            case .heatMap, .referenceLine: colors.append(nil)
            }
        }
        let order = panel.series.indices.sorted { a, b in
            func layer(_ s: Series) -> Int {
                switch s {
                case .heatMap: return 0
                case .band: return 1
                case .histogram(let h): return h.filled ? 1 : 2
                case .referenceLine: return 2
                default: return 3
                }
            }
            let la = layer(panel.series[a]), lb = layer(panel.series[b])
            return la != lb ? la < lb : a < b
        }
        for i in order {
            let color = colors[i] ?? .black
            switch panel.series[i] {
            case .line(let l): drawLine(l, color: color, g, &points)
            case .step(let st): drawStep(st, color: color, g, &points)
            case .scatter(let sc): drawScatter(sc, color: color, g, &points)
            case .band(let b): drawBand(b, color: color, g, &points)
            case .histogram(let h): drawHistogram(h, color: color, g, &points)
            case .heatMap(let m): drawHeatMap(m, g)
            case .referenceLine(let r): drawReferenceLine(r, g)
            }
        }
        canvas.restore()
        for (i, s) in panel.series.enumerated() {
            guard let label = s.label, let c = colors[i] ?? (s.isReference ? s.referenceColor : nil) else { continue }
            legend.append(LegendEntry(handle: s.legendHandle(color: c), label: label))
        }
        drawFrameAndTicks(g)
        drawLabels(g, cell: cell)
        drawAnnotations(g)
        if let m = heatMap, let strip = g.colorBarStrip {
            ColorBar.draw(canvas: canvas, strip: strip, scale: m.colorScale, range: ColorBar.range(of: m.colorScale, values: m.values),
                          label: m.colorBarLabel, horizontal: false, fontSize: fontSize)
        }
        Legend.draw(canvas: canvas, entries: legend, in: plot, placement: panel.legend, dataPoints: points, fontSize: fontSize)
    }

    private func drawGrid(_ g: Geometry) {
        canvas.setColor(Style.gridColor, alpha: 0.6)
        canvas.setLine(width: 0.6)
        for t in g.xTicks where t.isMajor {
            let x = canvas.crisp(g.x(t.value), width: 0.6)
            canvas.move(x, g.plot.minY); canvas.line(x, g.plot.maxY)
        }
        for t in g.yTicks where t.isMajor {
            let y = canvas.crisp(g.y(t.value), width: 0.6)
            canvas.move(g.plot.minX, y); canvas.line(g.plot.maxX, y)
        }
        canvas.stroke()
    }

    /// A point a line can pass through: finite, and positive on a log axis. Anything else (an
    /// empty bin of an effective area, NaN) leaves a gap, as matplotlib does, instead of a drop to
    /// the axis floor that reads as data.
    func isDrawable(_ x: Double, _ y: Double) -> Bool {
        x.isFinite && y.isFinite && (panel.x.scale != .log10 || x > 0) && (panel.y.scale != .log10 || y > 0)
    }

    private func polyline(_ xs: [Double], _ ys: [Double], _ g: Geometry, _ points: inout [(Double, Double)]) {
        canvas.newPath()
        var previous: (Double, Double)?
        for i in xs.indices {
            guard isDrawable(xs[i], ys[i]) else { previous = nil; continue }
            let px = g.x(xs[i]), py = g.y(ys[i])
            if let (qx, qy) = previous { Self.densify(from: (qx, qy), to: (px, py), into: &points) }
            points.append((px, py))
            if previous == nil { canvas.move(px, py) } else { canvas.line(px, py) }
            previous = (px, py)
        }
    }

    /// Adds points every 3 pt along a segment, so the legend's "best" placement sees lines that
    /// cross a candidate box even where no vertex lies inside it.
    static func densify(from a: (Double, Double), to b: (Double, Double), into points: inout [(Double, Double)]) {
        let d = hypot(b.0 - a.0, b.1 - a.1)
        guard d > 3, d.isFinite else { return }
        let n = min(2000, Int(d / 3))
        for k in 1..<n {
            let t = Double(k) / Double(n)
            points.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
        }
    }

    private func drawLine(_ l: Line, color: Color, _ g: Geometry, _ points: inout [(Double, Double)]) {
        polyline(l.x, l.y, g, &points)
        canvas.setColor(color, alpha: l.style.opacity)
        canvas.setLine(width: l.style.width, dash: l.style.dash)
        cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_ROUND)
        canvas.stroke()
        canvas.setLine(width: 1)
    }

    private func drawStep(_ s: Step, color: Color, _ g: Geometry, _ points: inout [(Double, Double)]) {
        var xs: [Double] = [], ys: [Double] = []
        for i in s.values.indices { xs += [s.edges[i], s.edges[i + 1]]; ys += [s.values[i], s.values[i]] }
        drawLine(Line(x: xs, y: ys, style: s.style), color: color, g, &points)
    }

    private func drawScatter(_ s: Scatter, color: Color, _ g: Geometry, _ points: inout [(Double, Double)]) {
        canvas.setColor(color)
        canvas.setLine(width: 1.5)
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)
        for i in s.x.indices {
            let px = g.x(s.x[i]), py = g.y(s.y[i])
            points.append((px, py))
            if let m = s.xErrorMinus?[i], m > 0 { canvas.move(g.x(s.x[i] - m), py); canvas.line(px, py) }
            if let p = s.xErrorPlus?[i], p > 0 { canvas.move(px, py); canvas.line(g.x(s.x[i] + p), py) }
            if s.upperLimit?[i] == true {
                // Upper limit: a bar at y and an arrow pointing down, 0.06 of the panel height long.
                let len = 0.06 * g.plot.height, head = 0.3 * len
                canvas.move(px - s.markerSize, py); canvas.line(px + s.markerSize, py)
                canvas.move(px, py); canvas.line(px, py + len)
                canvas.stroke()
                canvas.move(px - head * 0.55, py + len - head); canvas.line(px, py + len); canvas.line(px + head * 0.55, py + len - head)
                canvas.close(); canvas.fill()
                continue
            }
            if let m = s.yErrorMinus?[i], m > 0 { canvas.move(px, g.y(s.y[i] - m)); canvas.line(px, py) }
            if let p = s.yErrorPlus?[i], p > 0 { canvas.move(px, py); canvas.line(px, g.y(s.y[i] + p)) }
        }
        canvas.stroke()
        for i in s.x.indices where s.upperLimit?[i] != true {
            canvas.markerPath(s.marker, g.x(s.x[i]), g.y(s.y[i]), size: s.markerSize)
        }
        if Canvas.markerIsOutline(s.marker) { canvas.setLine(width: 1.2); canvas.stroke() } else { canvas.fill() }
    }

    private func drawBand(_ b: Band, color: Color, _ g: Geometry, _ points: inout [(Double, Double)]) {
        canvas.newPath()
        for i in b.x.indices {
            let px = g.x(b.x[i]), py = g.y(b.upper[i])
            // The band's area counts as data: sample each vertical slice.
            let pl = g.y(b.lower[i])
            points.append((px, py)); points.append((px, pl))
            Self.densify(from: (px, py), to: (px, pl), into: &points)
            if i == 0 { canvas.move(px, py) } else { canvas.line(px, py) }
        }
        for i in b.x.indices.reversed() { canvas.line(g.x(b.x[i]), g.y(b.lower[i])) }
        canvas.close()
        canvas.setColor(color, alpha: b.opacity)
        canvas.fill()
        // Thin edges in the band's own colour: where two translucent bands overlap, their blend
        // alone would not say which band ends where.
        for edge in [b.upper, b.lower] {
            canvas.newPath()
            for i in b.x.indices {
                let px = g.x(b.x[i]), py = g.y(edge[i])
                if i == 0 { canvas.move(px, py) } else { canvas.line(px, py) }
            }
            canvas.setColor(color, alpha: 0.85)
            canvas.setLine(width: 0.7)
            canvas.stroke()
        }
        canvas.setLine(width: 1)
    }

    private func drawHistogram(_ h: Histogram, color: Color, _ g: Geometry, _ points: inout [(Double, Double)]) {
        // Baseline: 0 on a linear axis, just below the panel on a log axis (so empty bins vanish).
        let base = panel.y.scale == .log10 ? g.plot.maxY + 2 : g.y(0)
        func yOf(_ v: Double) -> Double { panel.y.scale == .log10 && v <= 0 ? base : g.y(v) }
        canvas.newPath()
        canvas.move(g.x(h.edges[0]), base)
        for i in h.counts.indices {
            let y = yOf(h.counts[i])
            canvas.line(g.x(h.edges[i]), y); canvas.line(g.x(h.edges[i + 1]), y)
            for f in stride(from: 0.0, through: 1.0, by: 0.25) {
                points.append((g.x(h.edges[i]) + f * (g.x(h.edges[i + 1]) - g.x(h.edges[i])), y))
                if f > 0 { points.append((g.x(h.edges[i]), base + f * (y - base))) }
            }
        }
        canvas.line(g.x(h.edges[h.edges.count - 1]), base)
        if h.filled {
            canvas.close()
            canvas.setColor(color, alpha: h.opacity)
            canvas.fill()
        } else {
            canvas.setColor(color)
            canvas.setLine(width: h.lineWidth)
            cairo_set_line_join(canvas.cr, CAIRO_LINE_JOIN_MITER)
            canvas.stroke()
        }
    }

    /// True when edges are evenly spaced in the axis' own scale (linear or log10).
    static func isUniform(_ edges: [Double], _ t: ScaleTransform) -> Bool {
        guard edges.count > 2 else { return true }
        let first = t.t(edges[1]) - t.t(edges[0])
        for i in 1..<(edges.count - 1) where abs((t.t(edges[i + 1]) - t.t(edges[i])) - first) > 1e-6 * abs(first) { return false }
        return true
    }

    private func drawHeatMap(_ m: HeatMap, _ g: Geometry) {
        let range = ColorBar.range(of: m.colorScale, values: m.values)
        let norm = ScaleTransform(scale: m.colorScale.scale, lower: range.lower, upper: range.upper, start: 0, end: 1)
        let nx = m.xEdges.count - 1, ny = m.yEdges.count - 1
        func usable(_ v: Double) -> Bool { v.isFinite && (m.colorScale.scale == .linear || v > 0) }
        if Self.isUniform(m.xEdges, g.x), Self.isUniform(m.yEdges, g.y) {
            // Even grid: one nx × ny image scaled onto the cells with nearest-neighbour sampling
            // (small SVG/PDF, no seams between cells, as matplotlib's imshow).
            let table = m.colorScale.colorMap.argbTable
            let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(nx), Int32(ny))!
            let stride = Int(cairo_image_surface_get_stride(image)) / 4
            let data = cairo_image_surface_get_data(image)!.withMemoryRebound(to: UInt32.self, capacity: stride * ny) { $0 }
            for j in 0..<ny {
                for i in 0..<nx {
                    let v = m.values[j * nx + i]
                    // Image row 0 is the top: the highest y bin.
                    data[(ny - 1 - j) * stride + i] = usable(v) ? table[ColorMap.index(norm(v))] : 0
                }
            }
            cairo_surface_mark_dirty(image)
            let x0 = g.x(m.xEdges[0]), x1 = g.x(m.xEdges[nx]), yTop = g.y(m.yEdges[ny]), yBottom = g.y(m.yEdges[0])
            canvas.save()
            cairo_translate(canvas.cr, x0, yTop)
            cairo_scale(canvas.cr, (x1 - x0) / Double(nx), (yBottom - yTop) / Double(ny))
            cairo_set_source_surface(canvas.cr, image, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(canvas.cr), CAIRO_FILTER_NEAREST)
            cairo_rectangle(canvas.cr, 0, 0, Double(nx), Double(ny))
            cairo_fill(canvas.cr)
            canvas.restore()
            cairo_surface_destroy(image)
            return
        }
        cairo_save(canvas.cr)
        cairo_set_antialias(canvas.cr, CAIRO_ANTIALIAS_NONE)
        for j in 0..<ny {
            let y0 = g.y(m.yEdges[j]), y1 = g.y(m.yEdges[j + 1])
            for i in 0..<nx {
                let v = m.values[j * nx + i]
                guard usable(v) else { continue }
                let x0 = g.x(m.xEdges[i]), x1 = g.x(m.xEdges[i + 1])
                canvas.setColor(m.colorScale.colorMap.color(at: norm(v)))
                // Cells overlap by a hair so that no seam shows between neighbours.
                canvas.rect(Rect(x: x0, y: y1, width: x1 - x0 + 0.02, height: y0 - y1 + 0.02))
                canvas.fill()
            }
        }
        cairo_restore(canvas.cr)
    }

    private func drawReferenceLine(_ r: ReferenceLine, _ g: Geometry) {
        canvas.setColor(r.style.color ?? .gray, alpha: r.style.opacity)
        canvas.setLine(width: r.style.width, dash: r.style.dash)
        if r.orientation == .vertical {
            let x = g.x(r.value); canvas.move(x, g.plot.minY); canvas.line(x, g.plot.maxY)
        } else {
            let y = g.y(r.value); canvas.move(g.plot.minX, y); canvas.line(g.plot.maxX, y)
        }
        canvas.stroke()
        canvas.setLine(width: 1)
    }

    private func drawFrameAndTicks(_ g: Geometry) {
        let p = g.plot
        canvas.setColor(.black)
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_SQUARE)
        canvas.setLine(width: Style.spineWidth)
        let l = canvas.crisp(p.minX, width: Style.spineWidth), r = canvas.crisp(p.maxX, width: Style.spineWidth)
        let t = canvas.crisp(p.minY, width: Style.spineWidth), b = canvas.crisp(p.maxY, width: Style.spineWidth)
        canvas.move(l, t); canvas.line(r, t); canvas.line(r, b); canvas.line(l, b); canvas.close()
        canvas.stroke()
        cairo_set_line_cap(canvas.cr, CAIRO_LINE_CAP_BUTT)
        for (major, width, length) in [(false, Style.minorTickWidth, Style.minorTickLength), (true, Style.majorTickWidth, Style.majorTickLength)] {
            canvas.setLine(width: width)
            for tick in g.xTicks where tick.isMajor == major {
                let x = canvas.crisp(g.x(tick.value), width: width)
                guard x >= p.minX - 0.5 && x <= p.maxX + 0.5 else { continue }
                canvas.move(x, b); canvas.line(x, b + length)
            }
            for tick in g.yTicks where tick.isMajor == major {
                let y = canvas.crisp(g.y(tick.value), width: width)
                guard y >= p.minY - 0.5 && y <= p.maxY + 0.5 else { continue }
                canvas.move(l, y); canvas.line(l - length, y)
            }
            canvas.stroke()
        }
    }

    /// Tick labels, axis labels and title. Returns nothing; positions follow matplotlib's pads.
    private func drawLabels(_ g: Geometry, cell: Rect) {
        let p = g.plot
        var xLabelBottom = p.maxY + Style.majorTickLength
        if showXTickLabels {
            for tick in g.xTicks {
                guard let label = tick.label else { continue }
                let box = canvas.text(label, size: fontSize)
                canvas.draw(box, anchorX: g.x(tick.value), y: p.maxY + Style.majorTickLength + Style.tickPad, h: 0.5, v: 0)
                xLabelBottom = max(xLabelBottom, p.maxY + Style.majorTickLength + Style.tickPad + box.height)
            }
        }
        var yLabelLeft = p.minX - Style.majorTickLength
        if showYTickLabels {
            for tick in g.yTicks {
                guard let label = tick.label else { continue }
                let box = canvas.text(label, size: fontSize)
                let x = p.minX - Style.majorTickLength - Style.tickPad
                canvas.draw(box, anchorX: x, y: g.y(tick.value), h: 1, v: 0.5)
                yLabelLeft = min(yLabelLeft, x - box.width)
            }
        }
        if showXLabel, let label = panel.x.label {
            let box = canvas.text(label, size: fontSize)
            canvas.draw(box, anchorX: p.midX, y: xLabelBottom + Style.labelPad, h: 0.5, v: 0)
        }
        if showYLabel, let label = panel.y.label {
            let box = canvas.text(label, size: fontSize)
            canvas.draw(box, x: yLabelLeft - Style.labelPad - box.height, y: p.midY + box.width / 2, angle: -.pi / 2)
        }
        if let title = panel.title {
            let box = canvas.text(title, size: fontSize * 1.2)
            canvas.draw(box, anchorX: p.midX, y: p.minY - 6, h: 0.5, v: 1)
        }
    }

    private func drawAnnotations(_ g: Geometry) {
        for a in panel.annotations {
            let box = canvas.text(a.text, size: fontSize)
            let h = a.alignment == .left ? 0.0 : a.alignment == .center ? 0.5 : 1.0
            let x = g.x(a.x), y = g.y(a.y)
            if let target = a.arrowTo {
                let tx = g.x(target.x), ty = g.y(target.y)
                let sx = x + (0.5 - h) * box.width, sy = y
                let d = hypot(tx - sx, ty - sy)
                if d > 1 {
                    let ux = (tx - sx) / d, uy = (ty - sy) / d
                    let start = (sx + ux * (box.height * 0.7), sy + uy * (box.height * 0.7))
                    canvas.setColor(a.color); canvas.setLine(width: 0.8)
                    canvas.move(start.0, start.1); canvas.line(tx - ux * 5, ty - uy * 5); canvas.stroke()
                    canvas.move(tx, ty); canvas.line(tx - ux * 6 - uy * 2.5, ty - uy * 6 + ux * 2.5)
                    canvas.line(tx - ux * 6 + uy * 2.5, ty - uy * 6 - ux * 2.5); canvas.close(); canvas.fill()
                }
            }
            canvas.draw(box, anchorX: x, y: y, h: h, v: 0.5, color: a.color)
        }
    }
}

extension Series {
    var isReference: Bool { if case .referenceLine = self { return true }; return false }
    var referenceColor: Color? { if case .referenceLine(let r) = self { return r.style.color ?? .gray }; return nil }

    func legendHandle(color: Color) -> LegendEntry.Handle {
        switch self {
        case .line(let l): return .line(color.withAlpha(l.style.opacity), width: l.style.width, dash: l.style.dash)
        case .step(let s): return .line(color, width: s.style.width, dash: s.style.dash)
        case .scatter(let s):
            let hasBars = s.yErrorMinus != nil || s.yErrorPlus != nil
            return .marker(color, s.marker, size: s.markerSize, errorBar: hasBars)
        case .band(let b): return .patch(fill: color.withAlpha(b.opacity), edge: nil)
        case .histogram(let h): return h.filled ? .patch(fill: color.withAlpha(h.opacity), edge: nil) : .outline(color, width: h.lineWidth)
        case .referenceLine(let r): return .line(r.style.color ?? .gray, width: r.style.width, dash: r.style.dash)
        case .heatMap: return .patch(fill: .gray, edge: nil)
        }
    }
}

import Foundation
import CCairo
import FolioSky

/// Lays out and draws one ``SkyPanel``: HEALPix raster, graticule, reference plane, events,
/// sources, labels and a horizontal colour bar below the map (as healpy places it).
struct SkyPanelRenderer {
    let canvas: Canvas
    let panel: SkyPanel
    let fontSize: Double

    /// The ellipse box for a cell, snapped to whole device pixels so that the raster and the
    /// vector overlays agree exactly.
    func geometry(in cell: Rect) -> SkyGeometry {
        let titleHeight = panel.title.map { canvas.text($0, size: fontSize * 1.2).height + 6 } ?? 0
        let labelWidth = (panel.graticule?.labels ?? false) ? canvas.text("−60°", size: fontSize * 0.85).width + 6 : 0
        var colorBarHeight = 0.0
        if let map = panel.map, map.showColorBar {
            let line = canvas.text("0", size: fontSize).height
            colorBarHeight = 10 + ColorBar.thickness + Style.majorTickLength + Style.tickPad + line
                + (map.colorBarLabel.map { canvas.text($0, size: fontSize).height + Style.labelPad } ?? 0)
        }
        let available = cell.inset(left: Style.outerPad + labelWidth, top: Style.outerPad + titleHeight,
                                   right: Style.outerPad + labelWidth, bottom: Style.outerPad + colorBarHeight)
        var w = min(available.width, 2 * available.height)
        var h = w / 2
        let s = canvas.deviceScale
        // Whole device pixels, even width so that the centre falls on a pixel boundary.
        w = (w * s / 2).rounded(.down) * 2 / s
        h = (w * s / 4).rounded(.down) * 2 / s
        let x = ((available.midX - w / 2) * s).rounded() / s
        let y = ((available.minY + (available.height - h) / 2) * s).rounded() / s
        return SkyGeometry(projection: panel.projection, frame: panel.frame, centerLongitudeDegrees: panel.centerLongitude,
                           originX: x, originY: y, width: w, height: h)
    }

    func draw(in cell: Rect, rasterScale: Double) {
        let g = geometry(in: cell)
        let cr = canvas.cr
        let outline = ellipsePath(g)
        // Map colours once per draw: for the raster and to pick the overlay colour.
        let colors = panel.map.map { HEALPixRaster.pixelColors($0, range: ColorBar.range(of: $0.colorScale, values: $0.values)) }
        if let map = panel.map, let colors {
            drawMap(map, colors: colors, g, rasterScale: rasterScale, outline: outline)
        }
        let light = Self.overlayIsLight(over: colors)
        canvas.save()
        addPath(outline); cairo_clip(cr)
        if let grat = panel.graticule { drawGraticule(grat, g, light: light) }
        if panel.showReferencePlane { drawReferencePlane(g, light: light) }
        for (k, e) in panel.events.enumerated() { drawEvents(e, color: e.color ?? Color.cycle[k % Color.cycle.count], g) }
        canvas.restore()
        // The map's edge.
        addPath(outline)
        canvas.setColor(.black); canvas.setLine(width: 0.8); canvas.stroke()
        if let grat = panel.graticule, grat.labels { drawGraticuleLabels(grat, g) }
        drawSources(g, cell: cell)
        if let title = panel.title {
            let box = canvas.text(title, size: fontSize * 1.2)
            canvas.draw(box, anchorX: g.originX + g.width / 2, y: g.originY - 6, h: 0.5, v: 1)
        }
        if let map = panel.map, map.showColorBar {
            let range = ColorBar.range(of: map.colorScale, values: map.values)
            let strip = Rect(x: g.originX + g.width * 0.2, y: g.originY + g.height + 10, width: g.width * 0.6, height: ColorBar.thickness)
            ColorBar.draw(canvas: canvas, strip: strip, scale: map.colorScale, range: range, label: map.colorBarLabel,
                          horizontal: true, fontSize: fontSize)
        }
        let entries = panel.events.enumerated().compactMap { k, e in
            e.label.map { LegendEntry(handle: .marker(e.color ?? Color.cycle[k % Color.cycle.count], .circle, size: 5, errorBar: false), label: $0) }
        } + panel.sources.compactMap { s in
            s.legendLabel.map { LegendEntry(handle: s.hollow ? .ring(s.color, s.marker, size: 7) : .marker(s.color, s.marker, size: 7, errorBar: false),
                                            label: $0) }
        }
        Legend.draw(canvas: canvas, entries: entries, in: cell.inset(left: 2, top: 2, right: 2, bottom: 2),
                    placement: panel.legend == .best ? .upperRight : panel.legend, dataPoints: [], fontSize: fontSize * 0.9)
    }

    /// Colour for graticule and reference lines: white over dark maps, near-black over light maps
    /// and empty panels (decided by the mean luminance of the coloured map pixels).
    static func overlayIsLight(over colors: [UInt32]?) -> Bool {
        guard let colors else { return false }
        var sum = 0.0
        for c in colors {
            sum += 0.2126 * Double((c >> 16) & 0xFF) + 0.7152 * Double((c >> 8) & 0xFF) + 0.0722 * Double(c & 0xFF)
        }
        return sum / Double(max(1, colors.count)) / 255 < 0.55
    }

    /// The projection's boundary (λ = ±π) as a closed device-space polygon.
    private func ellipsePath(_ g: SkyGeometry) -> [(x: Double, y: Double)] {
        var pts: [(x: Double, y: Double)] = []
        let n = 180
        for i in 0...n {
            let lat = -Double.pi / 2 + Double.pi * Double(i) / Double(n)
            let p = g.projection.project(longitude: .pi, latitude: lat)
            pts.append(g.planeToDevice(p.x, p.y))
        }
        for i in 0...n {
            let lat = Double.pi / 2 - Double.pi * Double(i) / Double(n)
            let p = g.projection.project(longitude: -.pi, latitude: lat)
            pts.append(g.planeToDevice(p.x, p.y))
        }
        return pts
    }

    private func addPath(_ pts: [(x: Double, y: Double)], close: Bool = true) {
        canvas.newPath()
        for (i, p) in pts.enumerated() { if i == 0 { canvas.move(p.x, p.y) } else { canvas.line(p.x, p.y) } }
        if close { canvas.close() }
    }

    private func drawMap(_ map: HEALPixLayer, colors: [UInt32], _ g: SkyGeometry, rasterScale: Double, outline: [(x: Double, y: Double)]) {
        guard let hp = try? HEALPix(pixelCount: map.values.count) else { return }
        let columns = max(1, Int((g.width * rasterScale).rounded())), rows = max(1, Int((g.height * rasterScale).rounded()))
        let image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(columns), Int32(rows))!
        let stride = Int(cairo_image_surface_get_stride(image)) / 4
        let data = cairo_image_surface_get_data(image)!.withMemoryRebound(to: UInt32.self, capacity: stride * rows) { $0 }
        HEALPixRaster.fill(data, stride: stride, columns: columns, rows: rows, geometry: g, mapFrame: map.frame,
                           healpix: hp, colors: colors)
        cairo_surface_mark_dirty(image)
        let cr = canvas.cr
        canvas.save()
        addPath(outline); cairo_clip(cr)
        cairo_translate(cr, g.originX, g.originY)
        cairo_scale(cr, g.width / Double(columns), g.height / Double(rows))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        canvas.restore()
        cairo_surface_destroy(image)
    }

    private func stroke(_ pieces: [[(x: Double, y: Double)]]) {
        canvas.newPath()
        for piece in pieces {
            for (i, p) in piece.enumerated() { if i == 0 { canvas.move(p.x, p.y) } else { canvas.line(p.x, p.y) } }
        }
        canvas.stroke()
    }

    private func drawGraticule(_ grat: Graticule, _ g: SkyGeometry, light: Bool) {
        canvas.setColor(Color(hex: 0x404040), alpha: 0.55)
        canvas.setLine(width: 0.5, dash: .dashed)
        if light { canvas.setColor(Color(hex: 0xFFFFFF), alpha: 0.45) }
        // Meridians (panel frame), skipping the map's edge.
        var lon = 0.0
        while lon < 360 - 1e-9 {
            let lambda = SkyProjection.wrap(lon * .pi / 180 - g.centerLongitude)
            if abs(abs(lambda) - .pi) > 1e-6 {
                let pts = stride(from: -90.0, through: 90.0, by: 1).map { SkyCoordinate(longitudeDegrees: lon, latitudeDegrees: $0) }
                stroke(g.polylines(pts))
            }
            lon += grat.meridianSpacing
        }
        // Parallels, drawn in λ from −π to π so they never cross the edge.
        var lat = -90 + grat.parallelSpacing
        while lat < 90 - 1e-9 {
            let pts = stride(from: -180.0, through: 180.0, by: 1).map {
                SkyCoordinate(longitude: $0 * .pi / 180 + g.centerLongitude, latitude: lat * .pi / 180)
            }
            stroke(g.polylines(pts.map { c in c }).map { $0 })
            lat += grat.parallelSpacing
        }
        canvas.setLine(width: 1)
    }

    private func degreeLabel(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        let s = r == r.rounded() ? String(Int(r)) : String(r)
        return (r < 0 ? "\u{2212}" + s.dropFirst() : Substring(s)) + "°"
    }

    private func drawGraticuleLabels(_ grat: Graticule, _ g: SkyGeometry) {
        let size = fontSize * 0.8
        // Meridians: inside the map on the row half a parallel spacing below the equator, not on
        // it, where the Galactic plane's sources and brightest pixels lie. On small maps only every
        // k-th meridian is labelled, the smallest k for which no two labels overlap.
        let labelLatitude = -grat.parallelSpacing / 2
        var labels: [(box: Canvas.TextBox, x: Double, y: Double)] = []
        var lon = 0.0
        while lon < 360 - 1e-9 {
            let lambda = SkyProjection.wrap(lon * .pi / 180 - g.centerLongitude)
            if abs(abs(lambda) - .pi) > 0.2 {
                let p = g.point(SkyCoordinate(longitudeDegrees: lon, latitudeDegrees: labelLatitude))
                // Centred on its meridian, so "120°" names the line it sits on.
                let box = canvas.text(degreeLabel(lon), size: size)
                labels.append((box, p.x - box.width / 2, p.y - box.height / 2))
            }
            lon += grat.meridianSpacing
        }
        labels.sort { $0.x < $1.x }
        // Keep the label nearest the centre in every choice of k, so the central meridian is labelled.
        let centre = labels.indices.min { abs(labels[$0].x - g.originX - g.width / 2) < abs(labels[$1].x - g.originX - g.width / 2) } ?? 0
        var stride = 1
        while stride < max(1, labels.count) {
            let kept = labels.indices.filter { ($0 - centre) % stride == 0 }.map { labels[$0] }
            let overlaps = zip(kept, kept.dropFirst()).contains { a, b in a.x + a.box.width + size * 0.3 > b.x }
            if !overlaps { break }
            stride += 1
        }
        for (k, l) in labels.enumerated() where (k - centre) % stride == 0 {
            canvas.draw(l.box, x: l.x, y: l.y, color: .black, halo: .white)
        }
        // Parallels: outside the left edge of the map.
        var lat = -90 + grat.parallelSpacing
        var lastTop = Double.infinity
        while lat < 90 - 1e-9 {
            let pl = g.projection.project(longitude: .pi, latitude: lat * .pi / 180)
            let p = g.planeToDevice(pl.x, pl.y)
            let box = canvas.text(degreeLabel(lat), size: size)
            // Drawn from the south up; a label that would touch the previous one is skipped.
            if p.y + box.height / 2 < lastTop {
                canvas.draw(box, anchorX: p.x - 4, y: p.y, h: 1, v: 0.5)
                lastTop = p.y - box.height / 2
            }
            lat += grat.parallelSpacing
        }
    }

    /// The Galactic plane (b = 0) on equatorial maps, the celestial equator on Galactic maps,
    /// and a dot at the Galactic centre.
    private func drawReferencePlane(_ g: SkyGeometry, light: Bool) {
        let other: CoordinateFrame = panel.frame == .equatorial ? .galactic : .equatorial
        let r = other.rotation(to: panel.frame)
        let pts = stride(from: 0.0, through: 360.0, by: 0.5).map { r.apply(to: SkyCoordinate(longitudeDegrees: $0, latitudeDegrees: 0)) }
        canvas.setColor(light ? .white : Color(hex: 0x202020), alpha: 0.85)
        canvas.setLine(width: 1.0, dash: panel.frame == .equatorial ? .solid : .dashed)
        stroke(g.polylines(pts))
        canvas.setLine(width: 1)
        if panel.frame == .equatorial {
            let gc = g.point(longitude: 0, latitude: 0, in: .galactic)
            canvas.circle(gc.x, gc.y, 2.2); canvas.fill()
        }
    }

    private func drawEvents(_ e: SkyEvents, color: Color, _ g: SkyGeometry) {
        let rotation = e.frame.rotation(to: panel.frame)
        let coords = e.longitudes.indices.map { i -> SkyCoordinate in
            let c = SkyCoordinate(longitudeDegrees: e.longitudes[i], latitudeDegrees: e.latitudes[i])
            return e.frame == panel.frame ? c : rotation.apply(to: c)
        }
        if let radii = e.errorRadii {
            canvas.setColor(color, alpha: 0.9)
            canvas.setLine(width: 0.7)
            canvas.newPath()
            for (i, c) in coords.enumerated() where radii[i] > 0 {
                let n = max(24, min(96, Int(radii[i] * 4)))
                var ring = SmallCircle.points(around: c, radius: radii[i] * .pi / 180, count: n)
                ring.append(ring[0])
                for piece in g.polylines(ring) {
                    for (k, p) in piece.enumerated() { if k == 0 { canvas.move(p.x, p.y) } else { canvas.line(p.x, p.y) } }
                }
            }
            canvas.stroke()
        }
        // Never one path of many overlapping circles: Cairo's scan converter would resolve all
        // their intersections, which is very slow for 10⁵ events.
        canvas.dots(coords.map { g.point($0) }, radius: e.markerSize / 2, color: color)
    }

    /// Markers first, then their names: each name takes the first of eight places around its
    /// marker that stays inside the panel and clears every marker and every name already placed,
    /// or else the place overlapping least.
    private func drawSources(_ g: SkyGeometry, cell: Rect) {
        let markerSize = 8.0
        let points = panel.sources.map { g.point(longitude: $0.longitude, latitude: $0.latitude, in: $0.frame) }
        for (s, p) in zip(panel.sources, points) { drawMarker(s, at: p, size: markerSize) }
        var occupied = points.map { Rect(x: $0.x - markerSize / 2 - 1, y: $0.y - markerSize / 2 - 1, width: markerSize + 2, height: markerSize + 2) }
        let bounds = cell.inset(left: 2, top: 2, right: 2, bottom: 2)
        for (s, p) in zip(panel.sources, points) {
            let box = canvas.text(s.name, size: fontSize * 0.85)
            let d = markerSize / 2 + 2
            // (anchor x, anchor y, horizontal and vertical alignment of the box on the anchor)
            let candidates: [(Double, Double, Double, Double)] = [
                (p.x + d, p.y - d / 2, 0, 1), (p.x - d, p.y - d / 2, 1, 1), (p.x + d, p.y + d / 2, 0, 0), (p.x - d, p.y + d / 2, 1, 0),
                (p.x, p.y - d, 0.5, 1), (p.x, p.y + d, 0.5, 0), (p.x + d, p.y, 0, 0.5), (p.x - d, p.y, 1, 0.5),
            ]
            func rect(_ c: (Double, Double, Double, Double)) -> Rect {
                Rect(x: c.0 - c.2 * box.width, y: c.1 - c.3 * box.height, width: box.width, height: box.height)
            }
            func overlap(_ r: Rect) -> Double {
                var area = occupied.reduce(0.0) { total, o in
                    guard r.intersects(o) else { return total }
                    return total + (min(r.maxX, o.maxX) - max(r.minX, o.minX)) * (min(r.maxY, o.maxY) - max(r.minY, o.minY))
                }
                let inside = (min(r.maxX, bounds.maxX) - max(r.minX, bounds.minX)) * (min(r.maxY, bounds.maxY) - max(r.minY, bounds.minY))
                area += r.width * r.height - max(0, inside)  // the part outside the panel counts as hidden
                return area
            }
            let chosen = candidates.min { overlap(rect($0)) < overlap(rect($1)) } ?? candidates[0]
            let placed = rect(chosen)
            occupied.append(placed)
            // A halo of the opposite lightness keeps the name readable on any map colour.
            let light = 0.2126 * s.color.red + 0.7152 * s.color.green + 0.0722 * s.color.blue > 0.5
            canvas.draw(box, x: placed.minX, y: placed.minY, color: s.color, halo: light ? .black : .white)
        }
    }

    private func drawMarker(_ s: SkySource, at p: (x: Double, y: Double), size: Double) {
        if s.hollow {
            // A ring, wide enough to see the map through, with a thin dark edge against light pixels.
            let ringSize = size * 1.5
            canvas.markerPath(s.marker, p.x, p.y, size: ringSize)
            canvas.setColor(.black, alpha: 0.6); canvas.setLine(width: 2.8); canvas.stroke()
            canvas.markerPath(s.marker, p.x, p.y, size: ringSize)
            canvas.setColor(s.color); canvas.setLine(width: 1.6); canvas.stroke()
            canvas.setLine(width: 1)
            return
        }
        canvas.markerPath(s.marker, p.x, p.y, size: size)
        if Canvas.markerIsOutline(s.marker) {
            canvas.setColor(s.color); canvas.setLine(width: 1.5); canvas.stroke()
        } else {
            canvas.setColor(s.color); canvas.fillPreserve()
            canvas.setColor(.white); canvas.setLine(width: 0.6); canvas.stroke()
        }
    }
}

import Foundation
import FolioSky
import CPangoCairo

extension Figure {
    /// Checks everything that would make drawing fail or mislead, and reports the first problem:
    /// empty or mismatched data, non-finite values, non-positive values on log axes or log colour
    /// scales, bad HEALPix sizes, and malformed Pango markup.
    public func validate() throws {
        func fail(_ location: String, _ problem: String) -> FigureError {
            FigureError(figure: name, location: location, problem: problem)
        }
        guard width > 0, height > 0, width.isFinite, height.isFinite else {
            throw fail("", "size must be positive, got \(width) × \(height) in")
        }
        guard !panels.isEmpty else { throw fail("", "a figure needs at least one panel") }
        guard columns >= 1 else { throw fail("", "columns must be at least 1, got \(columns)") }
        try checkMarkup(title, fail(("title"), ""))
        if let bar = colorBar {
            try checkMarkup(bar.label, fail("colour bar", ""))
            guard let r = bar.colorScale.range, r.lower < r.upper, bar.colorScale.scale == .linear || r.lower > 0 else {
                throw fail("colour bar", "a shared colour bar needs an explicit, increasing range (positive on a log scale)")
            }
        }
        for (p, panel) in panels.enumerated() {
            let where_ = "panel \(p + 1)"
            switch panel {
            case .plot(let plot): try plot.validate(figure: name, location: where_)
            case .sky(let sky): try sky.validate(figure: name, location: where_)
            }
        }
    }
}

/// Throws if `markup` is not valid Pango markup (an unclosed tag, an unescaped '&' or '<').
func checkMarkup(_ markup: String?, _ context: FigureError) throws {
    guard let markup else { return }
    var error: UnsafeMutablePointer<GError>?
    let ok = pango_parse_markup(markup, -1, 0, nil, nil, nil, &error)
    if ok == 0 {
        let message = error.map { String(cString: $0.pointee.message) } ?? "invalid markup"
        if let error { g_error_free(error) }
        var e = context
        e.problem = "invalid Pango markup in \"\(markup)\": \(message) (write &amp; for &, &lt; for <)"
        throw e
    }
}

extension PlotPanel {
    func validate(figure: String, location: String) throws {
        func fail(_ l: String, _ problem: String) -> FigureError { FigureError(figure: figure, location: l, problem: problem) }
        try checkMarkup(title, fail(location + ", title", ""))
        try checkMarkup(x.label, fail(location + ", x axis label", ""))
        try checkMarkup(y.label, fail(location + ", y axis label", ""))
        for (axisName, axis) in [("x", x), ("y", y)] {
            if let r = axis.range {
                guard r.lower.isFinite, r.upper.isFinite, r.lower < r.upper else {
                    throw fail(location + ", \(axisName) axis", "range must be finite with lower < upper, got [\(r.lower), \(r.upper)]")
                }
                if axis.scale == .log10 && r.lower <= 0 {
                    throw fail(location + ", \(axisName) axis", "log10 axis range must be positive, got [\(r.lower), \(r.upper)]")
                }
            }
        }
        guard !series.isEmpty else { throw fail(location, "a plot panel needs at least one series") }
        for (i, s) in series.enumerated() {
            let here = location + ", series \(i + 1)" + (s.label.map { " '\($0)'" } ?? "")
            try checkMarkup(s.label, fail(here, ""))
            try s.validate(xScale: x.scale, yScale: y.scale) { fail(here, $0) }
        }
        for (i, a) in annotations.enumerated() {
            let here = location + ", annotation \(i + 1)"
            try checkMarkup(a.text, fail(here, ""))
            guard a.x.isFinite, a.y.isFinite else { throw fail(here, "position must be finite") }
        }
    }
}

extension Series {
    func validate(xScale: AxisScale, yScale: AxisScale, fail: (String) -> FigureError) throws {
        func nonEmpty(_ v: [Double], _ name: String) throws {
            guard !v.isEmpty else { throw fail("'\(name)' is empty: nothing to draw") }
        }
        func same(_ a: [Double], _ an: String, _ b: [Double]?, _ bn: String) throws {
            if let b, a.count != b.count { throw fail("'\(an)' has \(a.count) values but '\(bn)' has \(b.count)") }
        }
        func finite(_ v: [Double]?, _ name: String) throws {
            guard let v else { return }
            if let i = v.firstIndex(where: { !$0.isFinite }) { throw fail("'\(name)'[\(i)] is \(v[i]); values must be finite") }
        }
        func positive(_ v: [Double], _ name: String, _ scale: AxisScale, axis: String) throws {
            guard scale == .log10 else { return }
            if let i = v.firstIndex(where: { $0 <= 0 }) {
                throw fail("'\(name)'[\(i)] = \(v[i]) cannot be drawn on the log10 \(axis) axis (values must be > 0)")
            }
        }
        func increasing(_ v: [Double], _ name: String) throws {
            for i in 1..<max(1, v.count) where !(v[i] > v[i - 1]) {
                throw fail("'\(name)' must increase strictly, but [\(i - 1)] = \(v[i - 1]) and [\(i)] = \(v[i])")
            }
        }
        switch self {
        case .line(let s):
            try nonEmpty(s.x, "x"); try same(s.x, "x", s.y, "y"); try finite(s.x, "x"); try finite(s.y, "y")
            try positive(s.x, "x", xScale, axis: "x"); try positive(s.y, "y", yScale, axis: "y")
        case .step(let s):
            try nonEmpty(s.values, "values")
            guard s.edges.count == s.values.count + 1 else {
                throw fail("'edges' needs values.count + 1 = \(s.values.count + 1) entries, has \(s.edges.count)")
            }
            try finite(s.edges, "edges"); try finite(s.values, "values"); try increasing(s.edges, "edges")
            try positive(s.edges, "edges", xScale, axis: "x")
            // On a log axis a zero bin is an empty bin (drawn as a gap); a negative one is a mistake.
            if yScale == .log10 {
                if let i = s.values.firstIndex(where: { $0 < 0 }) {
                    throw fail("'values'[\(i)] = \(s.values[i]) cannot be drawn on the log10 y axis (values must be ≥ 0; 0 leaves a gap)")
                }
                if !s.values.contains(where: { $0 > 0 }) { throw fail("every value is 0, so nothing can be drawn on the log10 y axis") }
            }
        case .scatter(let s):
            try nonEmpty(s.x, "x"); try same(s.x, "x", s.y, "y")
            for (v, n) in [(s.xErrorMinus, "xErrorMinus"), (s.xErrorPlus, "xErrorPlus"), (s.yErrorMinus, "yErrorMinus"), (s.yErrorPlus, "yErrorPlus")] {
                try same(s.x, "x", v, n); try finite(v, n)
                if let v, let i = v.firstIndex(where: { $0 < 0 }) { throw fail("'\(n)'[\(i)] = \(v[i]); error bars are distances and must be ≥ 0") }
            }
            if let u = s.upperLimit, u.count != s.x.count { throw fail("'upperLimit' has \(u.count) values but 'x' has \(s.x.count)") }
            try finite(s.x, "x"); try finite(s.y, "y")
            try positive(s.x, "x", xScale, axis: "x"); try positive(s.y, "y", yScale, axis: "y")
            if xScale == .log10, let m = s.xErrorMinus, let i = s.x.indices.first(where: { s.x[$0] - m[$0] <= 0 }) {
                throw fail("x − xErrorMinus at [\(i)] = \(s.x[i] - m[i]) cannot be drawn on the log10 x axis")
            }
            if yScale == .log10, let m = s.yErrorMinus, let i = s.y.indices.first(where: { s.y[$0] - m[$0] <= 0 }) {
                throw fail("y − yErrorMinus at [\(i)] = \(s.y[i] - m[i]) cannot be drawn on the log10 y axis (use upperLimit)")
            }
        case .band(let s):
            try nonEmpty(s.x, "x"); try same(s.x, "x", s.lower, "lower"); try same(s.x, "x", s.upper, "upper")
            try finite(s.x, "x"); try finite(s.lower, "lower"); try finite(s.upper, "upper")
            try positive(s.x, "x", xScale, axis: "x"); try positive(s.lower, "lower", yScale, axis: "y")
            try positive(s.upper, "upper", yScale, axis: "y")
        case .histogram(let s):
            try nonEmpty(s.counts, "counts")
            guard s.edges.count == s.counts.count + 1 else {
                throw fail("'edges' needs counts.count + 1 = \(s.counts.count + 1) entries, has \(s.edges.count)")
            }
            try finite(s.edges, "edges"); try finite(s.counts, "counts"); try increasing(s.edges, "edges")
            try positive(s.edges, "edges", xScale, axis: "x")
            if yScale == .log10 && !s.counts.contains(where: { $0 > 0 }) {
                throw fail("every bin is ≤ 0, so nothing can be drawn on the log10 y axis")
            }
        case .heatMap(let s):
            try nonEmpty(s.values, "values")
            guard s.values.count == (s.xEdges.count - 1) * (s.yEdges.count - 1), s.xEdges.count >= 2, s.yEdges.count >= 2 else {
                throw fail("'values' needs (xEdges.count − 1)·(yEdges.count − 1) = \(max(0, s.xEdges.count - 1) * max(0, s.yEdges.count - 1)) entries, has \(s.values.count)")
            }
            try finite(s.xEdges, "xEdges"); try finite(s.yEdges, "yEdges")
            try increasing(s.xEdges, "xEdges"); try increasing(s.yEdges, "yEdges")
            try positive(s.xEdges, "xEdges", xScale, axis: "x"); try positive(s.yEdges, "yEdges", yScale, axis: "y")
            try s.colorScale.validate(values: s.values, fail: fail)
            try checkMarkup(s.colorBarLabel, fail(""))
        case .referenceLine(let s):
            guard s.value.isFinite else { throw fail("value must be finite") }
            let scale = s.orientation == .vertical ? xScale : yScale
            if scale == .log10 && s.value <= 0 { throw fail("value \(s.value) cannot be drawn on a log10 axis") }
        }
    }
}

extension ColorScale {
    func validate(values: [Double], fail: (String) -> FigureError) throws {
        if let r = range {
            guard r.lower.isFinite, r.upper.isFinite, r.lower < r.upper else {
                throw fail("colour range must be finite with lower < upper, got [\(r.lower), \(r.upper)]")
            }
            if scale == .log10 && r.lower <= 0 { throw fail("log10 colour range must be positive, got [\(r.lower), \(r.upper)]") }
        } else {
            let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) && $0 > -1e30 }
            guard !usable.isEmpty else {
                throw fail(scale == .log10 ? "no positive finite values for the log10 colour scale" : "no finite values to colour")
            }
        }
    }
}

extension SkyPanel {
    func validate(figure: String, location: String) throws {
        func fail(_ l: String, _ problem: String) -> FigureError { FigureError(figure: figure, location: l, problem: problem) }
        try checkMarkup(title, fail(location + ", title", ""))
        guard centerLongitude.isFinite else { throw fail(location, "centerLongitude must be finite") }
        if let g = graticule, !(g.meridianSpacing > 0 && g.parallelSpacing > 0) {
            throw fail(location + ", graticule", "spacings must be positive")
        }
        if let map {
            let here = location + ", HEALPix map"
            do { _ = try HEALPix(pixelCount: map.values.count) } catch { throw fail(here, "\(error)") }
            try map.colorScale.validate(values: map.values) { fail(here, $0) }
            try checkMarkup(map.colorBarLabel, fail(here, ""))
        }
        for (i, e) in events.enumerated() {
            let here = location + ", events \(i + 1)" + (e.label.map { " '\($0)'" } ?? "")
            guard e.longitudes.count == e.latitudes.count else {
                throw fail(here, "'longitudes' has \(e.longitudes.count) values but 'latitudes' has \(e.latitudes.count)")
            }
            if let r = e.errorRadii, r.count != e.longitudes.count {
                throw fail(here, "'errorRadii' has \(r.count) values but there are \(e.longitudes.count) events")
            }
            if let i = e.latitudes.firstIndex(where: { !($0 >= -90 && $0 <= 90) }) {
                throw fail(here, "latitude[\(i)] = \(e.latitudes[i])° is outside [−90°, 90°]")
            }
            if let i = e.longitudes.firstIndex(where: { !$0.isFinite }) { throw fail(here, "longitude[\(i)] is not finite") }
            if let r = e.errorRadii, let i = r.firstIndex(where: { !($0 >= 0 && $0 <= 180) }) {
                throw fail(here, "errorRadii[\(i)] = \(r[i])° must be in [0°, 180°]")
            }
            try checkMarkup(e.label, fail(here, ""))
        }
        for s in sources {
            let here = location + ", source '\(s.name)'"
            guard s.latitude >= -90, s.latitude <= 90, s.longitude.isFinite else {
                throw fail(here, "position (\(s.longitude)°, \(s.latitude)°) is not on the sky")
            }
            try checkMarkup(s.name, fail(here, ""))
        }
    }
}

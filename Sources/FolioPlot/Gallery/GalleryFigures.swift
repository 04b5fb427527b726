import Foundation
import FolioSky

/// One figure of every kind FolioPlot draws, from deterministic synthetic data, so that anyone can
/// look at all of them (the gallery analysis wraps these into figure steps).
public enum GalleryFigures {
    /// All gallery figures with their file names.
    public static func all() -> [(name: String, figure: Figure)] {
        makers.map { ($0.name, $0.make()) }
    }

    /// Each figure's name and the function that computes it (some draw 10⁵ random numbers), for
    /// callers that build them side by side.
    public static let makers: [(name: String, make: @Sendable () -> Figure)] = [
        ("lines-and-band", linesAndBand),
        ("spectrum-log-axes", spectrum),
        ("histograms", histograms),
        ("heat-map", heatMap),
        ("heat-map-log", heatMapLog),
        ("shared-axes", sharedAxes),
        ("sky-equatorial-healpix", skyEquatorial),
        ("sky-galactic-events", skyGalactic),
        ("sky-hammer-diverging", skyHammer)]

    /// A tiny deterministic generator (SplitMix64, Steele et al. 2014) so the gallery needs no
    /// dependency on FolioStatistics; `gaussian` uses Box–Muller.
    struct Numbers {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
        mutating func gaussian() -> Double {
            let u = max(uniform(), 1e-300), v = uniform()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    static func linesAndBand() -> Figure {
        let x = stride(from: 0.0, through: 10, by: 0.1).map { $0 }
        var rng = Numbers(state: 1)
        let data = stride(from: 0.5, through: 9.5, by: 1.0).map { $0 }
        let measured = data.map { sin($0) * exp(-$0 / 8) + 0.08 * rng.gaussian() }
        return Figure(name: "lines-and-band", panels: [.plot(PlotPanel(
            title: "Damped oscillation",
            x: Axis(label: "time <i>t</i> [s]"), y: Axis(label: "amplitude <i>A</i>(<i>t</i>) [mV]"),
            series: [
                .band(Band(label: "68% band", x: x, lower: x.map { sin($0) * exp(-$0 / 8) - 0.15 }, upper: x.map { sin($0) * exp(-$0 / 8) + 0.15 })),
                .line(Line(label: "model sin(<i>t</i>) e<sup>−<i>t</i>/τ</sup>", x: x, y: x.map { sin($0) * exp(-$0 / 8) })),
                .line(Line(label: "envelope", x: x, y: x.map { exp(-$0 / 8) }, style: LineStyle(width: 1.2, dash: .dashed))),
                .scatter(Scatter(label: "data", x: data, y: measured, yErrorMinus: data.map { _ in 0.1 },
                                 yErrorPlus: data.map { _ in 0.14 }, color: .black)),
                .referenceLine(ReferenceLine(.horizontal, at: 0)),
            ],
            annotations: [Annotation("τ = 8 s", x: 6.5, y: -0.6)]))])
    }

    static func spectrum() -> Figure {
        let e = (0...40).map { pow(10, 2 + Double($0) * 0.1) }  // 100 GeV ... 1 PeV
        func e2dnde(_ x: Double, _ gamma: Double) -> Double { 1.4e-8 * pow(x / 1e5, 2 - gamma) }
        let points = [3e2, 1e3, 3e3, 1e4, 3e4, 1e5, 3e5]
        var rng = Numbers(state: 7)
        let y = points.map { e2dnde($0, 2.7) * (1 + 0.15 * rng.gaussian()) }
        return Figure(name: "spectrum-log-axes", panels: [.plot(PlotPanel(
            x: Axis(label: "<i>E</i><sub>ν</sub> [GeV]", scale: .log10),
            y: Axis(label: "<i>E</i><sup>2</sup> d<i>N</i>/d<i>E</i> [GeV cm<sup>−2</sup> s<sup>−1</sup> sr<sup>−1</sup>]", scale: .log10),
            series: [
                .band(Band(label: "68% C.L.", x: e, lower: e.map { e2dnde($0, 2.85) * 0.7 }, upper: e.map { e2dnde($0, 2.55) * 1.3 })),
                .line(Line(label: "best fit, γ = 2.7", x: e, y: e.map { e2dnde($0, 2.7) })),
                .scatter(Scatter(label: "unfolded", x: points, y: y,
                                 xErrorMinus: points.map { $0 * 0.4 }, xErrorPlus: points.map { $0 * 0.6 },
                                 yErrorMinus: y.map { $0 * 0.3 }, yErrorPlus: y.map { $0 * 0.45 },
                                 upperLimit: points.map { $0 > 2e5 }, marker: .square, color: .black)),
            ]))])
    }

    static func histograms() -> Figure {
        var rng = Numbers(state: 3)
        let background = (0..<20_000).map { _ in -log(max(rng.uniform(), 1e-12)) * 2 }
        let signal = (0..<800).map { _ in 6 + 0.6 * rng.gaussian() }
        let weights = signal.map { _ in 2.5 }
        let edges = (0...48).map { Double($0) * 0.25 }
        return Figure(name: "histograms", panels: [.plot(PlotPanel(
            x: Axis(label: "test statistic TS"), y: Axis(label: "events per bin", scale: .log10),
            series: [
                .histogram(Histogram(label: "background trials", samples: background, edges: edges)),
                .histogram(Histogram(label: "signal (weight 2.5)", samples: signal, weights: weights, edges: edges, filled: false)),
                .step(Step(label: "χ<sup>2</sup><sub>2</sub>/2 expectation", edges: edges,
                           values: edges.dropLast().indices.map { i in 20_000 * (exp(-edges[i] / 2) - exp(-edges[i + 1] / 2)) },
                           style: LineStyle(color: .black, width: 1, dash: .dashed))),
                .referenceLine(ReferenceLine(.vertical, at: 7.4, label: "observed", style: LineStyle(color: Color(hex: 0xD55E00), width: 1.5))),
            ]))])
    }

    static func heatMap() -> Figure {
        let xe = (0...60).map { -3 + Double($0) * 0.1 }, ye = (0...60).map { 1 + Double($0) * 0.05 }
        var v: [Double] = []
        for j in 0..<(ye.count - 1) { for i in 0..<(xe.count - 1) {
            let x = (xe[i] + xe[i + 1]) / 2, y = (ye[j] + ye[j + 1]) / 2
            v.append(2 * ((x - 0.3) * (x - 0.3) / 0.8 + (y - 2.4) * (y - 2.4) / 0.2 - 0.9 * (x - 0.3) * (y - 2.4) / 0.4))
        } }
        let n = xe.count - 1
        let contour = (0...120).map { k -> (Double, Double) in
            let a = Double(k) / 120 * 2 * .pi
            return (0.3 + 1.1 * cos(a), 2.4 + 0.5 * sin(a + 0.6))
        }
        _ = n
        return Figure(name: "heat-map", panels: [.plot(PlotPanel(
            x: Axis(label: "log<sub>10</sub>(<i>n</i><sub>s</sub>)"), y: Axis(label: "spectral index γ"),
            series: [
                .heatMap(HeatMap(xEdges: xe, yEdges: ye, values: v, colorScale: ColorScale(colorMap: .viridis, range: AxisRange(0, 40)),
                                 colorBarLabel: "−2 Δ ln <i>L</i>")),
                .line(Line(label: "illustrative contour", x: contour.map(\.0), y: contour.map(\.1), style: LineStyle(color: .white, width: 1.2))),
                .scatter(Scatter(label: "best fit", x: [0.3], y: [2.4], marker: .plus, markerSize: 9, color: .white)),
            ], legend: .upperLeft))])
    }

    /// A 2-D histogram of synthetic events, energy on a log axis, counts on a log colour scale
    /// (empty bins are 0, which a log colour scale leaves blank).
    static func heatMapLog() -> Figure {
        var rng = Numbers(state: 5)
        let xe = (0...40).map { -1 + Double($0) * 0.05 }                  // sin(declination)
        let ye = (0...30).map { pow(10, 2 + Double($0) * 0.1) }           // 100 GeV ... 100 TeV
        var counts = [Double](repeating: 0, count: 40 * 30)
        for _ in 0..<200_000 {
            let s = max(-1, min(0.9999, rng.gaussian() * 0.35 + 0.2))
            let le = 2.6 + abs(rng.gaussian()) * (0.5 + 0.4 * (1 - s)) + (s < 0 ? 0.8 * -s : 0)  // harder in the south
            let i = Int((s + 1) / 0.05), j = Int((le - 2) / 0.1)
            if i >= 0 && i < 40 && j >= 0 && j < 30 { counts[j * 40 + i] += 1 }
        }
        return Figure(name: "heat-map-log", panels: [.plot(PlotPanel(
            x: Axis(label: "sin(δ)"), y: Axis(label: "reconstructed energy <i>E</i> [GeV]", scale: .log10),
            series: [.heatMap(HeatMap(xEdges: xe, yEdges: ye, values: counts,
                                      colorScale: ColorScale(colorMap: .viridis, scale: .log10), colorBarLabel: "events per bin"))]))])
    }

    static func sharedAxes() -> Figure {
        let x = stride(from: 0.0, through: 20, by: 0.2).map { $0 }
        let top = PlotPanel(x: Axis(), y: Axis(label: "rate [Hz]"), series: [
            .line(Line(label: "detector A", x: x, y: x.map { 5 + 2 * sin($0 / 2) })),
            .line(Line(label: "detector B", x: x, y: x.map { 4.5 + 1.5 * cos($0 / 3) })),
        ])
        let bottom = PlotPanel(x: Axis(label: "time since trigger [min]"), y: Axis(label: "ratio A/B"), series: [
            .line(Line(x: x, y: x.map { (5 + 2 * sin($0 / 2)) / (4.5 + 1.5 * cos($0 / 3)) }, style: LineStyle(color: .black, width: 1.2))),
            .referenceLine(ReferenceLine(.horizontal, at: 1)),
        ], legend: .none)
        return Figure(name: "shared-axes", height: 5.2, panels: [.plot(top), .plot(bottom)], sharedX: true)
    }

    /// A smooth synthetic sky: a Gaussian ridge along the Galactic plane plus two hot spots,
    /// as an nside=64 equatorial HEALPix map.
    static func syntheticMap(nside: Int, frame: CoordinateFrame) -> [Double] {
        let hp = try! HEALPix(nside: nside)
        let toGal = frame.rotation(to: .galactic)
        let spot1 = SkyCoordinate(longitudeDegrees: 77.36, latitudeDegrees: 5.69).unitVector  // TXS 0506+056
        let spot2 = SkyCoordinate(longitudeDegrees: 40.67, latitudeDegrees: -0.01).unitVector  // NGC 1068
        return (0..<hp.pixelCount).map { p in
            let c = hp.center(of: p)
            let g = toGal.apply(to: c)
            let l = g.longitude > .pi ? g.longitude - 2 * .pi : g.longitude
            let ridge = 3 * exp(-0.5 * pow(g.latitude / 0.08, 2)) * exp(-0.5 * pow(l / 1.2, 2))
            let v = c.unitVector
            let s1 = 4 * exp(-0.5 * pow(v.angle(to: spot1) / 0.1, 2))
            let s2 = 2.5 * exp(-0.5 * pow(v.angle(to: spot2) / 0.12, 2))
            return ridge + s1 + s2 + 0.3 * sin(c.latitude * 3)
        }
    }

    static func skyEquatorial() -> Figure {
        Figure(name: "sky-equatorial-healpix", width: 8, height: 5, panels: [.sky(SkyPanel(
            title: "Equatorial (J2000), Mollweide",
            map: HEALPixLayer(values: syntheticMap(nside: 64, frame: .equatorial), colorScale: ColorScale(colorMap: .magma),
                              colorBarLabel: "−log<sub>10</sub> <i>p</i><sub>local</sub>"),
            sources: [SkySource("TXS 0506+056", longitude: 77.36, latitude: 5.69, marker: .plus, color: .white),
                      SkySource("NGC 1068", longitude: 40.67, latitude: -0.01, marker: .plus, color: .white)]))])
    }

    static func skyGalactic() -> Figure {
        var rng = Numbers(state: 11)
        var lon: [Double] = [], lat: [Double] = [], err: [Double] = []
        for _ in 0..<60 {
            lon.append(rng.uniform() * 360)
            lat.append(asin(2 * rng.uniform() - 1) * 180 / .pi)
            err.append(1 + 9 * rng.uniform())
        }
        return Figure(name: "sky-galactic-events", width: 8, height: 4.6, panels: [.sky(SkyPanel(
            title: "Galactic, Mollweide: events with 1σ error circles",
            frame: .galactic,
            events: [SkyEvents(label: "track events", frame: .equatorial, longitudes: lon, latitudes: lat, errorRadii: err)],
            sources: [SkySource("Crab", longitude: 83.633, latitude: 22.0145, color: Color(hex: 0xD55E00)),
                      SkySource("Cyg X-3", longitude: 308.107, latitude: 40.958, color: Color(hex: 0xD55E00)),
                      SkySource("Galactic centre", frame: .galactic, longitude: 0, latitude: 0, marker: .plus)],
            legend: .upperRight))])
    }

    static func skyHammer() -> Figure {
        let base = syntheticMap(nside: 32, frame: .galactic)
        let mean = base.reduce(0, +) / Double(base.count)
        return Figure(name: "sky-hammer-diverging", width: 8, height: 5, panels: [.sky(SkyPanel(
            title: "Galactic, Hammer–Aitoff: residuals",
            projection: .hammerAitoff, frame: .galactic,
            map: HEALPixLayer(values: base.map { $0 - mean }, frame: .galactic,
                              colorScale: ColorScale(colorMap: .coolwarm, range: AxisRange(-3, 3)),
                              colorBarLabel: "residual (data − model)/σ")))])
    }
}

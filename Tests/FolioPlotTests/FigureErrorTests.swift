import Testing
import Foundation
@testable import FolioPlot

@Suite struct FigureErrorTests {
    func message(_ figure: Figure) -> String? {
        do { _ = try render(figure, format: .svg); return nil } catch { return "\(error)" }
    }
    func plot(_ series: [Series], x: Axis = Axis(), y: Axis = Axis()) -> Figure {
        Figure(name: "flux", panels: [.plot(PlotPanel(x: x, y: y, series: series))])
    }

    @Test func logAxisWithNonPositiveData() {
        let m = message(plot([.line(Line(label: "fit", x: [1, 2, 3], y: [1, 0, 2]))], y: Axis(scale: .log10)))
        #expect(m == "figure 'flux': panel 1, series 1 'fit': 'y'[1] = 0.0 cannot be drawn on the log10 y axis (values must be > 0)")
    }

    @Test func emptyData() {
        let m = message(plot([.scatter(Scatter(label: "data", x: [], y: []))]))
        #expect(m == "figure 'flux': panel 1, series 1 'data': 'x' is empty: nothing to draw")
    }

    @Test func mismatchedLengths() {
        let m = message(plot([.line(Line(x: [1, 2, 3], y: [1, 2]))]))
        #expect(m == "figure 'flux': panel 1, series 1: 'x' has 3 values but 'y' has 2")
    }

    @Test func histogramEdges() {
        let m = message(plot([.histogram(Histogram(label: "h", edges: [0, 1], counts: [1, 2]))]))
        #expect(m?.contains("'edges' needs counts.count + 1 = 3 entries, has 2") == true)
    }

    @Test func negativeErrorBar() {
        let m = message(plot([.scatter(Scatter(x: [1], y: [1], yErrorMinus: [-1]))]))
        #expect(m?.contains("'yErrorMinus'[0] = -1.0; error bars are distances and must be ≥ 0") == true)
    }

    @Test func badMarkupNamesTheText() {
        let m = message(plot([.line(Line(x: [1], y: [1]))], x: Axis(label: "E <sup>2 [GeV]")))
        #expect(m?.hasPrefix("figure 'flux': panel 1, x axis label: invalid Pango markup in \"E <sup>2 [GeV]\"") == true)
    }

    @Test func badHEALPixSize() {
        let f = Figure(name: "sky", panels: [.sky(SkyPanel(map: HEALPixLayer(values: [1, 2, 3])))])
        #expect(message(f) == "figure 'sky': panel 1, HEALPix map: a HEALPix map needs 12*nside^2 values with nside a power of two, got 3 values")
    }

    @Test func logColourScaleWithoutPositiveValues() {
        let f = Figure(name: "sky", panels: [.sky(SkyPanel(map: HEALPixLayer(values: [Double](repeating: 0, count: 12),
                                                                           colorScale: ColorScale(scale: .log10))))])
        #expect(message(f) == "figure 'sky': panel 1, HEALPix map: no positive finite values for the log10 colour scale")
    }

    @Test func eventsOffTheSky() {
        let f = Figure(name: "sky", panels: [.sky(SkyPanel(events: [SkyEvents(label: "ev", longitudes: [0], latitudes: [95])]))])
        #expect(message(f) == "figure 'sky': panel 1, events 1 'ev': latitude[0] = 95.0° is outside [−90°, 90°]")
    }

    @Test func noPanelsAndBadDpi() {
        #expect(message(Figure(name: "x", panels: [])) == "figure 'x': a figure needs at least one panel")
        let f = plot([.line(Line(x: [1], y: [1]))])
        #expect(throws: FigureError(figure: "flux", location: "", problem: "PNG resolution must be positive, got 0.0 dpi")) {
            try render(f, format: .png(dpi: 0))
        }
    }

    @Test func histogramBinsWeightedSamples() {
        let h = Histogram(samples: [0, 0.5, 1, 1.5, 2, 2.0, 3, -1, .nan], weights: [1, 2, 3, 4, 5, 6, 7, 8, 9], edges: [0, 1, 2])
        // [0,1): 1+2; [1,2]: 3+4+5+6 (the last bin includes its upper edge); 3, −1 and NaN dropped.
        #expect(h.counts == [3, 18])
    }
}

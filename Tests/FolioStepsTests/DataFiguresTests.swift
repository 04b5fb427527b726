import Foundation
import Testing
import FolioSky
@testable import FolioPlot
@testable import FolioSteps

/// The data figures as values: what each map shows and on which scale.
@Suite struct DataFiguresTests {
    /// The event map is a counts map: every event lands in one pixel, and the pixel holding a
    /// cluster of events counts them all.
    @Test func eventMapCountsEveryEvent() throws {
        var ra = (0..<500).map { Double($0) * 0.72 }, dec = (0..<500).map { Double($0 % 170) - 85 }
        ra += [Double](repeating: 83.63, count: 40); dec += [Double](repeating: 22.01, count: 40)
        let events = SelectedEvents(ra: ra, dec: dec, log10Energy: [Double](repeating: 3, count: 540),
                                    angularError: [Double](repeating: 1, count: 540))
        let figure = try EventSkyMapFigureKind.figure(events: events, .init(frame: .galactic, title: nil), name: "event-map")
        guard case .sky(let panel) = try #require(figure.panels.first), let layer = panel.map else { Issue.record("no map"); return }
        #expect(layer.values.count == 12 * 16 * 16 && layer.frame == .equatorial)
        #expect(layer.values.reduce(0, +) == 540)
        let crab = try HEALPix(nside: 16).pixel(ra: 83.63, dec: 22.01)
        #expect(layer.values[crab] >= 40)
        #expect(layer.colorBarLabel?.contains("540 events") == true)
    }

    /// Template maps share one logarithmic scale (the brightest pixel of any map down to 10⁻³ of
    /// it) and one colour bar; no panel draws its own.
    @Test func templateMapsShareOneColourBar() throws {
        let a = try HEALPixMap(nside: 2, frame: .galactic, values: (0..<48).map { Double($0 + 1) })
        let b = try HEALPixMap(nside: 2, frame: .galactic, values: (0..<48).map { 2 * Double($0 + 1) })
        let figure = TemplateMapsFigureKind.figure(maps: [a, b], titles: ["a", "b"], name: "maps")
        let bar = try #require(figure.colorBar)
        let range = try #require(bar.colorScale.range)
        #expect(range.upper == 96 && abs(range.lower - 0.096) < 1e-12)
        #expect(figure.columns == 2)
        for panel in figure.panels {
            guard case .sky(let sky) = panel, let layer = sky.map else { Issue.record("not a map"); continue }
            #expect(!layer.showColorBar && layer.colorScale == bar.colorScale)
        }
        try figure.validate()
    }
}

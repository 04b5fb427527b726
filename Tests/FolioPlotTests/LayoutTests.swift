import Testing
import Foundation
@testable import FolioPlot

@Suite struct LayoutTests {
    /// Nothing is drawn into the outermost pixels of a figure: labels of awkward ranges stay inside.
    @Test(arguments: [(0.0, 1.234e6), (-3.3e5, 1.2e6), (0.0, 1e-7), (1.0, 1e12)])
    func labelsStayInsideTheFigure(lo: Double, hi: Double) throws {
        let log = lo > 0
        let fig = Figure(name: "edges", width: 3, height: 2, panels: [.plot(PlotPanel(
            x: Axis(label: "x", scale: log ? .log10 : .linear), y: Axis(label: "y", scale: log ? .log10 : .linear),
            series: [.line(Line(x: [log ? lo : lo, hi], y: [log ? lo : lo, hi]))]))])
        let image = try RasterImage(figure: fig, dpi: 100)
        let white: UInt32 = 0xFFFF_FFFF
        for y in 0..<image.height {
            #expect(image.pixel(0, y) == white && image.pixel(image.width - 1, y) == white, "row \(y) touches the side")
        }
        for x in 0..<image.width {
            #expect(image.pixel(x, 0) == white && image.pixel(x, image.height - 1) == white, "column \(x) touches top/bottom")
        }
    }

    /// Shared x axes: both panels get the union of the data ranges, and only the bottom one is labelled.
    @Test func sharedAxesUseTheUnionRange() throws {
        let a = PlotPanel(series: [.line(Line(x: [0, 1], y: [0, 1]))])
        let b = PlotPanel(series: [.line(Line(x: [5, 10], y: [0, 1]))])
        let fig = Figure(name: "shared", panels: [.plot(a), .plot(b)], sharedX: true)
        let (canvas, release) = Canvas.measuring()
        defer { release() }
        let renderers = FigureRenderer(figure: fig, canvas: canvas, rasterScale: 1).plotRenderers()
        #expect(renderers[0]?.xRange == AxisRange(-0.5, 10.5))
        #expect(renderers[1]?.xRange == AxisRange(-0.5, 10.5))
        #expect(renderers[0]?.showXTickLabels == false && renderers[1]?.showXTickLabels == true)
    }

    /// "best" legend placement avoids the data: a line along the top leaves the lower corners free.
    @Test func bestLegendAvoidsData() throws {
        let x = (0...50).map { Double($0) / 50 }
        let fig = Figure(name: "legend", width: 4, height: 3, panels: [.plot(PlotPanel(
            y: Axis(range: AxisRange(0, 1)),
            series: [.line(Line(label: "top", x: x, y: x.map { _ in 0.95 }, style: LineStyle(color: Color(hex: 0x0000FF))))]))])
        let image = try RasterImage(figure: fig, dpi: 100)
        // The legend's handle is the only blue in the lower half if the legend went to a lower corner.
        var blueRows: [Int] = []
        for y in image.height / 2..<image.height { for x in 0..<image.width where image.pixel(x, y) == 0xFF00_00FF { blueRows.append(y) } }
        #expect(!blueRows.isEmpty, "legend handle drawn in the lower half")
    }
}

import Testing
import Foundation
@testable import FolioPlot

/// What a journal's production editor checks in a figure: true minus signs, no fake data drawn
/// into empty bins, and one colour bar for maps on one scale.
@Suite struct ProductionTests {
    @Test(arguments: [
        ("δ ∈ [-62°, -57°)", "δ ∈ [−62°, −57°)"),
        ("E<sup>-2.7</sup>", "E<sup>−2.7</sup>"),
        ("-0.5 and -.5", "−0.5 and −.5"),
        ("x = -3", "x = −3"),
        // Hyphens that are not minus signs stay.
        ("IC86-2011", "IC86-2011"),
        ("KRA-γ, 5-PeV", "KRA-γ, 5-PeV"),
        ("<span rise=\"-500\">a</span>", "<span rise=\"-500\">a</span>"),
        ("well-known", "well-known"),
    ])
    func hyphenStartingANumberBecomesAMinusSign(input: String, expected: String) {
        #expect(Canvas.typographicMinus(input) == expected)
    }

    /// A zero bin of a step on a log axis leaves a gap: no line pixels fall in the lower half of
    /// the middle bin, where the old floor value drew two vertical drops.
    @Test func zeroBinOnALogAxisLeavesAGap() throws {
        func image(_ values: [Double]) throws -> RasterImage {
            let panel = PlotPanel(x: Axis(range: AxisRange(0, 3)), y: Axis(scale: .log10, range: AxisRange(1, 100)),
                                  series: [.step(Step(edges: [0, 1, 2, 3], values: values, style: LineStyle(color: .black, width: 2)))],
                                  grid: false)
            return try RasterImage(figure: Figure(name: "gap", width: 3, height: 2, panels: [.plot(panel)]), dpi: 100)
        }
        func darkPixels(_ img: RasterImage) -> Int {
            // The middle bin's interior (x from 40% to 60% of the width), below the curve's level.
            var n = 0
            for y in Int(Double(img.height) * 0.45)..<Int(Double(img.height) * 0.8) {
                for x in Int(Double(img.width) * 0.45)..<Int(Double(img.width) * 0.6) where img.pixel(x, y) & 0xFF < 0x80 { n += 1 }
            }
            return n
        }
        #expect(darkPixels(try image([10, 0, 10])) == 0, "the empty bin draws nothing")
        #expect(darkPixels(try image([10, 2, 10])) > 20, "a filled bin at 2 is drawn in the same region")
        #expect(throws: FigureError.self) { try image([10, -1, 10]) }
    }

    /// A shared colour bar is drawn once, below the panels, and needs an explicit range.
    @Test func sharedColourBar() throws {
        let values = (0..<192).map { Double($0 % 7) + 1 }
        let scale = ColorScale(colorMap: .viridis, range: AxisRange(1, 7))
        let sky = { SkyPanel(frame: .galactic, map: HEALPixLayer(values: values, colorScale: scale, showColorBar: false)) }
        let fig = Figure(name: "maps", width: 6, height: 2.2, panels: [.sky(sky()), .sky(sky())], columns: 2,
                         colorBar: FigureColorBar(colorScale: scale, label: "counts"))
        let img = try RasterImage(figure: fig, dpi: 100)
        // The bar's colours fill a strip in the bottom band of the figure, in its middle 40%.
        let viridis = Set(ColorMap.viridis.argbTable)
        var xs: [Int] = []
        for y in Int(Double(img.height) * 0.62)..<img.height { for x in 0..<img.width where viridis.contains(img.pixel(x, y)) { xs.append(x) } }
        #expect(xs.count > 500, "colour-bar pixels in the bottom band: \(xs.count)")
        #expect(Double(xs.min() ?? 0) >= 0.29 * Double(img.width) && Double(xs.max() ?? 0) <= 0.71 * Double(img.width))
        let unranged = Figure(name: "maps", panels: [.sky(sky())], colorBar: FigureColorBar(colorScale: ColorScale(colorMap: .viridis)))
        #expect(throws: FigureError.self) { try unranged.validate() }
    }
}

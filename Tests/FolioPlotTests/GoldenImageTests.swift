import Testing
import Foundation
import FolioSky
@testable import FolioPlot

/// Compares small renders with reference PNGs in Golden/. Regenerate them after an intended change
/// with `FOLIO_UPDATE_GOLDEN=1 swift test --filter GoldenImageTests` and look at the new files.
///
/// Tolerance: a pixel differs when any channel differs by more than 24/255 (antialiasing and
/// font-rasteriser noise stay below that); at most 0.2% of pixels may differ. On failure a diff
/// image (differing pixels red over a faded copy of the reference) is written next to the test
/// output and its path printed.
@Suite struct GoldenImageTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let cases: [(String, Figure)] = [
        ("golden-lines", Figure(name: "golden-lines", width: 3, height: 2.25, panels: [.plot(PlotPanel(
            x: Axis(label: "<i>x</i> [m]"), y: Axis(label: "<i>y</i>"),
            series: [.line(Line(label: "sin", x: (0...60).map { Double($0) / 10 }, y: (0...60).map { sin(Double($0) / 10) })),
                     .scatter(Scatter(label: "data", x: [1, 2, 3, 4, 5], y: [0.8, 0.9, 0.1, -0.7, -0.9],
                                      yErrorMinus: [0.1, 0.1, 0.2, 0.1, 0.1], yErrorPlus: [0.2, 0.1, 0.1, 0.1, 0.2]))]))], fontSize: 8)),
        ("golden-log-histogram", Figure(name: "golden-log-histogram", width: 3, height: 2.25, panels: [.plot(PlotPanel(
            x: Axis(label: "<i>E</i> [GeV]", scale: .log10), y: Axis(label: "counts", scale: .log10),
            series: [.histogram(Histogram(edges: (0...12).map { pow(10, 1 + Double($0) / 3) },
                                          counts: (0..<12).map { 1e4 * pow(10, -Double($0) / 2.5) }))]))], fontSize: 8)),
        ("golden-sky", Figure(name: "golden-sky", width: 3, height: 1.9, panels: [.sky(SkyPanel(
            frame: .galactic,
            map: HEALPixLayer(values: (0..<192).map { Double($0) }, frame: .equatorial, showColorBar: false),
            sources: [SkySource("GC", frame: .galactic, longitude: 0, latitude: 0, marker: .plus, color: .white)]))], fontSize: 7)),
    ]

    @Test(arguments: cases.map(\.0))
    func matchesGolden(_ name: String) throws {
        let figure = try #require(Self.cases.first { $0.0 == name }?.1)
        let image = try RasterImage(figure: figure, dpi: 72)
        let url = Self.goldenDirectory.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["FOLIO_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try image.pngData().write(to: url)
            return
        }
        let golden = try RasterImage(png: url)
        #expect(golden.width == image.width && golden.height == image.height, "size \(image.width)×\(image.height) vs golden \(golden.width)×\(golden.height)")
        guard golden.width == image.width, golden.height == image.height else { return }
        let comparison = PixelComparison(old: golden, new: image, channelTolerance: 24)
        let differing = comparison.changedPixels
        let allowed = image.pixels.count / 500
        if differing > allowed {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-diff.png")
            try comparison.writeDiffImage(to: out)
            try image.pngData().write(to: FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-actual.png"))
            Issue.record("\(name): \(differing) pixels differ (allowed \(allowed)); diff image: \(out.path)")
        }
    }

    /// The comparison itself must catch a real change: a shifted line fails it.
    @Test func comparisonDetectsAChange() throws {
        var figure = Self.cases[0].1
        figure.panels = [.plot(PlotPanel(x: Axis(label: "<i>x</i> [m]"), y: Axis(label: "<i>y</i>"),
                                         series: [.line(Line(label: "sin", x: (0...60).map { Double($0) / 10 }, y: (0...60).map { sin(Double($0) / 10 + 0.3) }))]))]
        let image = try RasterImage(figure: figure, dpi: 72)
        let golden = try RasterImage(png: Self.goldenDirectory.appendingPathComponent("golden-lines.png"))
        let differing = zip(image.pixels, golden.pixels).filter { $0 != $1 }.count
        #expect(differing > image.pixels.count / 500)
    }
}

import Testing
import Foundation
@testable import FolioPlot

@Suite struct DeterminismTests {
    static let figures: [Figure] = GalleryFigures.all().filter { ["spectrum-log-axes", "sky-galactic-events", "heat-map", "sky-equatorial-healpix"].contains($0.name) }.map(\.figure)

    @Test(arguments: [FigureFormat.png(dpi: 100), .svg, .pdf])
    func renderingTwiceGivesIdenticalBytes(_ format: FigureFormat) throws {
        #expect(Self.figures.count == 4)
        for figure in Self.figures {
            let a = try render(figure, format: format)
            let b = try render(figure, format: format)
            #expect(a == b, "\(figure.name) in \(format) differs between two renders")
            #expect(a.count > 1000)
        }
    }

    /// The bytes depend on the figure: a one-value change must change every format's output.
    @Test(arguments: [FigureFormat.png(dpi: 100), .svg, .pdf])
    func changedDataChangesBytes(_ format: FigureFormat) throws {
        let a = Figure(name: "f", panels: [.plot(PlotPanel(series: [.line(Line(x: [0, 1, 2], y: [0, 1, 0]))]))])
        var b = a
        b.panels = [.plot(PlotPanel(series: [.line(Line(x: [0, 1, 2], y: [0, 1, 0.5]))]))]
        #expect(try render(a, format: format) != render(b, format: format))
    }

    @Test func pdfHasFixedDates() throws {
        let data = try render(Self.figures[0], format: .pdf)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("/CreationDate (20000101000000Z)"))
        #expect(text.contains("/ModDate (20000101000000Z)"))
    }

    /// Cairo's process-wide id counters must not leak into SVG: a figure rendered after other
    /// figures gives the same document as when rendered first.
    @Test func svgDoesNotDependOnEarlierRenders() throws {
        for target in Self.figures {
            let first = try render(target, format: .svg)
            for f in Self.figures { _ = try render(f, format: .svg) }
            #expect(try render(target, format: .svg) == first, "\(target.name)")
        }
        // Sky panels clip to the map's ellipse, so renumbered clip ids must appear (and be referenced).
        let sky = try #require(Self.figures.first { $0.name == "sky-equatorial-healpix" })
        let svg = String(decoding: try render(sky, format: .svg), as: UTF8.self)
        #expect(svg.contains("id=\"clip0\"") && svg.contains("url(#clip0)"))
    }

    @Test func figureIsCodableAndHashable() throws {
        for (_, figure) in GalleryFigures.all() {
            let json = try JSONEncoder().encode(figure)
            let back = try JSONDecoder().decode(Figure.self, from: json)
            #expect(back == figure)
            #expect(back.hashValue == figure.hashValue)
        }
    }

    @Test func writesAtomicallyAndReplaces() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("folio-atomic-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("fig.svg")
        try "old".write(to: url, atomically: false, encoding: .utf8)
        try render(Self.figures[0], format: .svg, to: url)
        let contents = try String(contentsOf: url, encoding: .utf8)
        #expect(contents.hasPrefix("<?xml"))
        // No temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["fig.svg"])
        // A failing render leaves the existing file untouched.
        let bad = Figure(name: "bad", panels: [])
        #expect(throws: FigureError.self) { try render(bad, format: .svg, to: url) }
        #expect(try String(contentsOf: url, encoding: .utf8) == contents)
    }
}

/// The runner renders figures of parallel steps at the same time: concurrent renders must give
/// the same bytes as serial ones (Pango's font map is per thread; Cairo surfaces are per render).
@Suite struct ConcurrencyTests {
    @Test func concurrentRendersMatchSerialOnes() async throws {
        let figures = GalleryFigures.all().map(\.figure)
        let serial = try figures.map { try render($0, format: .png(dpi: 60)) }
        let parallel = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for (i, f) in figures.enumerated() { group.addTask { (i, try render(f, format: .png(dpi: 60))) } }
            var out = [Data](repeating: Data(), count: figures.count)
            for try await (i, d) in group { out[i] = d }
            return out
        }
        #expect(parallel == serial)
    }
}

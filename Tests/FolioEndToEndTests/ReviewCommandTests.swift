import Foundation
import Testing
import FolioTestSupport
import FolioModel
import FolioPlot
import FolioSteps

@Suite(.serialized) struct ReviewCommandTests {
    /// Two builds of the toy spec differing only in the trials count of the last step.
    func twoBuilds() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        try writeToySpec(dir, name: "a.json", trials: 200)
        try writeToySpec(dir, name: "b.json", trials: 300)
        #expect(try folio(["build", "a.json", "--output", "out-a"], in: dir.url).status == 0)
        #expect(try folio(["build", "b.json", "--output", "out-b"], in: dir.url).status == 0)
        #expect(try folio(["build", "a.json", "--output", "out-a2", "--no-cache"], in: dir.url).status == 0)
        return dir
    }

    @Test func diffReportsExactlyWhatDependsOnTheChange() throws {
        let dir = try twoBuilds()
        let r = try folio(["diff", "out-a/k", "out-b/k", "--html", "diff.html"], in: dir.url)
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("spec: 1 step changed, 0 affected downstream"))
        #expect(lines.contains("  background: parameter 'trials' (200 -> 300)"))
        // Only the trial step's numbers and table moved; the sample and the fit are identical.
        let changed = lines.filter { $0.hasPrefix("  background.") || $0.hasPrefix("  fit.") || $0.hasPrefix("  sample.") }
        #expect(changed.allSatisfy { $0.hasPrefix("  background.") })
        #expect(changed.contains { $0.hasPrefix("  background.trials: 200 trials -> 300 trials") })
        #expect(lines.contains { $0.hasPrefix("  tables/background-ts.csv: changed") })
        #expect(lines.contains("DIFFERENT"))
        #expect(lines.last == "diff page: \(dir.path("diff.html").path)")
        let html = try String(contentsOf: dir.path("diff.html"), encoding: .utf8)
        #expect(html.contains("background.trials"))
        #expect(html.contains("parameter &#39;trials&#39; (200 -&gt; 300)") || html.contains("parameter 'trials' (200 -> 300)"))
    }

    @Test func identicalRebuildHasNoDifferences() throws {
        let dir = try twoBuilds()
        let r = try folio(["diff", "out-a", "out-a2", "--html", "same.html"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("results: 0 changed, 0 equal within tolerance, 9 identical"))
        #expect(r.stdout.contains("EQUAL within tolerance"))
    }

    @Test func whyWalksBackToTheSeedsAndParameters() throws {
        let dir = try twoBuilds()
        let r = try folio(["why", "background.significance", "--output", "out-b"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("└─ step background (toy.trials v2) key "))
        #expect(r.stdout.contains("      └─ input sample: step sample (toy.sample v2) key "))
        #expect(r.stdout.contains(#"parameters: {"chunkSize":50,"trials":300}"#))
        #expect(r.stdout.contains("seed: "))
        let missing = try folio(["why", "nothing.here", "--output", "out-b"], in: dir.url)
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: no result matches 'nothing.here' in k\n")
    }

    @Test func diffOfSomethingThatIsNotABuildIsAnError() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.path("empty"), withIntermediateDirectories: true)
        let r = try folio(["diff", "empty", "nowhere"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: "))
    }
}

@Suite(.serialized) struct FigureDiffTests {
    func build(_ dir: TemporaryDirectory, y3: Double, output: String) throws {
        let figure = Figure(name: "f", panels: [.plot(PlotPanel(x: Axis(label: "x"), y: Axis(label: "y"),
                                                                 series: [.line(Line(label: "data", x: [0, 1, 2, 3], y: [1, 2, y3, 4]))]))])
        let analysis = Analysis("figs", title: "Figure diff") { InlineFigure("line", figure: figure) }
        try analysis.jsonData().write(to: dir.path("\(output).json"))
        let r = try folio(["build", "\(output).json", "--output", output], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func aFewChangedPixelsAreFoundWithADiffImageAndTinyChangesAreEqual() throws {
        let dir = TemporaryDirectory()
        try build(dir, y3: 3, output: "a")
        try build(dir, y3: 3.3, output: "b")
        try build(dir, y3: 3 * (1 + 1e-13), output: "c")

        let moved = try folio(["diff", "a/figs", "b/figs", "--html", "d.html"], in: dir.url)
        #expect(moved.status == 1)
        #expect(moved.stdout.contains("figures/line.json: changed"))
        #expect(moved.stdout.contains("panels[0].plot.series[0].line.y[2]: 3 -> 3.3"), "\(moved.stdout)")
        #expect(!moved.stdout.contains("._0"), "paths read as JSON, without synthesized '_0' keys")
        let pixelLine = moved.stdout.split(separator: "\n").first { $0.contains("pixels changed") }
        #expect(pixelLine != nil, "\(moved.stdout)")
        #expect(FileManager.default.fileExists(atPath: dir.path("d-images/figures_line-diff.png").path))

        let tiny = try folio(["diff", "a/figs", "c/figs", "--html", "e.html"], in: dir.url)
        #expect(tiny.status == 0, "\(tiny.stdout)")
        #expect(tiny.stdout.contains("EQUAL within tolerance"))
    }
}

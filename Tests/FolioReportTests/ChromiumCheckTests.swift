import Foundation
import Testing
@testable import FolioReport

/// Loads the HTML report in real headless Chromium (Debian package `chromium`).
@Suite(.serialized) struct ChromiumCheckTests {
    static let chromium = "/usr/bin/chromium"
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"]

    /// A copy of the page with a probe that reports, after load, what the browser actually shows:
    /// figures whose image decoded, tables with rows, the stylesheet applied; failures go to the
    /// console. Script errors on the page would reach the console too.
    private func probe(_ page: URL) throws -> URL {
        let html = try String(contentsOf: page, encoding: .utf8)
        let script = """
        <script>
        window.addEventListener('load', () => {
          const imgs = [...document.querySelectorAll('figure.figure img')];
          const bad = imgs.filter(i => !(i.complete && i.naturalWidth > 0));
          bad.forEach(i => console.error('figure image failed: ' + i.currentSrc));
          if (!getComputedStyle(document.body).fontFamily.includes('Pagella')) console.error('stylesheet not applied');
          const tables = [...document.querySelectorAll('figure.table table')].filter(t => t.tBodies[0].rows.length > 0);
          document.body.setAttribute('data-probe', `figures=${imgs.length - bad.length} tables=${tables.length} svg=${imgs.filter(i => i.currentSrc.includes('svg')).length}`);
        });
        </script>
        """
        let copy = page.deletingLastPathComponent().appendingPathComponent("probe.html")
        try html.replacingOccurrences(of: "</body>", with: script + "</body>").write(to: copy, atomically: true, encoding: .utf8)
        return copy
    }

    private func consoleErrors(_ stderr: String) -> [String] {
        // Chromium logs every console message as `INFO:CONSOLE:<line>] "<message>"` whatever its level;
        // the report has no scripts of its own, so any console line is a failure.
        stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }.map(String.init)
    }

    @Test(arguments: [false, true]) func pageLoadsWithFiguresTablesAndNoConsoleErrors(selfContained: Bool) throws {
        let out = try ReportFixture.temporaryDirectory("chromium")
        defer { try? FileManager.default.removeItem(at: out) }
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        _ = try renderReport(ReportFixture.inputs(figures: figures),
                             formats: [.html], selfContained: selfContained, to: out)
        let page = try probe(out.appendingPathComponent("report.html"))
        let dom = try Tools.run(Self.chromium, Self.flags + ["--dump-dom", page.absoluteString])
        #expect(dom.stdout.contains("data-probe=\"figures=2 tables=2 svg=2\""), "probe: \(dom.stdout.suffix(300))")
        #expect(consoleErrors(dom.stderr).isEmpty, "console: \(consoleErrors(dom.stderr))")

        let shot = Tools.artefacts.appendingPathComponent(selfContained ? "screenshot-single.png" : "screenshot.png")
        try? FileManager.default.removeItem(at: shot)
        let run = try Tools.run(Self.chromium, Self.flags + ["--screenshot=\(shot.path)", "--window-size=1300,900",
                                                            out.appendingPathComponent("report.html").absoluteString])
        #expect(run.status == 0)
        #expect(((try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0) ?? 0 > 10_000)
    }

    /// The browser typesets the report's MathML: a fraction's numerator stands above its
    /// denominator, and a subscript sits lower and smaller than its base (real layout, not text).
    @Test func mathMLIsTypesetByTheBrowser() throws {
        let out = try ReportFixture.temporaryDirectory("chromium-math")
        defer { try? FileManager.default.removeItem(at: out) }
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        _ = try renderReport(ReportFixture.inputs(document: try MarkdownReportTests.parse(MarkdownReportTests.source), figures: figures),
                             formats: [.html], to: out)
        let page = out.appendingPathComponent("report.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        let script = """
        <script>
        window.addEventListener('load', () => {
          const f = document.querySelector('math[display="block"] mfrac');
          const [n, d] = f ? [...f.children] : [];
          const sub = document.querySelector('msub');
          const [b, s] = sub ? [...sub.children] : [];
          const r = e => e.getBoundingClientRect();
          const stacked = f && r(n).bottom <= r(d).top + 1 && r(n).height > 0;
          const lowered = sub && r(s).top + r(s).height / 2 > r(b).top + r(b).height / 2 && r(s).height < r(b).height;
          document.body.setAttribute('data-math', `stacked=${!!stacked} lowered=${!!lowered}`);
        });
        </script>
        """
        let probe = out.appendingPathComponent("probe.html")
        try html.replacingOccurrences(of: "</body>", with: script + "</body>").write(to: probe, atomically: true, encoding: .utf8)
        let dom = try Tools.run(Self.chromium, Self.flags + ["--dump-dom", probe.absoluteString])
        #expect(dom.stdout.contains("data-math=\"stacked=true lowered=true\""), "probe: \(dom.stdout.suffix(300))")
    }

    @Test func theProbeSeesABrokenFigure() throws {
        // The check above must be able to fail: remove a figure file and the console reports it.
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        let out = try ReportFixture.temporaryDirectory("chromium-broken")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try renderReport(ReportFixture.inputs(figures: figures), formats: [.html], to: out)
        try FileManager.default.removeItem(at: figures.appendingPathComponent("ts.svg"))
        try FileManager.default.removeItem(at: figures.appendingPathComponent("ts.png"))
        let page = try probe(out.appendingPathComponent("report.html"))
        let dom = try Tools.run(Self.chromium, Self.flags + ["--dump-dom", page.absoluteString])
        #expect(dom.stdout.contains("data-probe=\"figures=1 tables=2"))
        #expect(consoleErrors(dom.stderr).contains { $0.contains("figure image failed") })
    }

    @Test func narrowScreenScreenshot() throws {
        let out = try ReportFixture.temporaryDirectory("chromium-narrow")
        defer { try? FileManager.default.removeItem(at: out) }
        let figures = try ReportFixture.figuresDirectory()
        defer { try? FileManager.default.removeItem(at: figures) }
        _ = try renderReport(ReportFixture.inputs(figures: figures),
                             formats: [.html], selfContained: true, to: out)
        let shot = Tools.artefacts.appendingPathComponent("screenshot-narrow.png")
        try? FileManager.default.removeItem(at: shot)
        let run = try Tools.run(Self.chromium, Self.flags + ["--screenshot=\(shot.path)", "--window-size=390,1600",
                                                            out.appendingPathComponent("report.html").absoluteString])
        #expect(run.status == 0 && FileManager.default.fileExists(atPath: shot.path))
        // Keep the single-file page to look at.
        let keep = Tools.artefacts.appendingPathComponent("report.html")
        try? FileManager.default.removeItem(at: keep)
        try FileManager.default.copyItem(at: out.appendingPathComponent("report.html"), to: keep)
    }
}

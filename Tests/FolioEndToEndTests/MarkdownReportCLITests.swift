import Foundation
import Testing
import Analyses
import FolioModel
import FolioReport
import FolioRunner
import FolioSteps
import FolioTestSupport

/// A report whose prose is a Markdown file of the project: read when the analysis is planned, so a
/// prose edit reruns only the report step, and its errors name the file, line and column.
@Suite(.serialized) struct MarkdownReportCLITests {
    static let markdown = """
        ---
        title: A toy report in Markdown
        author: Folio tests
        ---
        A peak of {{ results.fit.signalFraction }} (@tab:summary).

        # Method {#method}

        The likelihood @eq:likelihood is maximised over $f \\in [0, 1]$:

        $$ \\ln L(f) = \\sum_i \\ln\\left[f S_i + (1 - f) B_i\\right] $$ {#eq:likelihood}

        @figure:fit-figure

        @table:summary
        """

    static func writeProject(_ dir: TemporaryDirectory) throws {
        let analysis = Analysis("md", title: "Markdown prose", seed: 7) {
            ToySample("sample", events: 300, signalFraction: 0.05)
            ToyFit("fit", on: "sample")
            ToyFitFigure("fit-figure", sample: "sample", fit: "fit")
            Report(markdown: "report.md",
                   figures: [ReportFigure(name: "fit-figure", caption: "The fit.")],
                   tables: [ReportTable(name: "summary", caption: "The fit.", columns: [.text("Quantity"), .value("Value")],
                                        rows: [[.text("TS"), .result("fit.testStatistic")]])])
        }
        try analysis.jsonData().write(to: dir.path("spec.json"))
        try Data(markdown.utf8).write(to: dir.path("report.md"))
    }

    @Test func proseEditRerunsOnlyTheReport() throws {
        let dir = TemporaryDirectory()
        try Self.writeProject(dir)
        let first = try folio(["build", "spec.json"], in: dir.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("md: 4 steps, 4 ran, 0 cached"), "\(first.stdout)")

        let edited = Self.markdown.replacingOccurrences(of: "is maximised over", with: "is maximised, as always, over")
        try Data(edited.utf8).write(to: dir.path("report.md"))
        let second = try folio(["build", "spec.json", "--explain"], in: dir.url)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("md: 4 steps, 1 ran, 3 cached"), "\(second.stdout)")
        for step in ["sample", "fit", "fit-figure"] { #expect(second.stderr.contains("  \(step): cached"), "\(second.stderr)") }
        #expect(second.stderr.contains("  report: ran: ") && second.stderr.contains("input 'markdown' changed"), "\(second.stderr)")
        let html = try String(contentsOf: dir.path("output/md/report.html"), encoding: .utf8)
        #expect(html.contains("is maximised, as always, over"))
        #expect(html.contains("<a class=\"xref\" href=\"#eq-likelihood\">Eq. (1)</a>"))

        // The manifest lists the Markdown among the report's inputs (what an editor loop watches).
        let manifest = try String(contentsOf: dir.path("output/md/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("project:report.md"))
        // A bundle carries the Markdown, so that it verifies away from the project.
        let archived = try folio(["archive", "spec.json", "--bundle", "md.folio.zip"], in: dir.url)
        #expect(archived.status == 0, "\(archived.stdout)\(archived.stderr)")
        let elsewhere = TemporaryDirectory()
        try FileManager.default.copyItem(at: dir.path("md.folio.zip"), to: elsewhere.path("md.folio.zip"))
        let verified = try folio(["verify", "md.folio.zip"], in: elsewhere.url)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }

    /// Folio's own reports (the toy, the flagship) read without a problem, and every figure and
    /// table they declare is placed, with the flagship's four numbered equations.
    @Test func folioAnalysesMarkdownReads() throws {
        for analysis in AnalysisCatalog.all {
            let (prepared, problems) = BuildPlan.prepare(analysis, registry: StandardKinds.registry,
                                                         roots: FileRoots(dataRoot: packageRoot, projectRoot: packageRoot))
            #expect(problems.isEmpty, "\(analysis.name): \(problems)")
            guard analysis.name == "galactic-plane" else { continue }
            let report = try #require(prepared.steps.first { $0.kind == "report" })
            let document = try report.parameters.decode(Report.Parameters.self).document
            let equations = document.sections.flatMap { $0.blocks }.compactMap { if case .equation(let e) = $0 { e.id } else { nil } }
            #expect(equations == ["likelihood", "background", "ts", "flux"])
            #expect(report.inputs["markdown"] == .folioFile("analyses/GalacticPlane/report.md"))
        }
    }

    @Test func theMarkdownFilesOfAnAnalysisAreListed() {
        let report = Report(markdown: "docs/report.md")
        #expect(Report.markdownFiles(of: report.spec) == [.projectFile("docs/report.md")])
        #expect(Report.markdownFiles(of: ToySample("s", events: 1, signalFraction: 0).spec).isEmpty)
    }

    @Test func markdownErrorsNameFileLineAndColumn() throws {
        let dir = TemporaryDirectory()
        try Self.writeProject(dir)
        let broken = Self.markdown
            .replacingOccurrences(of: "{{ results.fit.signalFraction }}", with: "{{ results.fit.signalFractoin }}")
            .replacingOccurrences(of: "@eq:likelihood is", with: "@eq:likelihod is")
        try Data(broken.utf8).write(to: dir.path("report.md"))
        let build = try folio(["build", "spec.json"], in: dir.url)
        #expect(build.status == 2)
        #expect(build.stderr.contains("report.md:9:16: unknown equation label '@eq:likelihod'"), "\(build.stderr)")
        // Placeholders are checked against the results the quoted step declares.
        #expect(build.stderr.contains("report.md:5:11"), "\(build.stderr)")
        #expect(build.stderr.contains("signalFractoin"), "\(build.stderr)")
    }

    /// Generated text (the seed sentence, the toolchain) and figure titles must not turn into
    /// markup: "xoshiro256**" is not bold, "x86_64" not italic, `<sup>` not literal.
    @Test func generatedTextLeaksNoMarkup() throws {
        let dir = TemporaryDirectory()
        try Self.writeProject(dir)
        #expect(try folio(["build", "spec.json"], in: dir.url).status == 0)
        let pdf = try runProcess(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-enc", "UTF-8", dir.path("output/md/report.pdf").path, "-"],
                                 in: dir.url).stdout
        let html = try String(contentsOf: dir.path("output/md/report.html"), encoding: .utf8)
        let text = Self.visibleText(html)
        for output in [pdf, text] {
            #expect(output.contains("xoshiro256** (its state expanded"), "\(output)")
            #expect(!output.contains("<sup>") && !output.contains("&lt;") && !output.contains("&#"))
            #expect(!output.contains("\\ln") && !output.contains("$$"))
        }
        #expect(!html.contains("xoshiro256<em>") && !html.contains("xoshiro256*<em>") && !html.contains("<strong> (its state"))
        // The machine's architecture (x86_64 on CI) keeps its underscore.
        var uts = utsname()
        uname(&uts)
        let machine = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        #expect(pdf.contains(machine) && text.contains(machine), "\(machine)")
    }

    /// (A MathML annotation holds the TeX source for copying; browsers do not show it.)
    static func visibleText(_ html: String) -> String {
        var out = ""
        var inTag = false
        let html = html.replacing(/<annotation[^>]*>.*?<\/annotation>/.dotMatchesNewlines(), with: "")
        for c in html {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        // Entities decoded as a browser shows them; `&amp;` last, so an escaped entity stays visible.
        for (entity, c) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            out = out.replacingOccurrences(of: entity, with: c)
        }
        let numeric = try! NSRegularExpression(pattern: "&#([0-9]+);")
        for match in numeric.matches(in: out, range: NSRange(location: 0, length: (out as NSString).length)).reversed() {
            let code = UInt32((out as NSString).substring(with: match.range(at: 1)))!
            out = (out as NSString).replacingCharacters(in: match.range, with: String(Character(Unicode.Scalar(code)!)))
        }
        return out.replacingOccurrences(of: "&amp;", with: "&")
    }
}

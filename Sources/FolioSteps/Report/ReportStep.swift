import Foundation
import FolioCache
import FolioModel
import FolioReport
import FolioRunner

/// The paper: `report.html` and `report.pdf` (plus every table as CSV and JSON) from a declarative
/// `ReportDocument`. Its inputs are inferred from the document, as targets infers dependencies from
/// use: every step whose result the prose or a table quotes, and every figure it shows. The HTML
/// and CSS templates are inputs too, so editing a template rebuilds the report.
///
/// The prose is best written in Markdown (`report.md`, see `MarkdownReport` for the format), read
/// when the analysis is planned rather than compiled in: a prose edit reruns only this step.
/// Figures and tables are declared in Swift and placed by name in the Markdown.
///
/// ```swift
/// Report(markdown: "analyses/Toy/report.md", figures: [ReportFigure(name: "fit-figure", caption: "…")],
///        tables: [ReportTable(name: "summary", …)])
/// Report("report", document: ReportDocument(title: "...", sections: [...]))   // all in Swift
/// ```
public struct Report: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "report"
        /// The document: declared in Swift, or parsed from `markdown` when the analysis is planned.
        public var document: ReportDocument
        public var formats: [String]
        public var selfContained: Bool
        /// The Markdown file of the prose (a project file, or a Folio file for Folio's own analyses);
        /// its content also enters the key as the input `markdown`.
        public var markdown: InputRef?
        /// Figures and tables the Markdown places by name; moved into `document` when it is read.
        public var figures: [ReportFigure]?
        public var tables: [ReportTable]?
    }

    public let spec: StepSpec

    /// The templates every report reads (under Folio's `templates/`).
    public static let templateFiles = ["report.html.mustache", "section.mustache", "figure.mustache", "table.mustache",
                                       "report.css", "print.css"]

    public init(_ name: String = "report", document: ReportDocument, formats: [ReportFormat] = [.html, .pdf], selfContained: Bool = false) {
        var inputs: [String: InputRef] = [:]
        for step in ReportReferences.steps(in: document) { inputs["step:\(step)"] = .step(step) }
        for file in Self.templateFiles { inputs["template:\(file)"] = .folioFile("templates/\(file)") }
        spec = StepSpec(name, Parameters(document: document, formats: formats.map(\.rawValue).sorted(), selfContained: selfContained),
                        inputs: inputs)
    }

    /// A report whose prose is the Markdown file `markdown` (relative to the project root), with the
    /// figures and tables it places by `@figure:<name>` and `@table:<name>` lines.
    public init(_ name: String = "report", markdown: String, figures: [ReportFigure] = [], tables: [ReportTable] = [],
                formats: [ReportFormat] = [.html, .pdf], selfContained: Bool = false) {
        self.init(name, markdownFile: .projectFile(markdown), figures: figures, tables: tables, formats: formats, selfContained: selfContained)
    }

    /// The same with the file as an input reference: Folio's own analyses use
    /// `.folioFile("analyses/Toy/report.md")`, so that they build from any folder.
    public init(_ name: String = "report", markdownFile markdown: InputRef, figures: [ReportFigure] = [], tables: [ReportTable] = [],
                formats: [ReportFormat] = [.html, .pdf], selfContained: Bool = false) {
        var inputs: [String: InputRef] = [Self.markdownInput: markdown]
        for file in Self.templateFiles { inputs["template:\(file)"] = .folioFile("templates/\(file)") }
        spec = StepSpec(name, Parameters(document: ReportDocument(title: "", sections: []), formats: formats.map(\.rawValue).sorted(),
                                         selfContained: selfContained, markdown: markdown, figures: figures, tables: tables),
                        inputs: inputs)
    }

    /// The input naming the Markdown file; `folio preview` watches the project files of a report's inputs.
    public static let markdownInput = "markdown"

    /// The Markdown files a report step reads, as inputs (`FileRoots.url(of:)` locates them): what
    /// an editor loop such as `folio preview` watches.
    public static func markdownFiles(of spec: StepSpec) -> [InputRef] {
        guard spec.kind == Parameters.kind, let file = spec.inputs[markdownInput] else { return [] }
        return [file]
    }
}

/// What a report document refers to: the steps whose results it quotes, and its figures.
enum ReportReferences {
    static func steps(in document: ReportDocument) -> [String] {
        var steps = Set(document.resultReferences.filter { !$0.field.isEmpty }.map(\.step))
        func visit(_ sections: [ReportSection]) {
            for section in sections {
                for case .figure(let figure) in section.blocks { steps.insert(figure.name) }
                visit(section.subsections)
            }
        }
        visit(document.sections)
        visit(document.appendix)
        return steps.filter { !$0.isEmpty }.sorted()
    }
}

struct ReportKind: StepKind {
    typealias Parameters = Report.Parameters
    static let version = 7  // 7: provenance tables and the per-number provenance in provenance.html/.pdf
    static let codeModules = ["FolioReport"]
    /// Every placeholder and table cell, checked against the quoted steps' declared results when planning.
    static func resultReferences(_ p: Parameters) -> [ResultReference] { p.document.resultReferences }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        p.formats.compactMap { ReportFormat(rawValue: $0) == nil ? "parameter 'formats': unknown format '\($0)' (html or pdf)" : nil }
    }

    /// Reads the Markdown (when the prose is written in it): the parsed document, with the figures
    /// and tables placed, becomes the parameters, and every step it quotes or shows an input.
    static func prepare(_ p: Parameters, inputs: [String: InputRef], roots: FileRoots) -> PreparedStep<Parameters>? {
        guard let file = p.markdown, let path = file.path, let url = roots.url(of: file) else { return nil }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            // Planning names the missing file (it is the input 'markdown').
            return PreparedStep(parameters: p, inputs: inputs,
                                problems: FileManager.default.fileExists(atPath: url.path) ? [SpecProblem(path, "cannot read the report's Markdown as UTF-8")] : [])
        }
        let (document, problems) = MarkdownReport.read(text, file: path, figures: p.figures ?? [], tables: p.tables ?? [])
        var prepared = p
        prepared.document = document
        prepared.figures = nil
        prepared.tables = nil
        var allInputs = inputs
        for step in ReportReferences.steps(in: document) { allInputs["step:\(step)"] = .step(step) }
        return PreparedStep(parameters: prepared, inputs: allInputs, problems: problems.map { SpecProblem($0.location, $0.message) })
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        var results: [String: ResultValue] = [:]
        var provenance: [String: FolioReport.StepProvenance] = [:]
        let figures = context.outputDirectory.appendingPathComponent("report-figures")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        for input in context.inputNames where input.hasPrefix("step:") {
            let outputs = try context.outputs(of: input)
            for (field, value) in outputs.results {
                var v = value
                v.step = outputs.stepName
                v.key = outputs.key
                results["\(outputs.stepName).\(field)"] = v
            }
            let figureFolder = outputs.publishedDirectory.appendingPathComponent("figures")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: figureFolder.path)) ?? [] {
                try FileManager.default.copyItem(at: figureFolder.appendingPathComponent(file), to: figures.appendingPathComponent(file))
            }
        }
        for (name, step) in context.upstream {
            provenance[name] = FolioReport.StepProvenance(
                step: name, kind: step.kind, cacheKey: step.key,
                inputs: step.inputs.keys.sorted().map { ProvenanceInput(name: $0, sha256: step.inputs[$0]!) })
        }
        let toolchain = "Swift \(context.toolchain.swift), \(context.toolchain.os)"
            + context.toolchain.libraries.keys.sorted().map { ", \($0) \(context.toolchain.libraries[$0]!)" }.joined()
        var document = p.document
        document.appendix += MethodsAppendix.sections(upstream: context.upstream, analysisSeed: context.analysisSeed,
                                                      toolchain: context.toolchain, folioVersion: FolioRelease.version)
        let inputs = ReportInputs(document: document, results: results, provenance: provenance, figuresDirectory: figures,
                                  analysisName: context.analysisName,
                                  buildInfo: BuildInfo(folioVersion: FolioRelease.version, toolchain: toolchain),
                                  templatesDirectory: try context.file("template:report.css").deletingLastPathComponent())
        // Render beside the figures' published layout (figures/<name>.svg next to report.html), then
        // keep only the report's own files: the figure steps publish the figures themselves.
        let staging = context.outputDirectory.appendingPathComponent("report-staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let stagedFigures = staging.appendingPathComponent("figures")
        try FileManager.default.copyItem(at: figures, to: stagedFigures)
        var staged = inputs
        staged.figuresDirectory = stagedFigures
        do {
            _ = try renderReport(staged, formats: Set(p.formats.compactMap(ReportFormat.init)), selfContained: p.selfContained,
                                 supplement: MethodsAppendix.supplement(title: document.title, upstream: context.upstream), to: staging)
        } catch let error as ReportError {
            // Not the problems' own descriptions: those start with "error: report:", which the runner's
            // "error: step 'report':" already says.
            throw SpecProblems(error.problems.map { SpecProblem($0.location, $0.message) })
        }
        try FileManager.default.removeItem(at: stagedFigures)
        try FileManager.default.removeItem(at: figures)
        for item in try FileManager.default.contentsOfDirectory(atPath: staging.path) {
            try FileManager.default.moveItem(at: staging.appendingPathComponent(item), to: context.publishDirectory.appendingPathComponent(item))
        }
        try FileManager.default.removeItem(at: staging)
    }
}

/// The Folio release that reports name (builds also record `git describe` in their manifest).
public enum FolioRelease {
    public static let version = "0.1.0-dev"
}

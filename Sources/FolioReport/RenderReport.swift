import Foundation
import FolioCache
import FolioModel

/// Builds the report: resolves every number and reference, then writes `report.html` and/or
/// `report.pdf` and every table as `tables/<name>.csv` and `tables/<name>.json` into `directory`.
///
/// - Parameters:
///   - formats: which of HTML and PDF to write; tables are always written.
///   - selfContained: inline the CSS and figures into `report.html` (one file for mailing);
///     otherwise the page links `assets/report.css`, `assets/print.css` (written next to it) and
///     the figure files in place.
/// - Returns: the files written, sorted by path.
/// - Throws: ``ReportError`` listing every problem in the document (unknown results, dangling
///   references, missing figure files, unit mismatches), each on one line, before anything is
///   written; ``ReportOutputError`` if a file cannot be read or written.
public func renderReport(_ inputs: ReportInputs, formats: Set<ReportFormat> = [.html, .pdf],
                         selfContained: Bool = false, supplement: ReportDocument? = nil, to directory: URL) throws -> [URL] {
    var report = try ReportResolver.resolve(inputs)
    var written: [URL] = []
    // The supplement (long provenance tables, and the list of every number's step, cache key and
    // inputs) is a document of its own, provenance.html/.pdf: a journal's supplementary material,
    // linked from the report, whose numbers link into it.
    var supplementReport: ResolvedReport?
    if let supplement {
        var supplementInputs = inputs
        supplementInputs.document = supplement
        var resolved = try ReportResolver.resolve(supplementInputs)
        resolved.provenance = report.provenance
        supplementReport = resolved
        report.provenanceSupplement = .standard
    }
    written += try writeReport(report, inputs: inputs, formats: formats, selfContained: selfContained, baseName: "report", to: directory)
    if let supplementReport {
        var supplementInputs = inputs
        supplementInputs.document = supplement!
        written += try writeReport(supplementReport, inputs: supplementInputs, formats: formats, selfContained: selfContained,
                                   baseName: "provenance", to: directory)
    }
    return Array(Set(written)).sorted { $0.path < $1.path }
}

/// One document as `<baseName>.html` / `.pdf`, with its tables as CSV and JSON.
private func writeReport(_ report: ResolvedReport, inputs: ReportInputs, formats: Set<ReportFormat>, selfContained: Bool,
                         baseName: String, to directory: URL) throws -> [URL] {
    var written: [URL] = []
    for table in report.sections.allTables + report.appendix.allTables {
        let csv = directory.appendingPathComponent("tables/\(table.name).csv")
        let json = directory.appendingPathComponent("tables/\(table.name).json")
        try writeAtomically(TableExport.csv(table), to: csv)
        try writeAtomically(try TableExport.json(table), to: json)
        written += [csv, json]
    }

    if formats.contains(.html) {
        let templates = try TemplateSet(directory: inputs.templatesDirectory ?? TemplateSet.defaultDirectory)
        let html = try HTMLRenderer(report: report, inputs: inputs, templates: templates,
                                    selfContained: selfContained, outputDirectory: directory).render()
        let page = directory.appendingPathComponent("\(baseName).html")
        try writeAtomically(html, to: page)
        written.append(page)
        if !selfContained {
            let css = directory.appendingPathComponent(HTMLRenderer.cssPath)
            let printCSS = directory.appendingPathComponent(HTMLRenderer.printCSSPath)
            try writeAtomically(templates.screenCSS, to: css)
            try writeAtomically(templates.printCSS, to: printCSS)
            written += [css, printCSS]
        }
    }

    if formats.contains(.pdf) {
        let pdf = directory.appendingPathComponent("\(baseName).pdf")
        let data = try PDFRenderer(report: report, inputs: inputs).render()
        try writeAtomically(data, to: pdf)
        written.append(pdf)
    }
    return written
}

extension [ResolvedSection] {
    /// Every table in reading order, subsections included.
    var allTables: [ResolvedTable] {
        flatMap { section -> [ResolvedTable] in
            section.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } } + section.subsections.allTables
        }
    }
}

/// Folio's atomic write (temporary file, fsync, rename), with failures reported as report errors
/// that name the file.
private func writeAtomically(_ data: Data, to url: URL) throws {
    do {
        try AtomicFile.write(data, to: url)
    } catch {
        throw ReportOutputError(path: url.path, message: "cannot write: \(error.localizedDescription)")
    }
}

private func writeAtomically(_ text: String, to url: URL) throws {
    try writeAtomically(Data(text.utf8), to: url)
}

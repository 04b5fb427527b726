import FolioCache
import FolioModel
import FolioReport
import FolioRunner

/// The appendix every report ends with, generated from the specs rather than written by hand (as
/// showyourwork and targets make provenance a by-product of the build): every step behind the
/// report with its kind, parameters and seed; every input file with its size and SHA-256; the
/// toolchain. What the prose says about the method can drift from the code; this cannot.
enum MethodsAppendix {
    /// Parameter values longer than this are cut; `manifest.json` holds them in full.
    static let maximumValueLength = 160

    static func sections(upstream: [String: FolioRunner.StepProvenance], analysisSeed: UInt64, toolchain: Toolchain,
                         folioVersion: String) -> [ReportSection] {
        let steps = upstream.values.sorted { $0.name < $1.name }
        let files = inputFiles(steps)
        let libraries = toolchain.libraries.keys.sorted().map { "\($0) \(toolchain.libraries[$0]!)" }.joined(separator: ", ")
        let supplement = "the supplementary file provenance.pdf (provenance.html beside report.html)"
        let filesSentence = files.isEmpty ? "The steps read no input files. "
            : "The supplement also lists every input file with its size and SHA-256; `folio verify` checks them before it rebuilds. "
        let random = steps.filter { $0.seed != nil }.count
        let bytes = files.values.reduce(0) { $0 + Int($1.bytes) }
        let summary: [[TableCell]] = [
            [.text("Steps behind the numbers"), .text(String(steps.count))],
            [.text("of which draw random numbers"), .text(String(random))],
            [.text("Input files read"), .text(String(files.count))],
            [.text("Bytes read"), .text(grouped(bytes))],
            [.text("Analysis seed"), .text(String(analysisSeed))],
            [.text("Folio"), .text(code(folioVersion))],
            [.text("Swift"), .text(code(toolchain.swift))],
            [.text("Operating system"), .text(escape(toolchain.os))],
        ]
        let blocks: [ReportBlock] = [
                .prose("""
                    This appendix is generated from the analysis specification by the build; nothing in it is \
                    written by hand. @tab:methods-summary summarises the build; \(supplement) lists every step \
                    behind the numbers of this report with its parameters (selections, trial counts, model choices) \
                    and, for steps that draw random numbers, the seed of chunk 0 of its first trial set, and every \
                    number of the report links to its step's entry there. The analysis seed is \(analysisSeed); \
                    \(seedSentence(analysisSeed)). \
                    Draws a step makes once while preparing its trials (pseudo-data sets) use chunk 0 of a set named \
                    "prepare:" followed by the draw's name. Every random step draws only through this, so any trial can be regenerated alone, on any \
                    machine. \(filesSentence)Built by Folio \(escape(folioVersion)) with \
                    Swift \(escape(toolchain.swift)) on \(escape(toolchain.os)); libraries: \(escape(libraries)). Full parameters are in \
                    `manifest.json`.
                    """),
                .table(ReportTable(name: "methods-summary", caption: "The build in numbers; the supplement lists every step and file.",
                                   columns: [.text("Quantity"), .text("Value")], rows: summary)),
        ]
        return [ReportSection(id: "methods-appendix", title: "Methods and provenance", blocks: blocks)]
    }

    /// The supplementary document (provenance.html/.pdf): every step with its kind, parameters and
    /// seed, every input file with its size and SHA-256; the renderer adds every number's step,
    /// cache key and inputs.
    static func supplement(title: String, upstream: [String: FolioRunner.StepProvenance]) -> ReportDocument {
        let steps = upstream.values.sorted { $0.name < $1.name }
        let stepRows = steps.map { step -> [TableCell] in
            let seed = step.seed.map { hex($0) } ?? "—"
            return [.text(code(step.name)), .text(code(step.kind)), .text(parameterSummary(step.parameters)), .text(code(seed))]
        }
        let files = inputFiles(steps)
        let fileRows = files.keys.sorted().map { path -> [TableCell] in
            let file = files[path]!
            return [.text(code(path)), .text(grouped(file.bytes)), .text(code(file.sha256))]
        }
        var sections = [ReportSection(id: "methods-steps-section", title: "Steps", blocks: [
            .table(ReportTable(name: "methods-steps", caption: "The steps behind the report: kind, parameters (long values shortened; manifest.json holds them in full) and the seed of chunk 0 of the first trial set (hexadecimal).",
                               columns: [.text("Step"), .text("Kind"), .text("Parameters"), .text("Seed")], rows: stepRows)),
        ])]
        if !fileRows.isEmpty {
            sections.append(ReportSection(id: "methods-files-section", title: "Input files", blocks: [
                .table(ReportTable(name: "methods-files", caption: "Input files read by the build, with size in bytes and SHA-256.",
                                   columns: [.text("File"), .text("Bytes"), .text("SHA-256")], rows: fileRows)),
            ]))
        }
        return ReportDocument(title: "Supplementary provenance: " + title,
                              abstract: "Generated by the build, as supplementary material of the report: every step behind its numbers, every input file, and for every number the step that computed it with that step's cache key and inputs.",
                              sections: sections)
    }

    private static func inputFiles(_ steps: [FolioRunner.StepProvenance]) -> [String: FileRecord] {
        var files: [String: FileRecord] = [:]
        for step in steps { for file in step.files { files[file.path] = file } }
        return files
    }

    /// `SeedDerivation.sentence` for this analysis seed, escaped: generated text is plain text, never
    /// Markdown (`xoshiro256**` would open bold text).
    static func seedSentence(_ analysisSeed: UInt64) -> String {
        escape(SeedDerivation.sentence.replacingOccurrences(of: "<analysis seed>", with: String(analysisSeed)))
    }

    /// Generated text (toolchain, versions, the seed sentence) as literal text inside Markdown prose.
    static func escape(_ text: String) -> String { MarkdownEscaping.escape(text) }

    /// `key = value; …` with values in canonical JSON (strings bare), as Markdown code spans so
    /// that underscores and asterisks in paths and names stay literal.
    static func parameterSummary(_ parameters: JSONValue) -> String {
        guard case .object(let fields) = parameters else { return code(shortened(parameters.canonicalString)) }
        if fields.isEmpty { return "—" }
        // A zero-width space after each comma and colon of a value lets a narrow column break a
        // long JSON value between its elements instead of inside a number or a name.
        return fields.keys.sorted().map { key in
            "\(key) = \(code(shortened(PlainText.withUnicodeScripts(display(fields[key]!))).replacingOccurrences(of: ",", with: ",\u{200B}").replacingOccurrences(of: ":", with: ":\u{200B}")))"
        }.joined(separator: "; ")
    }

    /// Digits in groups of three with thin spaces (SI style): "58 108 832".
    static func grouped(_ n: some BinaryInteger) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append("\u{2009}") }
            out.append(d)
        }
        return out
    }

    private static func code(_ text: String) -> String {
        text == "—" ? text : "`" + text.replacingOccurrences(of: "`", with: "'") + "`"
    }

    private static func display(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.canonicalString
    }

    private static func shortened(_ text: String) -> String {
        text.count > maximumValueLength ? String(text.prefix(maximumValueLength - 1)) + "…" : text
    }

    private static func hex(_ seed: UInt64) -> String {
        let digits = String(seed, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

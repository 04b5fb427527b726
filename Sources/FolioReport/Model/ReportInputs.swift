import Foundation
import FolioModel

/// Everything the report step needs, handed over by the runner.
public struct ReportInputs: Sendable {
    public var document: ReportDocument
    /// `results.json`: "<step>.<field>" -> value.
    public var results: [String: ResultValue]
    /// Step name -> how that step's outputs were made (from the manifest).
    public var provenance: [String: StepProvenance]
    /// Folder holding `<figure>.svg`, `<figure>.png` (and `<figure>.pdf`).
    public var figuresDirectory: URL
    public var analysisName: String
    public var buildInfo: BuildInfo
    /// Folder of the Mustache templates and CSS; `nil` uses the repository's `templates/`.
    public var templatesDirectory: URL?

    public init(document: ReportDocument, results: [String: ResultValue],
                provenance: [String: StepProvenance] = [:], figuresDirectory: URL,
                analysisName: String, buildInfo: BuildInfo, templatesDirectory: URL? = nil) {
        self.document = document
        self.results = results
        self.provenance = provenance
        self.figuresDirectory = figuresDirectory
        self.analysisName = analysisName
        self.buildInfo = buildInfo
        self.templatesDirectory = templatesDirectory
    }
}

/// The provenance of one step, as recorded in `manifest.json`.
public struct StepProvenance: Codable, Hashable, Sendable {
    public var step: String
    public var kind: String
    /// The step's cache key (hex SHA-256).
    public var cacheKey: String
    public var inputs: [ProvenanceInput]

    public init(step: String, kind: String, cacheKey: String, inputs: [ProvenanceInput] = []) {
        self.step = step
        self.kind = kind
        self.cacheKey = cacheKey
        self.inputs = inputs
    }
}

/// One input of a step: a data file or another step's output, with its content hash.
public struct ProvenanceInput: Codable, Hashable, Sendable {
    public var name: String
    public var sha256: String

    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// What built the report; printed in the colophon (no dates, so the output stays deterministic).
public struct BuildInfo: Codable, Hashable, Sendable {
    public var folioVersion: String
    public var toolchain: String

    public init(folioVersion: String, toolchain: String) {
        self.folioVersion = folioVersion
        self.toolchain = toolchain
    }
}

/// The formats `renderReport` can write.
public enum ReportFormat: String, Codable, Hashable, Sendable, CaseIterable {
    case html, pdf
}

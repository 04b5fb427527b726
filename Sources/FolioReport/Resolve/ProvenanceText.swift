import FolioModel

/// How the provenance of one number is described in tooltips and the PDF appendix.
enum ProvenanceText {
    /// "results.fit.flux · step fit (template-fit) · key 3fa2c1d09b7e… · inputs: events 12ab34cd…".
    static func tooltip(key: String, result: ResultValue, provenance: [String: StepProvenance]) -> String {
        var parts = ["results.\(key)"]
        if let step = result.step {
            let kind = provenance[step].map { " (\($0.kind))" } ?? ""
            parts.append("step \(step)\(kind)")
        }
        if let cacheKey = result.key ?? result.step.flatMap({ provenance[$0]?.cacheKey }) {
            parts.append("key \(short(cacheKey))")
        }
        if let step = result.step, let inputs = provenance[step]?.inputs, !inputs.isEmpty {
            parts.append("inputs: " + inputs.sorted { $0.name < $1.name }.map { "\($0.name) \(short($0.sha256))" }
                .joined(separator: ", "))
        }
        return parts.joined(separator: " · ")
    }

    static func short(_ hash: String) -> String { hash.count > 12 ? String(hash.prefix(12)) + "…" : hash }
}

import FolioModel
import FolioRunner
import FolioSteps

/// What a `folio` command line knows: the analyses it builds by name and the step kinds it runs.
/// `FolioCommand.main(analyses:defaultAnalyses:kinds:)` sets it once, before arguments are parsed.
public struct FolioSetup: Sendable {
    /// Every analysis buildable by name, in `folio list` order.
    public var analyses: [Analysis]
    /// What `folio build` builds when no analysis is named.
    public var defaultAnalyses: [Analysis]
    /// The standard kinds merged with the package's own.
    public var registry: StepRegistry

    public init(analyses: [Analysis], defaultAnalyses: [Analysis]? = nil, kinds: [any StepKind.Type] = []) {
        self.analyses = analyses
        self.defaultAnalyses = defaultAnalyses ?? analyses
        self.registry = StandardKinds.registry.merging(StepRegistry(kinds))
    }

    /// Duplicate kind names and analysis names, one line each.
    public var problems: [String] {
        var lines = Set(registry.duplicates).sorted().map {
            "step kind '\($0)' is registered twice (a kind of the package clashes with another or with a standard kind)"
        }
        var seen: Set<String> = []
        for a in analyses where !seen.insert(a.name).inserted { lines.append("analysis '\(a.name)' is listed twice") }
        return lines
    }

    /// Set by `FolioCommand.main` before any command runs and never changed afterwards; the
    /// commands are built by argument-parser, which has no way to hand them a value.
    nonisolated(unsafe) static var current = FolioSetup(analyses: [])
}

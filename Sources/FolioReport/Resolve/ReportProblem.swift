/// One thing wrong with a report: where it is and what is wrong, printed on one line.
public struct ReportProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where in the document, e.g. `section 'results', paragraph block 2` or `table 'fluxes', row 3`.
    public var location: String
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "error: report: \(location): \(message)" }
}

/// All problems found while resolving a report, reported together (one line each) rather than
/// stopping at the first.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var problems: [ReportProblem]

    public init(problems: [ReportProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Failures of writing the output (a template that does not parse, a figure librsvg cannot read).
public struct ReportOutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// No "error: " here: it reaches the user inside the runner's "error: step 'report': ...".
    public var description: String { "\(path): \(message)" }
}

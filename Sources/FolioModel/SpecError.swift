/// A user error: something wrong with an analysis, its parameters or its inputs.
///
/// Each problem prints as one line that names the culprit (`step 'fit': parameter 'gamma': ...`,
/// `data/x.csv:12: ...`). The runner collects every problem it can find before it stops, so a user
/// fixes them all in one round.
public struct SpecProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where: `step 'fit'`, `analysis 'toy'`, `file 'x.csv':12` ...
    public var location: String
    public var message: String

    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    /// A data file or folder the analysis reads does not exist.
    public var isMissingInput: Bool { message.contains(": file not found: ") || message.contains(": folder not found: ") }
}

/// Several problems found at once.
public struct SpecProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [SpecProblem]
    public init(_ problems: [SpecProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A problem in an input file, with its line when one applies.
public struct InputFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String
    public init(path: String, line: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}

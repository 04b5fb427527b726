import FolioRunner

/// The background test-statistic distribution a trial step writes (`ToyTrials`, `TemplateFit`,
/// `PointSourceSearch`) and others read (`TSDistributionFigure`, `ExposureProjection`): one type
/// and one file name instead of a string each side. Stored as a plain JSON array of TS values in
/// trial order.
public struct TrialDistribution: Codable, Sendable {
    public static let fileName = "ts.json"
    public var ts: [Double]

    public init(ts: [Double]) { self.ts = ts }
    public init(from decoder: Decoder) throws { ts = try decoder.singleValueContainer().decode([Double].self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(ts)
    }

    func write(in context: StepContext) throws { try context.writeJSON(self, to: Self.fileName) }
    static func read(input: String, in context: StepContext) throws -> TrialDistribution {
        try context.readJSON(TrialDistribution.self, input: input, file: fileName)
    }
}

/// What a template fit passes on besides its results: the spectral index it fitted with (read by
/// the projection), written as `fit.json`.
public struct TemplateFitOutput: Codable, Sendable {
    public static let fileName = "fit.json"
    public var gamma: Double
    public var ns: Double
    public var ts: Double

    func write(in context: StepContext) throws { try context.writeJSON(self, to: Self.fileName) }
    static func read(input: String, in context: StepContext) throws -> TemplateFitOutput {
        try context.readJSON(TemplateFitOutput.self, input: input, file: fileName)
    }
}

import FolioRunner

/// A typed private output one step writes and the steps downstream read, under one file name, so
/// no string key crosses kinds.
public protocol StepOutputFile: Codable, Sendable {
    static var fileName: String { get }
}

extension StepOutputFile {
    func write(in context: StepContext) throws { try context.writeJSON(self, to: Self.fileName) }
    static func read(input: String, in context: StepContext) throws -> Self {
        try context.readJSON(Self.self, input: input, file: fileName)
    }
}

/// The background test-statistic distribution a trial step writes (`ToyTrials`, `TemplateFit`,
/// `PointSourceSearch`) and others read (`TSDistributionFigure`, `ExposureProjection`): one type
/// and one file name instead of a string each side. Stored as a plain JSON array of TS values in
/// trial order.
public struct TrialDistribution: StepOutputFile {
    public static let fileName = "ts.json"
    public var ts: [Double]

    public init(ts: [Double]) { self.ts = ts }
    public init(from decoder: Decoder) throws { ts = try decoder.singleValueContainer().decode([Double].self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(ts)
    }

}

/// What a template fit passes on to the steps that build on it (projection, hadronic check, flux
/// figure), written as `fit.json`: typed fields instead of result names read across kinds. The
/// same numbers are in results.json for reports.
public struct TemplateFitOutput: StepOutputFile {
    public static let fileName = "fit.json"
    /// The spectral index the fit used.
    public var gamma: Double
    public var ns: Double
    public var ts: Double
    /// Best-fit all-sky per-flavour dN/dE at 100 TeV (GeV⁻¹ cm⁻² s⁻¹) with its 68% interval.
    public var flux100TeV: Double
    public var flux100TeVMinus: Double
    public var flux100TeVPlus: Double
    /// The 90% CL upper limit on the same, and whether it is only a lower bound (above the grid).
    public var upperLimit100TeV: Double
    public var upperLimitAboveGrid: Bool

}

/// What `data.publishedFlux` passes on (`published.json`): a published single power law, for the
/// steps that inject or compare with it (the projection, the hadronic check).
public struct PublishedFluxOutput: StepOutputFile {
    public static let fileName = "published.json"
    /// All-sky per-flavour dN/dE at 100 TeV (GeV⁻¹ cm⁻² s⁻¹) and its 68% band.
    public var flux100TeV: Double
    public var flux100TeVMinus: Double
    public var flux100TeVPlus: Double
    /// The spectral index of the published power law.
    public var gamma: Double

}

/// What `icecube.spectralProfile` passes on besides its profile (`profile.json`): the index the
/// template fit uses, which the profile figure marks.
public struct SpectralProfileOutput: StepOutputFile {
    public static let fileName = "profile-fit.json"
    public var fitGamma: Double

}

import FolioRunner

/// Unbinned maximum-likelihood fit of the signal fraction of a toy sample.
public struct ToyFit: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "toy.fit"
    }

    public let spec: StepSpec

    public init(_ name: String, on sample: StepRef) {
        spec = StepSpec(name, Parameters(), inputs: ["sample": .step(sample.name)])
    }
}

/// The fit result as a private output (`fit.json`), read by the trials step.
public struct ToyFitResult: Codable, Sendable {
    public var shapes: ToyShapes
    public var events: Int
    public var signalFraction: Double
    public var testStatistic: Double
}

struct ToyFitKind: StepKind {
    typealias Parameters = ToyFit.Parameters
    static let version = 1
    static func resultNames(_: Parameters) -> Set<String> {
        ["signalFraction", "signalEvents", "testStatistic"]
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let sample = try context.readJSON(ToySampleData.self, input: "sample", file: "sample.json")
        let (f, ts) = sample.shapes.fit(sample.x)
        let (lo, hi) = sample.shapes.interval(sample.x, best: f)
        try context.writeJSON(ToyFitResult(shapes: sample.shapes, events: sample.x.count, signalFraction: f, testStatistic: ts),
                              to: "fit.json")
        context.record("signalFraction", ResultValue(f, unit: .dimensionless, minus: f - lo, plus: hi - f, kind: .fitParameter))
        context.record("signalEvents", ResultValue(f * Double(sample.x.count), unit: .events,
                                                   minus: (f - lo) * Double(sample.x.count), plus: (hi - f) * Double(sample.x.count),
                                                   kind: .fitParameter))
        context.record("testStatistic", ResultValue(ts, unit: .dimensionless, kind: .testStatistic))
    }
}

import FolioRunner
import FolioStatistics

/// Draws the toy data set: `events` values, a fraction `signalFraction` of them from the signal peak.
public struct ToySample: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "toy.sample"
        public var events: Int
        public var signalFraction: Double
        public var shapes: ToyShapes
    }

    public let spec: StepSpec

    public init(_ name: String, events: Int = 2000, signalFraction: Double = 0.05, shapes: ToyShapes = ToyShapes()) {
        spec = StepSpec(name, Parameters(events: events, signalFraction: signalFraction, shapes: shapes))
    }
}

/// The toy sample as a private output (`sample.json`).
public struct ToySampleData: Codable, Sendable {
    public var shapes: ToyShapes
    public var x: [Double]
}

/// Splittable like every random kind: one trial set "sample" of one trial (the sample), so its
/// draws come from the runner's seeding like everyone's.
struct ToySampleKind: SplittableStepKind {
    typealias Parameters = ToySample.Parameters
    static let version = 2  // 2: drawn from the "sample" trial set's chunk 0
    static let codeModules = ["FolioStatistics"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["events", "injectedSignal"]
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems = p.shapes.problems
        if p.events < 1 { problems.append("parameter 'events' must be at least 1, found \(p.events)") }
        if !(0...1).contains(p.signalFraction) {
            problems.append("parameter 'signalFraction' must lie in [0, 1], found \(p.signalFraction)")
        }
        return problems
    }

    static func trialPlan(_ p: Parameters) -> TrialPlan { TrialPlan([TrialSet("sample", trials: 1, chunkSize: 1)]) }

    static func prepare(_ p: Parameters, in context: StepContext) throws {}

    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared: Void, in context: StepContext) -> [Double] {
        var rng = chunk.generator()
        let signal = Int((Double(p.events) * p.signalFraction).rounded())
        var x: [Double] = []
        x.reserveCapacity(p.events)
        for _ in 0..<signal { x.append(p.shapes.drawSignal { rng.nextUniform() }) }
        for _ in signal..<p.events { x.append(p.shapes.drawBackground(rng.nextUniform())) }
        return x
    }

    static func finish(_ p: Parameters, chunks: [[Double]], prepared: Void, in context: StepContext) throws {
        let x = chunks[0]
        let signal = Int((Double(p.events) * p.signalFraction).rounded())
        try context.writeJSON(ToySampleData(shapes: p.shapes, x: x), to: "sample.json")
        context.record("events", ResultValue(Double(x.count), unit: .events, kind: .count))
        context.record("injectedSignal", ResultValue(Double(signal), unit: .events, kind: .count))
    }
}

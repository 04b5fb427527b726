import Foundation
import FolioRunner
import FolioStatistics

/// Background-only pseudo-experiments of a toy fit: the TS distribution and the observed p-value.
///
/// One trial set, "background", in chunks of `chunkSize`; each chunk draws from the generator the
/// runner seeds for it, so the trial array is the same however many threads (or machines) run the chunks.
public struct ToyTrials: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "toy.trials"
        public var trials: Int
        public var chunkSize: Int
    }

    public let spec: StepSpec

    public init(_ name: String, of fit: StepRef, trials: Int = 1000, chunkSize: Int = 100) {
        spec = StepSpec(name, Parameters(trials: trials, chunkSize: chunkSize), inputs: ["fit": .step(fit.name)])
    }
}

/// Splittable: chunk c of "background" holds trials c·chunkSize ..< (c+1)·chunkSize; `finish` merges
/// the chunks in order (local executor or Slurm job array alike).
struct ToyTrialsKind: SplittableStepKind {
    typealias Parameters = ToyTrials.Parameters
    static let version = 2  // 2: seeds per trial set (SeedDerivation with the set name)
    static let codeModules = ["FolioStatistics"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["trials", "significanceAsymptotic", "pValue", "significance"]
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.trials < 1 { problems.append("parameter 'trials' must be at least 1, found \(p.trials)") }
        if p.chunkSize < 1 { problems.append("parameter 'chunkSize' must be at least 1, found \(p.chunkSize)") }
        return problems
    }

    static func trialPlan(_ p: Parameters) -> TrialPlan { TrialPlan([TrialSet("background", trials: p.trials, chunkSize: p.chunkSize)]) }

    static func prepare(_ p: Parameters, in context: StepContext) throws -> ToyFitResult {
        try context.readJSON(ToyFitResult.self, input: "fit", file: "fit.json")
    }

    /// TS of the background-only pseudo-experiments of chunk `chunk`.
    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared fit: ToyFitResult, in context: StepContext) -> [Double] {
        var rng = chunk.generator()
        return chunk.trials.map { _ in
            let xs = (0..<fit.events).map { _ in fit.shapes.drawBackground(rng.nextUniform()) }
            return fit.shapes.fit(xs).ts
        }
    }

    static func finish(_ p: Parameters, chunks: [[Double]], prepared fit: ToyFitResult, in context: StepContext) throws {
        let values = chunks.flatMap { $0 }
        let exceeding = values.filter { $0 >= fit.testStatistic }.count
        try TrialDistribution(ts: values).write(in: context)
        var csv = "trial,ts\n"
        for (i, t) in values.enumerated() { csv += "\(i),\(t)\n" }
        try context.publish(Data(csv.utf8), as: "tables/\(context.stepName)-ts.csv")

        context.record("trials", ResultValue(Double(p.trials), unit: .trials, kind: .count))
        // Wilks/Chernoff: for one parameter on a boundary, TS follows ½χ²₀ + ½χ²₁, so Z = √TS.
        context.record("significanceAsymptotic", ResultValue(fit.testStatistic.squareRoot(), unit: .sigma, kind: .significance))
        if exceeding == 0 {
            // No trial reached the observed TS: only a bound on p (and on the significance) is known.
            let bound = 1 / Double(p.trials)
            context.record("pValue", .upperLimit(bound, unit: .dimensionless, confidenceLevel: 0.5, kind: .pValue))
            context.record("significance", ResultValue(oneSidedSigma(pValue: bound), unit: .sigma, kind: .significance))
        } else {
            let pValue = Double(exceeding) / Double(p.trials)
            context.record("pValue", ResultValue(pValue, unit: .dimensionless, kind: .pValue))
            context.record("significance", ResultValue(oneSidedSigma(pValue: pValue), unit: .sigma, kind: .significance))
        }
    }
}

import Foundation
import FolioRunner

/// The background TS distributions of trial steps against their asymptotic expectation. For a fit of
/// one parameter bounded at 0 (nₛ ≥ 0) the TS of background trials follows ½δ(0) + ½χ²₁ (Chernoff),
/// so P(TS > t) = ½ erfc(√(t/2)) for t ≥ 0. The step counts the trials above each threshold of every
/// input's `ts.json` (`TrialDistribution`, written by `TemplateFit`, `PointSourceSearch`, `ToyTrials`).
///
/// Results, per input label X and threshold k = 1, 2, …: `XCountAbove<k>` (trials with TS > t_k),
/// `XAbove<k>` (their fraction ± its binomial standard error), `XTrials`; per threshold
/// `threshold<k>` and `expectedAbove<k>` (the ½δ(0) + ½χ²₁ fraction).
public struct BackgroundTSCheck: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "statistics.backgroundTSCheck"
        /// The trial steps' labels (their input names; letters and digits).
        public var inputs: [String]
        /// TS thresholds t_k (ascending, ≥ 0).
        public var thresholds: [Double]
    }

    public let spec: StepSpec

    /// `trials`: (label, trial step) pairs.
    public init(_ name: String, trials: [(String, StepRef)], thresholds: [Double] = [0, 1, 2.71, 4]) {
        spec = StepSpec(name, Parameters(inputs: trials.map(\.0), thresholds: thresholds),
                        inputs: Dictionary(uniqueKeysWithValues: trials.map { ($0.0, InputRef.step($0.1.name)) }))
    }

    /// ½δ(0) + ½χ²₁: P(TS > t) for t ≥ 0.
    public static func halfChiSquareOneTail(_ t: Double) -> Double { 0.5 * erfc((max(0, t) / 2).squareRoot()) }
}

struct BackgroundTSCheckKind: StepKind {
    typealias Parameters = BackgroundTSCheck.Parameters
    static let version = 1

    static func resultNames(_ p: Parameters) -> Set<String> {
        var names: Set<String> = []
        for k in p.thresholds.indices {
            names.formUnion(["threshold\(k + 1)", "expectedAbove\(k + 1)"])
            for x in p.inputs { names.formUnion(["\(x)CountAbove\(k + 1)", "\(x)Above\(k + 1)"]) }
        }
        for x in p.inputs { names.insert("\(x)Trials") }
        return names
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.inputs.isEmpty { problems.append("parameter 'inputs' names no trial step") }
        if p.thresholds.isEmpty || p.thresholds != p.thresholds.sorted() || p.thresholds.contains(where: { !($0 >= 0) }) {
            problems.append("parameter 'thresholds' must be ascending and >= 0, found \(p.thresholds)")
        }
        for x in p.inputs where inputs[x] == nil { problems.append("input '\(x)' is missing") }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        for (k, t) in p.thresholds.enumerated() {
            context.record("threshold\(k + 1)", ResultValue(t, unit: .dimensionless, kind: .testStatistic))
            context.record("expectedAbove\(k + 1)", ResultValue(BackgroundTSCheck.halfChiSquareOneTail(t), unit: .dimensionless, kind: .quantity))
        }
        for x in p.inputs {
            let ts = try TrialDistribution.read(input: x, in: context).ts
            guard !ts.isEmpty else { throw InputFileError(path: "\(x)/\(TrialDistribution.fileName)", "no trials") }
            let n = Double(ts.count)
            context.record("\(x)Trials", ResultValue(n, unit: .trials, kind: .count))
            for (k, t) in p.thresholds.enumerated() {
                let count = Double(ts.filter { $0 > t }.count), f = count / n
                let error = (f * (1 - f) / n).squareRoot()
                context.record("\(x)CountAbove\(k + 1)", ResultValue(count, unit: .trials, kind: .count))
                context.record("\(x)Above\(k + 1)", ResultValue(f, unit: .dimensionless, minus: error, plus: error, kind: .quantity))
            }
        }
    }
}

import FolioRunner
import FolioStatistics

/// The post-trial significance of the best of several tests (Šidák: 1 − (1 − p_min)^n), as the
/// Galactic-plane paper does over its three template hypotheses.
public struct TrialCorrection: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "stats.trialCorrection"
        /// The result field holding each test's pre-trial p-value.
        public var field: String
        public var tests: [String]
    }

    public let spec: StepSpec

    public init(_ name: String, of tests: [StepRef], field: String = "pValue") {
        var inputs: [String: InputRef] = [:]
        for t in tests { inputs[t.name] = .step(t.name) }
        spec = StepSpec(name, Parameters(field: field, tests: tests.map(\.name)), inputs: inputs)
    }
}

struct TrialCorrectionKind: StepKind {
    typealias Parameters = TrialCorrection.Parameters
    static let version = 1
    static let codeModules = ["FolioStatistics"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["hypotheses", "preTrialPValue", "pValue", "significance"]
    }

    /// The p-value each test records, checked against the tests' declared results when planning,
    /// so a misspelt `field` fails before any trial runs.
    static func resultReferences(_ p: Parameters) -> [ResultReference] {
        p.tests.map { ResultReference(location: "parameter 'field'", text: "\($0).\(p.field)", step: $0, field: p.field) }
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        p.tests.isEmpty ? ["parameter 'tests' must name at least one step"] : []
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        var best: (test: String, p: Double)?
        for test in p.tests {
            guard let value = try context.outputs(of: test).results[p.field]?.value else {
                throw SpecProblem("step '\(context.stepName)'", "step '\(test)' has no result '\(p.field)'")
            }
            if best == nil || value < best!.p { best = (test, value) }
        }
        let corrected = Significance(pValue: best!.p).trialCorrected(hypotheses: p.tests.count)
        context.record("hypotheses", ResultValue(Double(p.tests.count), unit: .dimensionless, kind: .count))
        context.record("preTrialPValue", ResultValue(best!.p, unit: .dimensionless, kind: .pValue))
        context.record("pValue", ResultValue(corrected.pValue, unit: .dimensionless, kind: .pValue))
        context.record("significance", ResultValue(corrected.sigma.isFinite ? corrected.sigma : 0, unit: .sigma, kind: .significance))
        context.notice("most significant test: \(best!.test)")
    }
}

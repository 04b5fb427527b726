import Foundation
import FolioIceCube
import FolioRunner
import FolioSky
import FolioStatistics

/// Injection and recovery of a template's signal, in the build: for each injected mean, trials of
/// RA-scrambled data plus Poisson(mean) signal events drawn from the detector response (effective area
/// × smearing, each pixel with its own spectrum), fitted with the same likelihood as `TemplateFit`.
/// The bias of nₛ is what the method section quotes, so it is measured on the flagship's own
/// configuration (template, nside, data) rather than quoted from a study elsewhere.
///
/// Results, per strength k = 1, 2, …: `injected<k>` (Poisson mean, events), `meanInjected<k>` (mean
/// drawn count), `meanNs<k>`, `bias<k>` (mean of n̂ₛ − injected count, events, ± its standard error),
/// `relativeBias<k>` (bias / mean, ± its standard error) and `trials`.
public struct InjectionRecovery: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.injectionRecovery"
        /// Poisson means of the injected signal (events).
        public var means: [Double]
        public var trials: Int
        public var chunkSize: Int
    }

    public let spec: StepSpec

    /// `data`: an `IceCubeData` step; `template`: a `GalacticTemplate` or `PlaneBandTemplate` step.
    public init(_ name: String, data: StepRef, template: StepRef, means: [Double], trials: Int = 400, chunkSize: Int = 50) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        inputs["template"] = .step(template.name)
        spec = StepSpec(name, Parameters(means: means, trials: trials, chunkSize: chunkSize), inputs: inputs)
    }
}

struct InjectionRecoveryKind: SplittableStepKind {
    typealias Parameters = InjectionRecovery.Parameters
    static let version = 1
    static let codeModules = ["FolioIceCube", "FolioGalaxy", "FolioSky", "FolioStatistics"]

    static func resultNames(_ p: Parameters) -> Set<String> {
        var names: Set<String> = ["trials"]
        for k in p.means.indices {
            for base in ["injected", "meanInjected", "meanNs", "bias", "relativeBias"] { names.insert("\(base)\(k + 1)") }
        }
        return names
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.means.isEmpty || p.means.contains(where: { !($0 > 0) }) { problems.append("parameter 'means' must be positive numbers of events, found \(p.means)") }
        if p.trials < 10 { problems.append("parameter 'trials' must be at least 10, found \(p.trials)") }
        if p.chunkSize < 1 { problems.append("parameter 'chunkSize' must be at least 1") }
        return problems
    }

    static func trialPlan(_ p: Parameters) -> TrialPlan {
        TrialPlan(p.means.indices.map { TrialSet("inject-\($0 + 1)", trials: p.trials, chunkSize: p.chunkSize) })
    }

    static func prepare(_ p: Parameters, in context: StepContext) throws -> TemplateAnalysis {
        let (dataset, _) = try IceCubeInputs.load(dataInput: "data", in: context)
        let outputs = try context.outputs(of: "template")
        let map = try HEALPixMap.read(from: outputs.privateFile("template.fits")).rotated(to: .equatorial)
        let description = try context.readJSON(TemplateDescription.self, input: "template", file: "template.json")
        return try TemplateAnalysis(dataset: dataset, template: description.skyTemplate(map: map, outputs: outputs),
                                    gamma: description.templateFitIndex)
    }

    /// Two rows: the fitted nₛ and the injected count of every trial.
    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared: TemplateAnalysis, in context: StepContext) -> [[Double]] {
        let k = Int(chunk.set.dropFirst("inject-".count))! - 1
        var g = chunk.generator()
        let fits = prepared.trials(count: chunk.trials.count, injectMean: p.means[k], injection: .instrumentResponse, using: &g)
        return [fits.map(\.ns), fits.map { Double($0.injected) }]
    }

    static func finish(_ p: Parameters, chunks: [[[Double]]], prepared: TemplateAnalysis, in context: StepContext) throws {
        let plan = trialPlan(p)
        for (k, mean) in p.means.enumerated() {
            let rows = plan.chunks(of: "inject-\(k + 1)").map { chunks[$0] }
            let ns = rows.flatMap { $0[0] }, injected = rows.flatMap { $0[1] }
            let n = Double(ns.count)
            let differences = zip(ns, injected).map { $0 - $1 }
            let bias = differences.reduce(0, +) / n
            let sd = (differences.reduce(0) { $0 + ($1 - bias) * ($1 - bias) } / (n - 1)).squareRoot()
            let error = sd / n.squareRoot()
            context.record("injected\(k + 1)", ResultValue(mean, unit: .events, kind: .quantity))
            context.record("meanInjected\(k + 1)", ResultValue(injected.reduce(0, +) / n, unit: .events, kind: .quantity))
            context.record("meanNs\(k + 1)", ResultValue(ns.reduce(0, +) / n, unit: .events, kind: .fitParameter))
            context.record("bias\(k + 1)", ResultValue(bias, unit: .events, minus: error, plus: error, kind: .fitParameter))
            context.record("relativeBias\(k + 1)", ResultValue(bias / mean, unit: .dimensionless, minus: error / mean, plus: error / mean, kind: .fitParameter))
        }
        context.record("trials", ResultValue(Double(p.trials), unit: .trials, kind: .count))
    }
}

import Foundation
import FolioIceCube
import FolioRunner
import FolioStatistics

/// A time-integrated point-source search (Braun et al. 2008; IceCube 10-year paper, PRL 124,
/// 051103): one source, or a stacked catalogue with weights sharing one nₛ and one spectral index.
/// The significance comes from RA-scrambled background trials; optionally the E⁻² sensitivity
/// (90% of signal trials above the background median), found on a fixed grid of injected means
/// (`sensitivityTrialsPerStep` trials at each, common random numbers, see `GridCrossing`).
///
/// Results: `ns`, `gamma`, `ts`, `pValue`, `significance`, `trials`, and with `sensitivity` the flux
/// E² dN/dE at 1 TeV (`sensitivity1TeV`, TeV cm⁻² s⁻¹), its events (`sensitivityEvents`), their
/// binomial uncertainty (`sensitivityEventsStatError`) and `sensitivityAboveGrid` (1 if the grid was
/// too short). Private output `ts.json` (`TrialDistribution`): the background TS values.
public struct PointSourceSearch: StepDeclaration {
    /// A catalogue entry: name, J2000 position in degrees, and relative weight.
    public struct Source: Codable, Hashable, Sendable {
        public var name: String
        public var ra: Double
        public var dec: Double
        public var weight: Double
        public init(_ name: String, ra: Double, dec: Double, weight: Double = 1) {
            self.name = name
            self.ra = ra
            self.dec = dec
            self.weight = weight
        }
    }

    public struct Parameters: StepParameters {
        public static let kind = "icecube.pointSource"
        public var sources: [Source]
        public var backgroundTrials: Int
        public var chunkSize: Int
        public var sensitivity: Bool
        public var sensitivityTrialsPerStep: Int
        /// Largest injected mean (events) of the sensitivity grid; nil: 30.
        public var sensitivityGridTop: Double?
    }

    public let spec: StepSpec

    /// `data`: an `IceCubeData` step, whose selection the search uses.
    public init(_ name: String, data: StepRef, sources: [Source],
                backgroundTrials: Int = 1000, chunkSize: Int = 250, sensitivity: Bool = false, sensitivityTrialsPerStep: Int = 200,
                sensitivityGridTop: Double? = nil) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        spec = StepSpec(name, Parameters(sources: sources, backgroundTrials: backgroundTrials, chunkSize: chunkSize,
                                         sensitivity: sensitivity, sensitivityTrialsPerStep: sensitivityTrialsPerStep,
                                         sensitivityGridTop: sensitivityGridTop), inputs: inputs)
    }
}

/// Trial sets "background" and, with `sensitivity`, "sensitivity" (every grid mean in each chunk,
/// from the chunk's generator replayed per mean).
struct PointSourceSearchKind: SplittableStepKind {
    typealias Parameters = PointSourceSearch.Parameters
    static let version = 2  // 2: trial sets seeded by the runner, sensitivity on a fixed grid
    static let codeModules = ["FolioIceCube", "FolioStatistics"]

    static let sensitivityGridPoints = 10
    static func sensitivityGrid(_ p: Parameters) -> [Double] {
        GridCrossing.grid(top: p.sensitivityGridTop ?? 30, count: sensitivityGridPoints)
    }
    static func resultNames(_ p: Parameters) -> Set<String> {
        Set(["ns", "gamma", "ts", "pValue", "significance", "trials"]).union(p.sensitivity ? ["sensitivity1TeV", "sensitivityEvents", "sensitivityEventsStatError", "sensitivityAboveGrid"] : [])
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.sources.isEmpty { problems.append("parameter 'sources' must list at least one source") }
        for (i, s) in p.sources.enumerated() {
            if !(-90...90).contains(s.dec) { problems.append("parameter 'sources[\(i)].dec': \(s.dec)° is outside [-90°, 90°]") }
            if !(0..<360).contains(s.ra) { problems.append("parameter 'sources[\(i)].ra': \(s.ra)° is outside [0°, 360°)") }
            if !(s.weight > 0) { problems.append("parameter 'sources[\(i)].weight' must be positive") }
        }
        if p.backgroundTrials < 10 { problems.append("parameter 'backgroundTrials' must be at least 10, found \(p.backgroundTrials)") }
        if p.chunkSize < 1 { problems.append("parameter 'chunkSize' must be at least 1") }
        if p.sensitivity && p.sensitivityTrialsPerStep < 10 { problems.append("parameter 'sensitivityTrialsPerStep' must be at least 10") }
        if let top = p.sensitivityGridTop, !(top > 0) { problems.append("parameter 'sensitivityGridTop' must be positive") }
        return problems
    }

    static func trialPlan(_ p: Parameters) -> TrialPlan {
        var sets = [TrialSet("background", trials: p.backgroundTrials, chunkSize: p.chunkSize)]
        if p.sensitivity { sets.append(TrialSet("sensitivity", trials: p.sensitivityTrialsPerStep, chunkSize: p.chunkSize)) }
        return TrialPlan(sets)
    }

    static func prepare(_ p: Parameters, in context: StepContext) throws -> PointSourceAnalysis {
        let (dataset, _) = try IceCubeInputs.load(dataInput: "data", in: context)
        let directions = p.sources.map { SkyDirection(raDegrees: $0.ra, decDegrees: $0.dec) }
        return directions.count == 1
            ? try PointSourceAnalysis(dataset: dataset, source: directions[0])
            : try PointSourceAnalysis(dataset: dataset, catalogue: directions, weights: p.sources.map(\.weight))
    }

    /// "background": one row of TS values; "sensitivity": one row per grid mean (E⁻² injection).
    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared analysis: PointSourceAnalysis, in context: StepContext) -> [[Double]] {
        let means = chunk.set == "background" ? [0] : sensitivityGrid(p)
        return means.map { mean in
            var g = chunk.generator()
            return analysis.trials(count: chunk.trials.count, injectMean: mean, injectGamma: 2, using: &g).map(\.ts)
        }
    }

    static func finish(_ p: Parameters, chunks: [[[Double]]], prepared analysis: PointSourceAnalysis, in context: StepContext) throws {
        let plan = trialPlan(p)
        let observed = analysis.fitData()
        let background = plan.chunks(of: "background").flatMap { chunks[$0][0] }
        let distribution = BackgroundTSDistribution(trials: background)
        let significance = distribution.significance(of: observed.ts)
        try TrialDistribution(ts: background).write(in: context)
        context.record("ns", ResultValue(observed.ns, unit: .events, kind: .fitParameter))
        context.record("gamma", ResultValue(observed.gamma, unit: .dimensionless, kind: .fitParameter))
        context.record("ts", ResultValue(observed.ts, unit: .dimensionless, kind: .testStatistic))
        context.record("pValue", ResultValue(significance.pValue, unit: .dimensionless, kind: .pValue))
        context.record("significance", ResultValue(significance.sigma.isFinite ? significance.sigma : 0, unit: .sigma, kind: .significance))
        context.record("trials", ResultValue(Double(p.backgroundTrials), unit: .trials, kind: .count))
        if p.sensitivity {
            let means = sensitivityGrid(p), threshold = distribution.median
            let rows = plan.chunks(of: "sensitivity").map { chunks[$0] }
            let passing = means.indices.map { k in rows.reduce(0) { $0 + $1[k].filter { $0 > threshold }.count } }
            let (s, crossing) = analysis.fluxForPower(threshold: threshold, power: 0.9, gamma: 2, means: means, passing: passing,
                                                      trials: p.sensitivityTrialsPerStep)
            context.record("sensitivity1TeV", ResultValue(s.e2dNdEAt1TeV, unit: .TeVcm2s, kind: .flux))
            context.record("sensitivityEvents", ResultValue(s.meanSignal, unit: .events, kind: .fitParameter))
            context.record("sensitivityEventsStatError", ResultValue(crossing.aboveGrid ? nil : crossing.statisticalError, unit: .events, kind: .quantity))
            context.record("sensitivityAboveGrid", ResultValue(crossing.aboveGrid ? 1 : 0, unit: .dimensionless, kind: .count))
            if crossing.aboveGrid {
                context.notice("the sensitivity lies above the injection grid (\(means.last!) events): raise 'sensitivityGridTop'")
            }
        }
    }
}

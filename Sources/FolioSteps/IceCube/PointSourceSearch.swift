import Dispatch
import Foundation
import FolioIceCube
import FolioRunner
import FolioStatistics

/// A time-integrated point-source search (Braun et al. 2008; IceCube 10-year paper, PRL 124,
/// 051103): one source, or a stacked catalogue with weights sharing one nₛ and one spectral index.
/// The significance comes from RA-scrambled background trials; optionally the E⁻² sensitivity
/// (90% of signal trials above the background median).
///
/// Results: `ns`, `gamma`, `ts`, `pValue`, `significance`, `trials`, and with `sensitivity` the flux
/// E² dN/dE at 1 TeV (`sensitivity1TeV`, TeV cm⁻² s⁻¹) and its events (`sensitivityEvents`).
/// Private output `ts.json`: the background TS values.
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
        public var selection: IceCubeSelection
        public var backgroundTrials: Int
        public var chunkSize: Int
        public var sensitivity: Bool
        public var sensitivityTrialsPerStep: Int
    }

    public let spec: StepSpec

    public init(_ name: String, data: StepRef, sources: [Source], selection: IceCubeSelection = IceCubeSelection(),
                backgroundTrials: Int = 1000, chunkSize: Int = 250, sensitivity: Bool = false, sensitivityTrialsPerStep: Int = 200) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        spec = StepSpec(name, Parameters(sources: sources, selection: selection, backgroundTrials: backgroundTrials, chunkSize: chunkSize,
                                         sensitivity: sensitivity, sensitivityTrialsPerStep: sensitivityTrialsPerStep), inputs: inputs)
    }
}

struct PointSourceSearchKind: StepKind {
    typealias Parameters = PointSourceSearch.Parameters
    static let version = 1
    static func resultNames(_ p: Parameters) -> Set<String> {
        Set(["ns", "gamma", "ts", "pValue", "significance", "trials"]).union(p.sensitivity ? ["sensitivity1TeV", "sensitivityEvents"] : [])
    }
    static let usesRandomness = true

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems = IceCubeInputs.validate(p.selection)
        if p.sources.isEmpty { problems.append("parameter 'sources' must list at least one source") }
        for (i, s) in p.sources.enumerated() {
            if !(-90...90).contains(s.dec) { problems.append("parameter 'sources[\(i)].dec': \(s.dec)° is outside [-90°, 90°]") }
            if !(0..<360).contains(s.ra) { problems.append("parameter 'sources[\(i)].ra': \(s.ra)° is outside [0°, 360°)") }
            if !(s.weight > 0) { problems.append("parameter 'sources[\(i)].weight' must be positive") }
        }
        if p.backgroundTrials < 10 { problems.append("parameter 'backgroundTrials' must be at least 10, found \(p.backgroundTrials)") }
        if p.chunkSize < 1 { problems.append("parameter 'chunkSize' must be at least 1") }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let dataset = try IceCubeInputs.load(p.selection, in: context)
        let directions = p.sources.map { SkyDirection(raDegrees: $0.ra, decDegrees: $0.dec) }
        let analysis = directions.count == 1
            ? try PointSourceAnalysis(dataset: dataset, source: directions[0])
            : try PointSourceAnalysis(dataset: dataset, catalogue: directions, weights: p.sources.map(\.weight))
        let observed = analysis.fitData()
        context.progress.begin(total: p.backgroundTrials, unit: "trials")
        let chunks = (p.backgroundTrials + p.chunkSize - 1) / p.chunkSize
        let slots = ChunkSlots<[Double]>(count: chunks)
        let seed = context.seed()
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let n = min(p.chunkSize, p.backgroundTrials - c * p.chunkSize)
            slots[c] = analysis.backgroundTrials(seed: seed, chunk: c, count: n).map(\.ts)
            context.progress.advance(by: n)
        }
        let background = slots.values.flatMap { $0 ?? [] }
        let distribution = BackgroundTSDistribution(trials: background)
        let significance = distribution.significance(of: observed.ts)
        try context.writeJSON(background, to: "ts.json")
        context.record("ns", ResultValue(observed.ns, unit: .events, kind: .fitParameter))
        context.record("gamma", ResultValue(observed.gamma, unit: .dimensionless, kind: .fitParameter))
        context.record("ts", ResultValue(observed.ts, unit: .dimensionless, kind: .testStatistic))
        context.record("pValue", ResultValue(significance.pValue, unit: .dimensionless, kind: .pValue))
        context.record("significance", ResultValue(significance.sigma.isFinite ? significance.sigma : 0, unit: .sigma, kind: .significance))
        context.record("trials", ResultValue(Double(p.backgroundTrials), unit: .trials, kind: .count))
        if p.sensitivity {
            let s = analysis.sensitivity(background: distribution, gamma: 2, seed: context.seed(chunk: 1), trialsPerStep: p.sensitivityTrialsPerStep)
            context.record("sensitivity1TeV", ResultValue(s.e2dNdEAt1TeV, unit: .TeVcm2s, kind: .flux))
            context.record("sensitivityEvents", ResultValue(s.meanSignal, unit: .events, kind: .fitParameter))
        }
    }
}

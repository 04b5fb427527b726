import Foundation
import FolioIceCube
import FolioRunner
import FolioSky
import FolioStatistics

/// The all-sky point-source scan of IceCube's 10-year search (PRL 124, 051103 (2020)): the
/// point-source likelihood (ns ≥ 0, γ in [1, 4]) fitted at every pixel centre of an equatorial
/// HEALPix grid, refined around the hottest pixel of each hemisphere (north: δ ≥ −5°), with
/// - the local (pre-trial) p-value from `localTrials` RA-scrambled background fits at the hot
///   spot's position (trial fraction, or the fitted χ² tail beyond the trials), with the number of
///   trials at or above the observed TS and the 90% CL upper bound the trials themselves measure;
/// - the post-trial p-value: a Gumbel distribution fitted to the hottest TS of each of
///   `scrambledScans` RA-scrambled all-sky scans in that hemisphere, evaluated at the observed
///   TS, with a 68% interval from the fit (`PostTrialPValue`); beside it the empirical fraction of
///   scans at or above, and the 90% CL bound those scans measure.
///
/// Trial sets: "scrambled-scans" (one scan per chunk) and "local-north", "local-south" (the local
/// trials at each hemisphere's observed hot spot, chunks of 250). The observed scan runs in
/// `prepare` (every process needs the hot spots for the local trials).
///
/// Results, for `north` and `south`: `<h>RA`, `<h>Dec` (deg), `<h>TS`, `<h>Ns` (events),
/// `<h>Gamma`, `<h>LocalPValue`, `<h>LocalSignificance` (σ), `<h>LocalTrialsAtOrAbove` (trials),
/// `<h>LocalTrialBound` (90% CL upper bound on the local p from the trials alone),
/// `<h>LocalExtrapolated` (1 when fewer than 20 trials reach the TS: the p-value is the χ² tail),
/// `<h>PostTrialPValue` (Gumbel, with its 68% interval), `<h>PostTrialSignificance` (σ, interval
/// from the p-value's), `<h>PostTrialScansAtOrAbove` (trials), `<h>PostTrialEmpirical`,
/// `<h>PostTrialTrialBound` (90% CL upper bound from the scans alone), `<h>PostTrialExtrapolated`
/// (1 when fewer than 5 scans reach the TS), `<h>GumbelLocation`, `<h>GumbelScale` (TS units);
/// and `scans`, `localTrials` (trials), `nside`, `refinementNside`.
/// Private outputs: `ts-map.fits` (TS per pixel, equatorial, RING), `hot-spots.json`,
/// `scrambled-maxima.json` ([scan][north, south]); published copies `maps/<step>-ts.fits`,
/// `tables/<step>-hot-spots.json` and `tables/<step>-scrambled-maxima.json`.
public struct SkyScan: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.skyScan"
        public var scan: AllSkyScan.Settings
        public var scrambledScans: Int
        public var localTrials: Int
    }

    public let spec: StepSpec

    public init(_ name: String, data: StepRef, scan: AllSkyScan.Settings = AllSkyScan.Settings(), scrambledScans: Int = 50,
                localTrials: Int = 1000) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        spec = StepSpec(name, Parameters(scan: scan, scrambledScans: scrambledScans, localTrials: localTrials),
                        inputs: inputs)
    }
}

/// A hemisphere's hottest spot with its significances, as written to `hot-spots.json`.
public struct SkyScanHotSpot: Codable, Equatable, Sendable {
    public var hemisphere: String
    /// Equatorial J2000, degrees.
    public var ra: Double
    public var dec: Double
    public var ts: Double
    public var ns: Double
    public var gamma: Double
    public var localPValue: Double
    public var localSignificance: Double
    public var postTrialPValue: Double
    public var postTrialSignificance: Double
    /// Scrambled all-sky scans behind the post-trial p-value.
    public var scans: Int
    /// Scans whose hottest TS (this hemisphere) is at least the spot's; nil in files written before.
    public var scansAtOrAbove: Int?
    /// Local background trials at or above the spot's TS, and how many there were.
    public var localTrialsAtOrAbove: Int?
}

struct SkyScanKind: SplittableStepKind {
    typealias Parameters = SkyScan.Parameters
    static let version = 3  // 2: trial sets seeded by the runner; 3: Gumbel post-trial p-value, trial bounds
    static let codeModules = ["FolioIceCube", "FolioSky", "FolioStatistics"]

    static let localChunkSize = 250
    static func resultNames(_ p: Parameters) -> Set<String> {
        // Per hemisphere with a hot spot: northRA, northTS, southRA, ...
        let perSpot = ["RA", "Dec", "TS", "Ns", "Gamma", "LocalPValue", "LocalSignificance", "LocalTrialsAtOrAbove", "LocalTrialBound",
                       "LocalExtrapolated", "PostTrialPValue", "PostTrialSignificance", "PostTrialScansAtOrAbove", "PostTrialEmpirical",
                       "PostTrialTrialBound", "PostTrialExtrapolated", "GumbelLocation", "GumbelScale"]
        return Set(SkyScanMap.Hemisphere.allCases.flatMap { h in perSpot.map { h.rawValue + $0 } })
            .union(["scans", "localTrials", "nside", "refinementNside"])
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems = p.scan.problems.map { "parameter 'scan': \($0)" }
        if p.scrambledScans < 1 { problems.append("parameter 'scrambledScans' must be at least 1, found \(p.scrambledScans)") }
        if p.localTrials < 10 { problems.append("parameter 'localTrials' must be at least 10, found \(p.localTrials)") }
        return problems
    }

    /// Gaussian one-sided significance, reported as 0 σ for p ≥ 0.5 (never negative or infinite).
    static func sigma(_ s: Significance) -> Double { s.sigma.isFinite ? max(0, s.sigma) : 0 }

    struct Prepared: Sendable {
        var scanner: AllSkyScan
        var observed: SkyScanMap
        /// The point-source analysis at each hemisphere's hot spot (nil: no spot there).
        var local: [PointSourceAnalysis?]
    }

    static func localSet(_ h: SkyScanMap.Hemisphere) -> String { "local-\(h.rawValue)" }

    static func trialPlan(_ p: Parameters) -> TrialPlan {
        TrialPlan([TrialSet("scrambled-scans", trials: p.scrambledScans, chunkSize: 1)]
                  + SkyScanMap.Hemisphere.allCases.map { TrialSet(localSet($0), trials: p.localTrials, chunkSize: localChunkSize) })
    }

    static func prepare(_ p: Parameters, in context: StepContext) throws -> Prepared {
        let (dataset, _) = try IceCubeInputs.load(dataInput: "data", in: context)
        let threads = max(1, context.threads)
        let scanner = try AllSkyScan(dataset: dataset, settings: p.scan, threads: threads)
        let observed = scanner.scan(threads: threads)
        let local = try SkyScanMap.Hemisphere.allCases.map { h in try observed.hotSpot(h).map { try scanner.localAnalysis(at: $0) } }
        return Prepared(scanner: scanner, observed: observed, local: local)
    }

    /// "scrambled-scans": per scan, the hottest TS of [north, south]; "local-<h>": one row of
    /// background TS values at that hemisphere's hot spot (empty without a spot).
    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared: Prepared, in context: StepContext) -> [[Double]] {
        var g = chunk.generator()
        if chunk.set == "scrambled-scans" {
            return chunk.trials.map { _ in
                let scrambled = prepared.scanner.scan(scrambledUsing: &g, threads: 1)
                return SkyScanMap.Hemisphere.allCases.map { scrambled.hotSpot($0)?.ts ?? 0 }
            }
        }
        let h = SkyScanMap.Hemisphere.allCases.firstIndex { localSet($0) == chunk.set }!
        return [prepared.local[h]?.trials(count: chunk.trials.count, using: &g).map(\.ts) ?? []]
    }

    static func finish(_ p: Parameters, chunks: [[[Double]]], prepared: Prepared, in context: StepContext) throws {
        let plan = trialPlan(p)
        let observed = prepared.observed
        let maxima = plan.chunks(of: "scrambled-scans").flatMap { chunks[$0] }   // [scan][hemisphere]

        var spots: [SkyScanHotSpot] = []
        for (h, hemisphere) in SkyScanMap.Hemisphere.allCases.enumerated() {
            guard let spot = observed.hotSpot(hemisphere) else { continue }
            let localTS = plan.chunks(of: localSet(hemisphere)).flatMap { chunks[$0][0] }
            let localDistribution = BackgroundTSDistribution(trials: localTS)
            let local = localDistribution.significance(of: spot.ts)
            let localAbove = localDistribution.count(atLeast: spot.ts)
            let post = AllSkyScan.postTrialPValue(observedTS: spot.ts, scrambledMaxima: maxima.map { $0[h] })
            let entry = SkyScanHotSpot(hemisphere: hemisphere.rawValue, ra: spot.raDegrees, dec: spot.decDegrees, ts: spot.ts, ns: spot.ns,
                                       gamma: spot.gamma, localPValue: local.pValue, localSignificance: sigma(local),
                                       postTrialPValue: post.pValue, postTrialSignificance: sigma(post.significance), scans: p.scrambledScans,
                                       scansAtOrAbove: post.scansAtOrAbove, localTrialsAtOrAbove: localAbove)
            spots.append(entry)
            let key = hemisphere.rawValue
            context.record("\(key)RA", ResultValue(entry.ra, unit: .degrees, kind: .quantity))
            context.record("\(key)Dec", ResultValue(entry.dec, unit: .degrees, kind: .quantity))
            context.record("\(key)TS", ResultValue(entry.ts, unit: .dimensionless, kind: .testStatistic))
            context.record("\(key)Ns", ResultValue(entry.ns, unit: .events, kind: .fitParameter))
            context.record("\(key)Gamma", ResultValue(entry.gamma, unit: .dimensionless, kind: .fitParameter))
            context.record("\(key)LocalPValue", ResultValue(entry.localPValue, unit: .dimensionless, kind: .pValue))
            context.record("\(key)LocalSignificance", ResultValue(entry.localSignificance, unit: .sigma, kind: .significance))
            context.record("\(key)LocalTrialsAtOrAbove", ResultValue(Double(localAbove), unit: .trials, kind: .count))
            context.record("\(key)LocalTrialBound", ResultValue(BinomialBound.upper(successes: localAbove, trials: localTS.count),
                                                                unit: .dimensionless, kind: .pValue))
            var localExtrapolated = false
            if case .chiSquareTail = local.method { localExtrapolated = true }
            context.record("\(key)LocalExtrapolated", ResultValue(localExtrapolated ? 1 : 0, unit: .dimensionless, kind: .count))
            // The Gumbel p-value with its 68% interval; the significance's interval follows it.
            context.record("\(key)PostTrialPValue", ResultValue(post.pValue, unit: .dimensionless, minus: post.pValue - post.lower,
                                                                plus: post.upper - post.pValue, kind: .pValue))
            let z = entry.postTrialSignificance
            context.record("\(key)PostTrialSignificance", ResultValue(z, unit: .sigma, minus: z - sigma(Significance(pValue: post.upper)),
                                                                      plus: sigma(Significance(pValue: post.lower)) - z, kind: .significance))
            context.record("\(key)PostTrialScansAtOrAbove", ResultValue(Double(post.scansAtOrAbove), unit: .trials, kind: .count))
            context.record("\(key)PostTrialEmpirical", ResultValue(post.empiricalFraction, unit: .dimensionless, kind: .pValue))
            context.record("\(key)PostTrialTrialBound", ResultValue(post.trialBound, unit: .dimensionless, kind: .pValue))
            context.record("\(key)PostTrialExtrapolated", ResultValue(post.extrapolated ? 1 : 0, unit: .dimensionless, kind: .count))
            context.record("\(key)GumbelLocation", ResultValue(post.gumbel?.location, unit: .dimensionless, kind: .testStatistic))
            context.record("\(key)GumbelScale", ResultValue(post.gumbel?.scale, unit: .dimensionless, kind: .testStatistic))
        }
        context.record("scans", ResultValue(Double(p.scrambledScans), unit: .trials, kind: .count))
        context.record("localTrials", ResultValue(Double(p.localTrials), unit: .trials, kind: .count))
        context.record("nside", ResultValue(Double(p.scan.nside), unit: .dimensionless, kind: .count))
        context.record("refinementNside", ResultValue(Double(max(p.scan.refinementNside, p.scan.nside)), unit: .dimensionless, kind: .count))

        let map = try HEALPixMap(nside: observed.nside, frame: .equatorial, values: observed.ts)
        let mapURL = context.outputDirectory.appendingPathComponent("ts-map.fits")
        try map.write(to: mapURL, column: "TS")
        try context.writeJSON(spots, to: "hot-spots.json")
        try context.writeJSON(maxima, to: "scrambled-maxima.json")
        try context.publish(try Data(contentsOf: mapURL), as: "maps/\(context.stepName)-ts.fits")
        for file in ["hot-spots", "scrambled-maxima"] {
            try context.publish(try Data(contentsOf: context.outputDirectory.appendingPathComponent("\(file).json")),
                                as: "tables/\(context.stepName)-\(file).json")
        }
    }
}

import Foundation
import FolioGalaxy
import FolioIceCube
import FolioRunner
import FolioSky
import FolioStatistics

/// An unbinned likelihood template fit (Science 380, 1338 method, simplified in FolioIceCube's
/// `TemplateAnalysis`): the template normalisation is fitted with its spectrum fixed, the
/// significance comes from RA-scrambled background trials (with a χ² tail fit where the trials run
/// out), and a 90% CL upper limit on the flux from signal-injection trials.
///
/// Results: `ns` (events), `ts`, `gamma` (the power-law index used), `pValue`, `significance`,
/// `flux100TeV` (best-fit all-sky per-flavour dN/dE at 100 TeV, GeV⁻¹ cm⁻² s⁻¹, with its 68%
/// likelihood interval), `nsInterval`, `upperLimit100TeV` (90% CL, same unit), `reported100TeV` and
/// `reportedE2Flux100TeV` (the interval at ≥ 3σ pre-trial, else the limit; the latter as E² dN/dE in
/// GeV cm⁻² s⁻¹), `reportsInterval` (1 or 0), `trials`, `upperLimitEventsStatError` and
/// `upperLimit100TeVStatError` (statistical uncertainty of the limit: bootstrap over the injection
/// trials), `upperLimitEventsBinomialError` (the binomial formula at the crossing, for comparison),
/// `upperLimitAboveGrid` (1 when the limit is only a lower bound), `upperLimitIsSensitivity` (1 when
/// the observed TS is at or below the background median, so the limit is the sensitivity),
/// `nsCeiling` (the largest nₛ the likelihood allows, events), `nsIntervalUpperAtCeiling` (1 when
/// the 68% interval's upper end is that ceiling rather than a crossing), `fluxInModelUnits` and
/// `upperLimitInModelUnits` (the best fit with its 68% interval and the limit as multiples of the
/// template model's own absolute flux at 100 TeV, as Science 380, 1338 quotes its KRA-γ fits; no value
/// for templates without a model flux). A template with a local-index map (KRA-γ-like) gets the
/// energy-dependent signal PDF of `TemplateAnalysis`. Private outputs `ts.json` (`TrialDistribution`), `fit.json` (`TemplateFitOutput`) and the data step's
/// selected events (`data.json`, `events-<season>.bin`), passed on for the projection.
public struct TemplateFit: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.templateFit"
        public var backgroundTrials: Int
        /// Trials per injected signal strength in the upper-limit search.
        public var upperLimitTrials: Int
        public var chunkSize: Int
        /// Fixed spectral index; nil takes the template's (its effective index over 10–100 TeV).
        public var gamma: Double?
    }

    public let spec: StepSpec

    /// `data`: an `IceCubeData` step, whose selection the fit uses.
    public init(_ name: String, data: StepRef, template: StepRef,
                backgroundTrials: Int = 1000, upperLimitTrials: Int = 200, chunkSize: Int = 50, gamma: Double? = nil) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        inputs["template"] = .step(template.name)
        spec = StepSpec(name, Parameters(backgroundTrials: backgroundTrials, upperLimitTrials: upperLimitTrials,
                                         chunkSize: chunkSize, gamma: gamma), inputs: inputs)
    }
}

/// Two trial sets: "background" (RA-scrambled trials, chunks of `chunkSize`) and "upper-limit"
/// (`upperLimitTrials` injection trials at each strength of a fixed grid, every strength in each
/// chunk from the chunk's generator replayed: common random numbers). The grid depends only on
/// the observed fit, computed in `prepare`, so every worker has the same one; `finish` finds the
/// 90% point on it (`GridCrossing`).
struct TemplateFitKind: SplittableStepKind {
    typealias Parameters = TemplateFit.Parameters
    // 3: signal-subtracted likelihood; 4: 68% interval, reported flux; 5: ring averages summed in pixel order;
    // 6: trial sets seeded by the runner, upper limit on a fixed grid; 7: bootstrap error of the limit,
    // ceiling flag, energy-dependent maps, model units
    static let version = 7
    static let codeModules = ["FolioIceCube", "FolioGalaxy", "FolioSky", "FolioStatistics"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["ns", "ts", "gamma", "pValue", "significance", "flux100TeV", "nsInterval", "reported100TeV",
         "reportedE2Flux100TeV", "reportsInterval", "upperLimit100TeV", "upperLimitEvents", "trials", "signalYield",
         "upperLimitEventsStatError", "upperLimit100TeVStatError", "upperLimitAboveGrid", "upperLimitEventsBinomialError",
         "upperLimitIsSensitivity", "nsCeiling", "nsIntervalUpperAtCeiling", "fluxInModelUnits", "upperLimitInModelUnits"]
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.backgroundTrials < 10 { problems.append("parameter 'backgroundTrials' must be at least 10, found \(p.backgroundTrials)") }
        if p.upperLimitTrials < 10 { problems.append("parameter 'upperLimitTrials' must be at least 10, found \(p.upperLimitTrials)") }
        if p.chunkSize < 1 { problems.append("parameter 'chunkSize' must be at least 1") }
        if let g = p.gamma, !(1...4).contains(g) { problems.append("parameter 'gamma' must lie in [1, 4], found \(g)") }
        return problems
    }

    /// Injected strengths of the upper-limit grid, evenly spaced up to `upperLimitGridTop`.
    static let upperLimitGridPoints = 10
    /// The grid's top in events: 8 × the 68% interval's upper end (at least 20 events), well above
    /// the 90% limits seen so far (2–4.5 × that end).
    static func upperLimitGridTop(_ interval: TemplateLikelihoodInterval) -> Double { max(20, 8 * interval.upper) }

    /// The likelihood, built once per process from the data and the template, and the observed fit.
    struct Prepared: Sendable {
        var analysis: TemplateAnalysis
        var gamma: Double
        /// The template model's absolute flux dN/dE at 100 TeV (GeV⁻¹ cm⁻² s⁻¹), if it has one.
        var modelFlux100TeV: Double?
        var interval: TemplateLikelihoodInterval
        var strengths: [Double]
        /// The data step's, passed on (the projection loads the same events).
        var selection: IceCubeSelection
    }

    static func trialPlan(_ p: Parameters) -> TrialPlan {
        TrialPlan([TrialSet("background", trials: p.backgroundTrials, chunkSize: p.chunkSize),
                   TrialSet("upper-limit", trials: p.upperLimitTrials, chunkSize: p.chunkSize)])
    }

    static func prepare(_ p: Parameters, in context: StepContext) throws -> Prepared {
        let (dataset, selection) = try IceCubeInputs.load(dataInput: "data", in: context)
        let templateOutputs = try context.outputs(of: "template")
        let map = try HEALPixMap.read(from: templateOutputs.privateFile("template.fits")).rotated(to: .equatorial)
        let description = try context.readJSON(TemplateDescription.self, input: "template", file: "template.json")
        let gamma = p.gamma ?? description.templateFitIndex
        let template = try description.skyTemplate(map: map, outputs: templateOutputs)
        let analysis = try TemplateAnalysis(dataset: dataset, template: template, gamma: gamma)
        let interval = analysis.dataInterval(deltaTS: 1)
        return Prepared(analysis: analysis, gamma: gamma, modelFlux100TeV: description.modelFlux100TeV, interval: interval,
                        strengths: GridCrossing.grid(top: upperLimitGridTop(interval), count: upperLimitGridPoints), selection: selection)
    }

    /// "background": one row of TS values. "upper-limit": one row of TS values per grid strength,
    /// each drawn from a fresh copy of the chunk's generator.
    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared: Prepared, in context: StepContext) -> [[Double]] {
        let strengths = chunk.set == "background" ? [0] : prepared.strengths
        return strengths.map { mu in
            var g = chunk.generator()
            return prepared.analysis.trials(count: chunk.trials.count, injectMean: mu, using: &g).map(\.ts)
        }
    }

    static func finish(_ p: Parameters, chunks: [[[Double]]], prepared: Prepared, in context: StepContext) throws {
        let analysis = prepared.analysis, gamma = prepared.gamma, interval = prepared.interval
        let observed = interval.fit
        let plan = trialPlan(p)
        let background = plan.chunks(of: "background").flatMap { chunks[$0][0] }
        let distribution = BackgroundTSDistribution(trials: background)
        let significance = distribution.significance(of: observed.ts)

        // 90% CL upper limit: the signal strength whose injection trials exceed the observed TS (or
        // the background median, whichever is larger) in 90% of cases; with an observed TS at or
        // below the median this is the sensitivity.
        let threshold = max(observed.ts, distribution.median)
        let limitChunks = plan.chunks(of: "upper-limit").map { chunks[$0] }
        let passing = prepared.strengths.indices.map { k in limitChunks.reduce(0) { $0 + $1[k].filter { $0 > threshold }.count } }
        let crossing = GridCrossing.find(strengths: prepared.strengths, passing: passing, trials: p.upperLimitTrials, target: 0.9)
        // Its statistical error: bootstrap over the injection trials (each one pseudo-experiment
        // replayed at every strength), from a generator derived like every other draw.
        let passes = limitChunks.flatMap { rows in rows[0].indices.map { i in rows.map { $0[i] > threshold } } }
        var bootstrapGenerator = context.preparationGenerator("upper-limit-bootstrap")
        let bootstrapError = GridCrossing.bootstrapError(strengths: prepared.strengths, passes: passes, target: 0.9, using: &bootstrapGenerator)
        let upperLimitEvents = crossing.strength
        if crossing.aboveGrid {
            context.notice("the 90% CL upper limit lies above the injection grid (\(prepared.strengths.last!) events): the limit given is a lower bound")
        }

        func dNdE100TeV(events: Double) -> Double {
            analysis.energyBandEdges.isEmpty ? analysis.normalisation(ns: events) * pow(100, -gamma) : analysis.allSkyFlux(ns: events, energyGeV: 1e5)
        }
        try TrialDistribution(ts: background).write(in: context)
        try IceCubeInputs.passOn(from: "data", in: context)   // for the projection, which reads the data through the fit
        context.record("ns", ResultValue(observed.ns, unit: .events, kind: .fitParameter))
        context.record("ts", ResultValue(observed.ts, unit: .dimensionless, kind: .testStatistic))
        context.record("gamma", ResultValue(gamma, unit: .dimensionless, kind: .fitParameter))
        context.record("pValue", ResultValue(significance.pValue, unit: .dimensionless, kind: .pValue))
        context.record("significance", ResultValue(significance.sigma.isFinite ? significance.sigma : 0, unit: .sigma, kind: .significance))
        // Best fit with its 68% likelihood interval (ΔTS = 1); E² dN/dE at 100 TeV = 10¹⁰ GeV² × dN/dE.
        let flux = dNdE100TeV(events: observed.ns)
        let fluxLow = dNdE100TeV(events: interval.lower), fluxHigh = dNdE100TeV(events: interval.upper)
        let measured = ResultValue(flux, unit: .perGeVcm2s, minus: flux - fluxLow, plus: fluxHigh - flux, kind: .flux)
        let limit = ResultValue.upperLimit(dNdE100TeV(events: upperLimitEvents), unit: .perGeVcm2s, confidenceLevel: 0.9, bestFit: flux)
        context.record("flux100TeV", measured)
        try TemplateFitOutput(gamma: gamma, ns: observed.ns, ts: observed.ts, flux100TeV: flux, flux100TeVMinus: flux - fluxLow,
                              flux100TeVPlus: fluxHigh - flux, upperLimit100TeV: dNdE100TeV(events: upperLimitEvents),
                              upperLimitAboveGrid: crossing.aboveGrid).write(in: context)
        context.record("nsInterval", ResultValue(observed.ns, unit: .events, minus: observed.ns - interval.lower,
                                                 plus: interval.upper - observed.ns, kind: .fitParameter))
        // What the paper quotes: the measured flux with its interval once the template is seen at
        // 3σ (pre-trial) or more, the 90% CL upper limit otherwise.
        let evidence = significance.sigma >= 3
        let reported = evidence ? measured : limit
        context.record("reported100TeV", reported)
        func e2(_ r: ResultValue) -> ResultValue {
            var v = r
            v.unit = .GeVcm2s
            v.value = r.value.map { $0 * 1e10 }; v.minus = r.minus.map { $0 * 1e10 }; v.plus = r.plus.map { $0 * 1e10 }
            v.upperLimit = r.upperLimit.map { $0 * 1e10 }
            return v
        }
        context.record("reportedE2Flux100TeV", e2(reported))
        context.record("reportsInterval", ResultValue(evidence ? 1 : 0, unit: .dimensionless, kind: .count))
        context.record("upperLimit100TeV", limit)
        context.record("upperLimitEvents", .upperLimit(upperLimitEvents, unit: .events, confidenceLevel: 0.9, bestFit: observed.ns, kind: .fitParameter))
        // The limit's statistical uncertainty from the finite injection trials (bootstrap; the
        // binomial formula beside it for comparison).
        context.record("upperLimitEventsStatError", ResultValue(crossing.aboveGrid ? nil : bootstrapError, unit: .events, kind: .quantity))
        context.record("upperLimit100TeVStatError", ResultValue(crossing.aboveGrid ? nil : dNdE100TeV(events: bootstrapError),
                                                                unit: .perGeVcm2s, kind: .flux))
        context.record("upperLimitEventsBinomialError", ResultValue(crossing.aboveGrid ? nil : crossing.statisticalError, unit: .events, kind: .quantity))
        context.record("upperLimitIsSensitivity", ResultValue(observed.ts <= distribution.median ? 1 : 0, unit: .dimensionless, kind: .count))
        context.record("nsCeiling", ResultValue(interval.ceiling, unit: .events, kind: .quantity))
        context.record("nsIntervalUpperAtCeiling", ResultValue(interval.upperIsBound ? 1 : 0, unit: .dimensionless, kind: .count))
        if interval.upperIsBound {
            context.notice("the 68% interval's upper end is the largest nₛ the likelihood allows (\(interval.ceiling) events): the interval is open there")
        }
        context.record("upperLimitAboveGrid", ResultValue(crossing.aboveGrid ? 1 : 0, unit: .dimensionless, kind: .count))
        // In units of the model's own prediction (the paper's "× KRA-γ").
        let model = prepared.modelFlux100TeV
        context.record("fluxInModelUnits", model.map {
            ResultValue(flux / $0, unit: .dimensionless, minus: (flux - fluxLow) / $0, plus: (fluxHigh - flux) / $0, kind: .fitParameter)
        } ?? ResultValue(nil, unit: .dimensionless, kind: .fitParameter))
        context.record("upperLimitInModelUnits", model.map {
            ResultValue.upperLimit(dNdE100TeV(events: upperLimitEvents) / $0, unit: .dimensionless, confidenceLevel: 0.9, bestFit: flux / $0, kind: .fitParameter)
        } ?? ResultValue(nil, unit: .dimensionless, kind: .fitParameter))
        context.record("trials", ResultValue(Double(p.backgroundTrials), unit: .trials, kind: .count))
        context.record("signalYield", ResultValue(analysis.signalYield, unit: .dimensionless))
        if case .chiSquareTail = significance.method {
            context.notice("p-value from a χ² fit to the tail of \(p.backgroundTrials) background trials (fewer than 20 trials reached the observed TS)")
        }
    }
}

extension TemplateDescription {
    /// The likelihood's template: the map (flux per sr at the reference energy) as it is, or, with a
    /// local-index map, the flux at 1 TeV of each pixel's power law E^−γ (γ its index class) with the
    /// indices, for the energy-dependent signal PDF.
    func skyTemplate(map: HEALPixMap, outputs: StepOutputs) throws -> SkyTemplate {
        guard let file = localIndexFile else { return SkyTemplate(nside: map.nside, values: map.values) }
        let local = try HEALPixMap.read(from: outputs.privateFile(file)).rotated(to: .equatorial)
        guard local.nside == map.nside else {
            throw InputFileError(path: outputs.privateFile(file).path, "nside \(local.nside) differs from the template's \(map.nside)")
        }
        let x = referenceEnergyGeV / 1000
        let atOneTeV = zip(map.values, local.values).map { v, g in v * pow(x, TemplateAnalysis.indexClass(g)) }
        return SkyTemplate(nside: map.nside, values: atOneTeV, localIndex: local.values)
    }
}

import Foundation
import FolioIceCube
import FolioRunner
import FolioSky
import FolioStatistics

/// The expected significance of the published Galactic-plane flux (Science 380, 1338) in this data
/// set, and its projection to more exposure, a larger detector and a Mediterranean site.
///
/// 1. This data set: the published per-flavour flux (read by `data.publishedFlux`) is converted to
///    expected template events with the template likelihood's own signal yield and injected into
///    RA-scrambled data (`TemplateAnalysis.trials(injectMean:)`); every trial's TS becomes a
///    significance through the background TS distribution of the template-fit step (`ts.json`).
/// 2. Scaled exposure: the same likelihood on `PseudoSample` data sets with k times the events
///    (resampled from the data, RA scrambled) and k times the livetime, with their own background
///    trials and signal injected at k times the expectation. Z(k) is interpolated between the
///    medians of √TS and extrapolated beyond the largest k with an exponent between ½ and the last
///    measured one (`ExposureScaling`; background trials cannot reach large-exposure tails, and with
///    today's likelihood they pile up at TS = 0 for large samples), and drawn against calendar years with the exposure of every season in
///    the release (effective areas × good-run livetimes) and the mean IC86 rate afterwards; an
///    IceCube-Gen2-like detector with `gen2VolumeFactor` times IceCube's instrumented volume adds
///    V^(2/3) times the IC86 rate from `gen2StartYear` (through-going tracks see the detector's
///    cross-section, not its volume).
/// 3. A Mediterranean detector: IceCube's response as a function of local zenith rotated to
///    `siteLatitude` (`ResponseRotation`) with rotated pseudo-data, measured at `siteExposureFactors`;
///    IceCube and the site combine in one joint likelihood (a common normalisation), whose Asimov
///    sum Z² = Z²_IC + Z²_site is checked with one joint injection run.
///
/// Results (see `run`); private output `projection.json` (`ProjectionData`) for the figures;
/// published table `tables/<step>-points.csv` (every injection point).
public struct ExposureProjection: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.projection"
        /// Signal-injection trials per exposure point.
        public var signalTrials: Int
        /// Background trials per pseudo-data exposure point (the data point uses the fit's).
        public var backgroundTrials: Int
        /// Exposure factors (relative to the data set) of the IceCube pseudo-data points.
        public var exposureFactors: [Double]
        /// Latitude (degrees) of the second site and the exposure factors measured there.
        public var siteLatitude: Double
        public var siteExposureFactors: [Double]
        /// IceCube-Gen2-like scenario: instrumented volume × this factor from `gen2StartYear`; the
        /// track effective area (and background) grows as its 2/3 power.
        public var gen2VolumeFactor: Double
        public var gen2StartYear: Double
        /// Last calendar year of the projection and the years of operation of the site comparison.
        public var lastYear: Double
        public var siteYears: Double
        /// HEALPix nside of the template on the pseudo-data sets (coarser than the fit's keeps the
        /// smoothing cheap; nil: the template's own). The data point always uses the fit's.
        public var pseudoDataNside: Int?
        public var chunkSize: Int
    }

    public let spec: StepSpec

    /// - Parameters: `template`: the template step; `fit`: its template-fit step (background
    ///   `ts.json`, `gamma`), whose data (the data step's selection, passed on) this one uses, so that its background trials
    ///   describe the same data; `published`: a `PublishedFlux` step.
    public init(_ name: String, template: StepRef, fit: StepRef, published: StepRef,
                signalTrials: Int = 200, backgroundTrials: Int = 200, exposureFactors: [Double] = [3],
                siteLatitude: Double = 36, siteExposureFactors: [Double] = [1, 3], gen2VolumeFactor: Double = 8,
                gen2StartYear: Double = 2032, lastYear: Double = 2045, siteYears: Double = 20, pseudoDataNside: Int? = 32,
                chunkSize: Int = 25) {
        var inputs = IceCubeInputs.standard
        inputs["template"] = .step(template.name)
        inputs["fit"] = .step(fit.name)
        inputs["published"] = .step(published.name)
        spec = StepSpec(name, Parameters(signalTrials: signalTrials, backgroundTrials: backgroundTrials,
                                         exposureFactors: exposureFactors, siteLatitude: siteLatitude, siteExposureFactors: siteExposureFactors,
                                         gen2VolumeFactor: gen2VolumeFactor, gen2StartYear: gen2StartYear, lastYear: lastYear,
                                         siteYears: siteYears, pseudoDataNside: pseudoDataNside, chunkSize: chunkSize), inputs: inputs)
    }
}

/// What the projection figures draw (all significances in sigma, one-sided).
public struct ProjectionData: Codable, Sendable {
    public struct Point: Codable, Sendable {
        public var sample: String          // "IceCube (data)", "IceCube (pseudo-data)", "site", "joint"
        public var exposureFactor: Double  // relative to the data set (IceCube) or to the rotated data set (site)
        public var year: Double?           // calendar year reaching this exposure (IceCube points)
        public var expected: ExpectedSignificance
    }
    public struct Curve: Codable, Sendable {
        public var label: String
        public var x: [Double]
        public var median: [Double]
        public var lower: [Double]
        public var upper: [Double]
    }
    public var points: [Point]
    /// Calendar-year projections: IceCube, and the Gen2-like scenario.
    public var calendar: [Curve]
    public var gen2StartYear: Double
    /// Years-of-operation comparison: IceCube, the site, combined.
    public var sites: [Curve]
    public var siteName: String
    /// Exposure factors reached per year of operation: IceCube (data-set units) and the site
    /// (units of the rotated data set).
    public var icecubeExposurePerYear: Double
    public var siteExposurePerYear: Double
    /// Events per year from a point source with dN/dE = 10⁻¹⁸ (E/100 TeV)^−2.7 GeV⁻¹ cm⁻² s⁻¹ at
    /// the centre of each declination bin, for IC86 at the South Pole and at the site.
    public var decCentresDegrees: [Double]
    public var icecubeEventsPerYear: [Double]
    public var siteEventsPerYear: [Double]
}

/// Trial sets: "data-signal" (injection into the data set; its background is the fit's), and a
/// "-background"/"-signal" pair for every pseudo-data set: "pseudo-<i>" (exposureFactors[i]),
/// "site-<i>" (siteExposureFactors[i]) and "joint". The pseudo-data sets themselves are drawn in
/// `prepare` from `preparationGenerator("<set>-season-<j>")`, identically in every process.
struct ExposureProjectionKind: SplittableStepKind {
    typealias Parameters = ExposureProjection.Parameters
    // 2: ring averages summed in pixel order (deterministic); 3: trial sets seeded by the runner;
    // 4: Z(k) with an extrapolation range, Gen2 area = volume^(2/3)
    static let version = 4
    /// Track effective area of a detector with `volume` times IceCube's instrumented volume.
    static func gen2AreaFactor(_ p: Parameters) -> Double { pow(p.gen2VolumeFactor, 2.0 / 3.0) }
    static let codeModules = ["FolioIceCube", "FolioSky", "FolioStatistics"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["injectedEvents", "expectedSignificance", "expectedSignificanceAsymptotic", "backgroundPositiveFraction",
         "ic86BackgroundEventsPerYear", "expectedTS", "signalTrials", "backgroundTrials", "exposurePoints", "pseudoDataNside",
         "maxExposureFactor", "icecubeExponent", "siteExposureExponent", "gen2VolumeFactor", "ic86ExposurePerYear", "ic86EventsPerYear",
         "ic86LivetimePerYear", "siteEventsPerYear", "recordedExposure", "icecubeRecorded", "icecube2030", "icecubeLast",
         "gen2Last", "lastYear", "gen2StartYear", "gen2AreaFactor", "siteLatitude", "siteYears", "icecubeSiteYears",
         "siteSiteYears", "combinedSiteYears", "jointMeasured", "pseudoSignificance", "pseudoBackgroundPositiveFraction",
         "siteSignificance", "maxSiteExposureFactor", "jointPredicted", "siteToIceCubeExposure", "siteToIceCubeGalacticCentre"]
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.signalTrials < 10 { problems.append("parameter 'signalTrials' must be at least 10, found \(p.signalTrials)") }
        if p.backgroundTrials < 10 { problems.append("parameter 'backgroundTrials' must be at least 10, found \(p.backgroundTrials)") }
        if p.exposureFactors.contains(where: { !($0 > 0) }) || p.siteExposureFactors.contains(where: { !($0 > 0) }) {
            problems.append("parameters 'exposureFactors' and 'siteExposureFactors' must be positive")
        }
        if p.siteExposureFactors.isEmpty { problems.append("parameter 'siteExposureFactors' needs at least one value") }
        if !(-90...90).contains(p.siteLatitude) { problems.append("parameter 'siteLatitude' must lie in [-90, 90], found \(p.siteLatitude)") }
        if !(p.gen2VolumeFactor >= 1) { problems.append("parameter 'gen2VolumeFactor' must be at least 1") }
        if !(p.lastYear > p.gen2StartYear) { problems.append("parameter 'lastYear' must be after 'gen2StartYear'") }
        if !(p.siteYears > 0) { problems.append("parameter 'siteYears' must be positive") }
        if p.chunkSize < 1 { problems.append("parameter 'chunkSize' must be at least 1") }
        if let n = p.pseudoDataNside, n < 1 || n & (n - 1) != 0 || n > 256 {
            problems.append("parameter 'pseudoDataNside' must be a power of two up to 256, found \(n)")
        }
        return problems
    }

    /// The pseudo-data sets, in plan order.
    static func pseudoSets(_ p: Parameters) -> [String] {
        p.exposureFactors.indices.map { "pseudo-\($0)" } + p.siteExposureFactors.indices.map { "site-\($0)" } + ["joint"]
    }

    static func trialPlan(_ p: Parameters) -> TrialPlan {
        TrialPlan([TrialSet("data-signal", trials: p.signalTrials, chunkSize: p.chunkSize)] + pseudoSets(p).flatMap { name in
            [TrialSet("\(name)-background", trials: p.backgroundTrials, chunkSize: p.chunkSize),
             TrialSet("\(name)-signal", trials: p.signalTrials, chunkSize: p.chunkSize)]
        })
    }

    /// A likelihood and the mean signal injected into it.
    struct Sample: Sendable {
        var analysis: TemplateAnalysis
        var injectMean: Double
    }

    struct Prepared: Sendable {
        var dataset: IceCubeDataset
        var template: SkyTemplate
        var pseudoTemplate: SkyTemplate
        var gamma: Double
        var phi0: Double
        var background: BackgroundTSDistribution
        var site: DetectorSite
        /// "data" and every pseudo-data set, by name.
        var samples: [String: Sample]
    }

    static func prepare(_ p: Parameters, in context: StepContext) throws -> Prepared {
        let (dataset, _) = try IceCubeInputs.load(dataInput: "fit", in: context)
        let map = try HEALPixMap.read(from: try context.outputs(of: "template").privateFile("template.fits")).rotated(to: .equatorial)
        let template = SkyTemplate(nside: map.nside, values: map.values)
        let pseudoTemplate = p.pseudoDataNside.map { template.degraded(toNside: $0) } ?? template
        let gamma = try TemplateFitOutput.read(input: "fit", in: context).gamma
        let background = BackgroundTSDistribution(trials: try TrialDistribution.read(input: "fit", in: context).ts)
        let published = try PublishedFluxOutput.read(input: "published", in: context)
        let flux100 = published.flux100TeV, publishedGamma = published.gamma
        if abs(publishedGamma - gamma) > 1e-6 {
            context.notice("the published spectrum has index \(publishedGamma), the template fit \(gamma): the published dN/dE at 100 TeV is injected with the fit's index")
        }
        // All-sky per-flavour dN/dE at 100 TeV → template normalisation φ₀ at 1 TeV (TemplateAnalysis' unit).
        let phi0 = flux100 * pow(100, gamma)
        let site = DetectorSite(name: String(format: "Mediterranean (%.0f° N)", p.siteLatitude), latitudeDegrees: p.siteLatitude)
        let analysis = try TemplateAnalysis(dataset: dataset, template: template, gamma: gamma)
        var samples = ["data": Sample(analysis: analysis, injectMean: phi0 * analysis.signalYield)]

        // Pseudo-data: every season of the data set scaled alike (IceCube, the rotated site), and one
        // joint IceCube + site sample.
        let usable = dataset.seasons.filter { $0.smearing != nil }
        func draw(_ name: String, _ j: Int, _ k: Double, at detector: DetectorSite) -> SeasonData {
            var g = context.preparationGenerator("\(name)-season-\(j)")
            return PseudoSample.season(usable[j], exposureFactor: k, site: detector, using: &g)
        }
        var pseudo: [(String, [SeasonData])] = []
        for (i, k) in p.exposureFactors.enumerated() {
            pseudo.append(("pseudo-\(i)", usable.indices.map { draw("pseudo-\(i)", $0, k, at: .southPole) }))
        }
        for (i, k) in p.siteExposureFactors.enumerated() {
            pseudo.append(("site-\(i)", usable.indices.map { draw("site-\(i)", $0, k, at: site) }))
        }
        pseudo.append(("joint", usable.indices.flatMap { [draw("joint", $0, 1, at: .southPole), draw("joint-site", $0, 1, at: site)] }))
        for (name, seasons) in pseudo {
            let a = try TemplateAnalysis(dataset: PseudoSample.dataset(seasons, root: dataset.root), template: pseudoTemplate, gamma: gamma)
            samples[name] = Sample(analysis: a, injectMean: phi0 * a.signalYield)
        }
        return Prepared(dataset: dataset, template: template, pseudoTemplate: pseudoTemplate, gamma: gamma, phi0: phi0,
                        background: background, site: site, samples: samples)
    }

    /// TS of the chunk's trials on its sample: background-only, or with the published flux injected.
    static func runChunk(_ p: Parameters, chunk: TrialChunk, prepared: Prepared, in context: StepContext) -> [Double] {
        let signal = chunk.set.hasSuffix("-signal")
        let name = String(chunk.set.dropLast(signal ? "-signal".count : "-background".count))
        let sample = prepared.samples[name]!
        var g = chunk.generator()
        return sample.analysis.trials(count: chunk.trials.count, injectMean: signal ? sample.injectMean : 0, using: &g).map(\.ts)
    }

    static func finish(_ p: Parameters, chunks: [[Double]], prepared: Prepared, in context: StepContext) throws {
        let plan = trialPlan(p)
        let dataset = prepared.dataset, template = prepared.template, pseudoTemplate = prepared.pseudoTemplate
        let gamma = prepared.gamma, phi0 = prepared.phi0, site = prepared.site
        func ts(_ set: String) -> [Double] { plan.chunks(of: set).flatMap { chunks[$0] } }
        /// Background and signal trials of one pseudo-data set.
        func measure(_ name: String) -> ExpectedSignificance {
            ExpectedSignificance(signalTS: ts("\(name)-signal"), background: BackgroundTSDistribution(trials: ts("\(name)-background")),
                                 injectedMean: prepared.samples[name]!.injectMean)
        }

        // 1. The data set itself, against the fit's own background trials.
        let analysis = prepared.samples["data"]!.analysis
        let mu = prepared.samples["data"]!.injectMean
        let here = ExpectedSignificance(signalTS: ts("data-signal"), background: prepared.background, injectedMean: mu)
        var points = [ProjectionData.Point(sample: "IceCube (data)", exposureFactor: 1, year: nil, expected: here)]
        // 2. IceCube pseudo-data at scaled exposure. 3. The rotated detector, and one joint IceCube + site run.
        let usable = dataset.seasons.filter { $0.smearing != nil }
        for (i, k) in p.exposureFactors.enumerated() {
            points.append(.init(sample: "IceCube (pseudo-data)", exposureFactor: k, year: nil, expected: measure("pseudo-\(i)")))
        }
        var siteYieldAtUnit = 0.0
        for (i, k) in p.siteExposureFactors.enumerated() {
            siteYieldAtUnit = prepared.samples["site-\(i)"]!.analysis.signalYield / k
            points.append(.init(sample: "site", exposureFactor: k, year: nil, expected: measure("site-\(i)")))
        }
        let joint = measure("joint")
        points.append(.init(sample: "joint", exposureFactor: 1, year: nil, expected: joint))

        // Z(k) on the asymptotic medians (√TS): background trials cannot reach the tails that large
        // exposures need, and they check the asymptotic mapping where they can.
        func scaling(_ keep: (ProjectionData.Point) -> Bool) -> ExposureScaling {
            ExposureScaling(points: points.filter(keep).map { ($0.exposureFactor, $0.expected.asymptoticMedian, $0.expected.asymptoticMedianError) })
        }
        let icecube = scaling { $0.sample.hasPrefix("IceCube") }
        let siteScaling = scaling { $0.sample == "site" }
        let jointPredicted = ExposureScaling.combined([(icecube, 1), (siteScaling, 1)]).median
        let gen2Area = gen2AreaFactor(p)

        // Exposure of every season in the release, in units of this data set's exposure.
        let root = try context.directory("release").deletingLastPathComponent()
        let release: [SeasonExposure]
        do { release = try SeasonExposure.load(root: root, manifest: try ChecksumManifest.load(try context.file("checksums"))) }
        catch let error as DataFileError { throw InputFileError(path: error.file, line: error.line, error.message) }
        let unitYield = analysis.signalYield
        let yields = release.map { TemplateExposure.yield(template: template, effectiveArea: $0.effectiveArea, gamma: gamma,
                                                          livetimeSeconds: $0.goodRuns.livetimeSeconds) }
        let ic86 = release.indices.filter { release[$0].season >= .ic86I }
        guard !ic86.isEmpty else { throw InputFileError(path: root.path, "no IC86 season (uptime and effective area) to project with") }
        let ic86YieldPerYear = ic86.reduce(0) { $0 + yields[$1] } / ic86.reduce(0) { $0 + release[$1].spanYears }
        let ic86LivetimeFraction = ic86.reduce(0) { $0 + release[$1].goodRuns.livetimeDays } / ic86.reduce(0) { $0 + release[$1].spanYears * 365.25 }
        let ic86Rate = ic86YieldPerYear / unitYield          // data-set exposures per calendar year
        let firstYear = SeasonExposure.year(mjd: release[0].startMJD)
        let lastRecorded = SeasonExposure.year(mjd: release[release.count - 1].stopMJD)
        /// Cumulative exposure (data-set units) at a calendar year: recorded seasons accrue linearly
        /// over their spans, then the mean IC86 rate, × gen2AreaFactor from gen2StartYear if `gen2`.
        func exposure(atYear t: Double, gen2: Bool) -> Double {
            var k = 0.0
            for (s, y) in zip(release, yields) {
                let a = SeasonExposure.year(mjd: s.startMJD), b = SeasonExposure.year(mjd: s.stopMJD)
                k += y / unitYield * min(1, max(0, (t - a) / (b - a)))
            }
            k += ic86Rate * max(0, t - lastRecorded)
            if gen2 { k += (gen2Area - 1) * ic86Rate * max(0, t - p.gen2StartYear) }
            return k
        }
        let years = stride(from: firstYear, through: p.lastYear, by: 0.25).map { $0 }
        /// Band: the extrapolation range of Z(k) (exponent ½ to the last measured one).
        func curve(_ label: String, _ xs: [Double], _ z: (Double) -> ExposureScaling.Projection) -> ProjectionData.Curve {
            let m = xs.map(z)
            return .init(label: label, x: xs, median: m.map(\.median), lower: m.map(\.lower), upper: m.map(\.upper))
        }
        let calendar = [
            curve("IceCube (this analysis' tracks)", years) { icecube.projection(exposure: exposure(atYear: $0, gen2: false)) },
            curve(String(format: "with a %.0f× volume (%.0f× area) detector from %.0f", p.gen2VolumeFactor, gen2Area, p.gen2StartYear),
                  years.filter { $0 >= p.gen2StartYear }) {
                icecube.projection(exposure: exposure(atYear: $0, gen2: true))
            },
        ]
        for i in points.indices where points[i].sample.hasPrefix("IceCube") {
            let k = points[i].exposureFactor
            points[i].year = years.first { exposure(atYear: $0, gen2: false) >= k }.map { y in
                // Refine between quarter-year steps by bisection.
                var lo = y - 0.25, hi = y
                for _ in 0..<30 { let mid = 0.5 * (lo + hi); if exposure(atYear: mid, gen2: false) >= k { hi = mid } else { lo = mid } }
                return hi
            }
        }

        // The site: IC86's area rotated, per year at IC86's livetime fraction, in units of the rotated data set.
        let ic86Area = (release.first { $0.season == .ic86II } ?? release[ic86[0]]).effectiveArea
        let siteArea = ic86Area.rotated(to: site)
        let yearSeconds = 365.25 * 86_400 * ic86LivetimeFraction
        let siteRate = TemplateExposure.yield(template: template, effectiveArea: siteArea, gamma: gamma, livetimeSeconds: yearSeconds) / siteYieldAtUnit
        let icecubeRateOperation = TemplateExposure.yield(template: template, effectiveArea: ic86Area, gamma: gamma, livetimeSeconds: yearSeconds) / unitYield
        let operation = stride(from: 0.0, through: p.siteYears, by: 0.25).map { $0 }
        let sites = [
            curve("IceCube (IC86)", operation) { icecube.projection(exposure: icecubeRateOperation * $0) },
            curve(site.name, operation) { siteScaling.projection(exposure: siteRate * $0) },
            curve("combined (joint likelihood)", operation) {
                ExposureScaling.combined([(icecube, icecubeRateOperation * $0), (siteScaling, siteRate * $0)])
            },
        ]
        let pointFlux = 1e-18   // GeV⁻¹ cm⁻² s⁻¹ at 100 TeV, for the exposure figure
        let decCentres = (0..<ic86Area.decBinCount).map { 0.5 * (ic86Area.decEdgesDegrees[$0] + ic86Area.decEdgesDegrees[$0 + 1]) }
        let data = ProjectionData(points: points, calendar: calendar, gen2StartYear: p.gen2StartYear, sites: sites, siteName: site.name,
                                  icecubeExposurePerYear: icecubeRateOperation, siteExposurePerYear: siteRate,
                                  decCentresDegrees: decCentres,
                                  icecubeEventsPerYear: ic86Area.eventsPerYear(phi0: pointFlux, gamma: gamma, e0: 1e5, livetimeFraction: ic86LivetimeFraction),
                                  siteEventsPerYear: siteArea.eventsPerYear(phi0: pointFlux, gamma: gamma, e0: 1e5, livetimeFraction: ic86LivetimeFraction))
        try context.writeJSON(data, to: "projection.json")

        func opt(_ x: Double?) -> String { x.map(fmt) ?? "" }
        var csv = "sample,exposure_factor,year,injected_mean_events,median_ts,sqrt_ts_median,sqrt_ts_16pct,sqrt_ts_84pct,"
        csv += "trials_sigma_median,trials_sigma_16pct,trials_sigma_84pct,background_positive_fraction,signal_trials,background_trials\n"
        for pt in points {
            let e = pt.expected
            csv += "\(pt.sample),\(fmt(pt.exposureFactor)),\(pt.year.map { String(format: "%.2f", $0) } ?? ""),\(fmt(e.injectedMean)),\(fmt(e.medianTS)),"
            csv += "\(fmt(e.asymptoticMedian)),\(fmt(e.asymptoticLower)),\(fmt(e.asymptoticUpper)),\(opt(e.median)),\(opt(e.lower)),\(opt(e.upper)),"
            csv += "\(fmt(e.backgroundPositiveFraction)),\(e.signalTrials),\(e.backgroundTrials)\n"
        }
        try context.publish(Data(csv.utf8), as: "tables/\(context.stepName)-points.csv")

        /// Trial-based significance (median, 16–84%); falls back to nothing when undefined.
        func measured(_ e: ExpectedSignificance) -> ResultValue? {
            guard let m = e.median, let lo = e.lower, let hi = e.upper else { return nil }
            return ResultValue(m, unit: .sigma, minus: m - lo, plus: hi - m, kind: .significance)
        }
        func asymptotic(_ e: ExpectedSignificance) -> ResultValue {
            ResultValue(e.asymptoticMedian, unit: .sigma, minus: e.asymptoticMedian - e.asymptoticLower,
                        plus: e.asymptoticUpper - e.asymptoticMedian, kind: .significance)
        }
        /// A projection: the central Z with its extrapolation range (no range where measured).
        func sigma(_ z: ExposureScaling.Projection) -> ResultValue {
            ResultValue(z.median, unit: .sigma, minus: z.median - z.lower, plus: z.upper - z.median, kind: .significance)
        }
        context.record("injectedEvents", ResultValue(mu, unit: .events, kind: .quantity))
        if let headline = measured(here) {
            context.record("expectedSignificance", headline)
        } else {
            context.record("expectedSignificance", ResultValue(nil, unit: .sigma, kind: .significance))
            context.notice("fewer than \(ExpectedSignificance.minimumPositiveBackground) background trials of input 'fit' have TS > 0: no trial-based expected significance; raise its background trials")
        }
        context.record("expectedSignificanceAsymptotic", asymptotic(here))
        context.record("backgroundPositiveFraction", ResultValue(here.backgroundPositiveFraction, unit: .dimensionless))
        context.record("ic86BackgroundEventsPerYear", ResultValue(ic86Rate * Double(usable.reduce(0) { $0 + $1.events.count }), unit: .events, kind: .quantity))
        context.record("expectedTS", ResultValue(here.medianTS, unit: .dimensionless, kind: .testStatistic))
        context.record("signalTrials", ResultValue(Double(p.signalTrials), unit: .trials, kind: .count))
        context.record("backgroundTrials", ResultValue(Double(p.backgroundTrials), unit: .trials, kind: .count))
        context.record("exposurePoints", ResultValue(Double(p.exposureFactors.count + 1), unit: .dimensionless, kind: .count))
        context.record("pseudoDataNside", ResultValue(Double(pseudoTemplate.nside), unit: .dimensionless))
        context.record("maxExposureFactor", ResultValue(p.exposureFactors.max() ?? 1, unit: .dimensionless))
        context.record("icecubeExponent", ResultValue(icecube.lastExponent, unit: .dimensionless, minus: icecube.lastExponentError,
                                                      plus: icecube.lastExponentError, kind: .fitParameter))
        context.record("siteExposureExponent", ResultValue(siteScaling.lastExponent, unit: .dimensionless, minus: siteScaling.lastExponentError,
                                                           plus: siteScaling.lastExponentError, kind: .fitParameter))
        context.record("ic86ExposurePerYear", ResultValue(ic86Rate, unit: .dimensionless))
        context.record("ic86EventsPerYear", ResultValue(phi0 * ic86YieldPerYear, unit: .events, kind: .quantity))
        context.record("ic86LivetimePerYear", ResultValue(ic86LivetimeFraction * 365.25, unit: .days, kind: .livetime))
        context.record("siteEventsPerYear", ResultValue(phi0 * siteRate * siteYieldAtUnit, unit: .events, kind: .quantity))
        context.record("recordedExposure", ResultValue(exposure(atYear: lastRecorded, gen2: false), unit: .dimensionless))
        context.record("icecubeRecorded", sigma(icecube.projection(exposure: exposure(atYear: lastRecorded, gen2: false))))
        context.record("icecube2030", sigma(icecube.projection(exposure: exposure(atYear: 2030, gen2: false))))
        context.record("icecubeLast", sigma(icecube.projection(exposure: exposure(atYear: p.lastYear, gen2: false))))
        context.record("gen2Last", sigma(icecube.projection(exposure: exposure(atYear: p.lastYear, gen2: true))))
        context.record("lastYear", ResultValue(p.lastYear, unit: .dimensionless))
        context.record("gen2StartYear", ResultValue(p.gen2StartYear, unit: .dimensionless))
        context.record("gen2AreaFactor", ResultValue(gen2Area, unit: .dimensionless))
        context.record("gen2VolumeFactor", ResultValue(p.gen2VolumeFactor, unit: .dimensionless))
        context.record("siteLatitude", ResultValue(p.siteLatitude, unit: .degrees))
        context.record("siteYears", ResultValue(p.siteYears, unit: .dimensionless))
        let t = p.siteYears
        context.record("icecubeSiteYears", sigma(icecube.projection(exposure: icecubeRateOperation * t)))
        context.record("siteSiteYears", sigma(siteScaling.projection(exposure: siteRate * t)))
        context.record("combinedSiteYears", sigma(ExposureScaling.combined([(icecube, icecubeRateOperation * t), (siteScaling, siteRate * t)])))
        context.record("jointMeasured", asymptotic(joint))
        if let largest = points.filter({ $0.sample == "IceCube (pseudo-data)" }).max(by: { $0.exposureFactor < $1.exposureFactor }) {
            context.record("pseudoSignificance", asymptotic(largest.expected))
            context.record("pseudoBackgroundPositiveFraction", ResultValue(largest.expected.backgroundPositiveFraction, unit: .dimensionless))
        }
        if let largest = points.filter({ $0.sample == "site" }).max(by: { $0.exposureFactor < $1.exposureFactor }) {
            context.record("siteSignificance", asymptotic(largest.expected))
            context.record("maxSiteExposureFactor", ResultValue(largest.exposureFactor, unit: .dimensionless))
        }
        context.record("jointPredicted", ResultValue(jointPredicted, unit: .sigma, kind: .significance))
        context.record("siteToIceCubeExposure", ResultValue(siteRate * siteYieldAtUnit / (icecubeRateOperation * unitYield), unit: .dimensionless))
        let gcBin = ic86Area.decBin(degrees: -29.0)
        context.record("siteToIceCubeGalacticCentre", ResultValue(data.siteEventsPerYear[gcBin] / data.icecubeEventsPerYear[gcBin], unit: .dimensionless))
    }

    static func fmt(_ x: Double) -> String { String(format: "%.6g", x) }
}

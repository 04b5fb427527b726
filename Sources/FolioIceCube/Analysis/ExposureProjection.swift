import FolioStatistics
import Foundation

/// Pseudo-data standing for more (or other) exposure than the data set holds, built from the data's
/// own distributions, so that the template likelihood can be run on them unchanged.
///
/// A pseudo-season for exposure factor k (relative to `base`) holds round(k N) events drawn with
/// replacement from the base season's (log10 E, δ, σ) triples; right ascensions are uniform (every
/// trial scrambles them anyway); the livetime is k T, so the analysis' signal expectation scales by k.
/// Background and signal therefore both scale with k, the approximation of a detector whose signal
/// and background rates grow together. For another site each drawn event's δ is read as IceCube's
/// local zenith θ = 90° + δ and re-expressed at that site's latitude at a uniformly drawn azimuth
/// (background flat in azimuth), and the effective area and smearing matrix are rotated with
/// `ResponseRotation`: the same detector, moved.
public enum PseudoSample {
    /// Draws from `g` (the caller's trial chunk generator).
    public static func season<G: RandomNumberGenerator>(_ base: SeasonData, exposureFactor k: Double, site: DetectorSite = .southPole,
                                                        using g: inout G) -> SeasonData {
        precondition(k > 0, "exposure factor must be positive")
        let source = base.events
        let n = max(1, Int((k * Double(source.count)).rounded()))
        var log10E = [Double](), sigma = [Double](), ra = [Double](), dec = [Double]()
        log10E.reserveCapacity(n); sigma.reserveCapacity(n); ra.reserveCapacity(n); dec.reserveCapacity(n)
        let rotate = site.latitudeDegrees != -90
        for _ in 0..<n {
            let i = min(source.count - 1, Int(g.uniform() * Double(source.count)))
            log10E.append(source.log10Energy[i]); sigma.append(source.angularError[i])
            ra.append(2 * .pi * g.uniform())
            if rotate {
                let azimuth = 2 * Double.pi * g.uniform()
                dec.append(site.declination(zenithRadians: .pi / 2 + source.dec[i], azimuthRadians: azimuth))
            } else {
                dec.append(source.dec[i])
            }
        }
        let events = EventSample(mjd: [Double](repeating: 0, count: n), log10Energy: log10E, angularError: sigma, ra: ra, dec: dec)
        let area = rotate ? base.effectiveArea.rotated(to: site) : base.effectiveArea
        let smearing = rotate ? base.smearing?.rotated(to: site, effectiveArea: base.effectiveArea) : base.smearing
        return SeasonData(season: base.season, events: events, effectiveArea: area, smearing: smearing,
                          smearingIsStandIn: base.smearingIsStandIn,
                          goodRuns: GoodRunList(start: [0], stop: [k * base.goodRuns.livetimeDays]))
    }

    /// A data set of pseudo-seasons (independent samples: a joint likelihood over them is the sum
    /// of their log-likelihood ratios with one common signal normalisation).
    public static func dataset(_ seasons: [SeasonData], root: URL) -> IceCubeDataset {
        IceCubeDataset(root: root, seasons: seasons, notices: [])
    }
}

/// The expected significance of an injected signal, two ways:
/// - from the trials: every signal-injection trial's TS becomes a one-sided Gaussian significance
///   through the background TS distribution of the same analysis (p = fraction of background
///   trials at or above, or its fitted tail); a trial not above the background's point mass at 0
///   counts as 0σ. Undefined (nil) when fewer than `minimumPositiveBackground` background trials
///   have TS > 0: their tail cannot be fitted;
/// - asymptotically: Z = √TS per trial (Chernoff/Wilks for one parameter on its boundary), which
///   needs no background trials and is what the √exposure law extrapolates.
/// Each is summarised by the median and the 16% and 84% quantiles (sigma).
public struct ExpectedSignificance: Codable, Sendable, Equatable {
    public static let minimumPositiveBackground = 10

    /// Mean number of injected signal events (Poisson mean of every trial), events.
    public var injectedMean: Double
    public var median: Double?
    public var lower: Double?
    public var upper: Double?
    public var asymptoticMedian: Double
    public var asymptoticLower: Double
    public var asymptoticUpper: Double
    public var medianTS: Double
    /// Fraction of background trials with TS > 0 (½ asymptotically).
    public var backgroundPositiveFraction: Double
    public var signalTrials: Int
    public var backgroundTrials: Int

    public init(signalTS: [Double], background: BackgroundTSDistribution, injectedMean: Double) {
        precondition(!signalTS.isEmpty, "no signal trials")
        self.injectedMean = injectedMean
        let positive = background.sortedTS.filter { $0 > background.zeroThreshold }.count
        if positive >= Self.minimumPositiveBackground {
            let z = signalTS.map { ts -> Double in
                let s = background.significance(of: ts).sigma
                return s.isFinite ? max(0, s) : (s > 0 ? 40 : 0)
            }.sorted()
            median = Self.quantile(z, 0.5); lower = Self.quantile(z, 0.16); upper = Self.quantile(z, 0.84)
        }
        let ts = signalTS.sorted()
        let root = ts.map { max(0, $0).squareRoot() }
        asymptoticMedian = Self.quantile(root, 0.5); asymptoticLower = Self.quantile(root, 0.16); asymptoticUpper = Self.quantile(root, 0.84)
        medianTS = Self.quantile(ts, 0.5)
        backgroundPositiveFraction = Double(positive) / Double(background.sortedTS.count)
        signalTrials = signalTS.count; backgroundTrials = background.sortedTS.count
    }

    /// Standard error of `asymptoticMedian`: 1.2533 σ/√n for a near-normal sample, σ from the
    /// central 68% (sigma).
    public var asymptoticMedianError: Double {
        1.2533 * 0.5 * (asymptoticUpper - asymptoticLower) / Double(max(1, signalTrials)).squareRoot()
    }

    /// Linear interpolation between order statistics of an ascending sample (the background TS
    /// distribution's own rule).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double { BackgroundTSDistribution.quantile(sorted: sorted, q) }
}

/// Median expected significance versus exposure, Z(k), from medians measured at a few exposure
/// factors and extrapolated beyond them with its uncertainty.
///
/// Measured: a power law through neighbouring points (log-log interpolation; below the smallest
/// exposure the first segment's exponent, Z(0) = 0). Z/√k is not constant at small k (the nₛ ≥ 0
/// boundary and few signal events make Z grow faster than √k), so one constant c in Z = c√k fitted
/// to all points would hide an extrapolation. Beyond the largest measured exposure k_max,
/// Z = Z(k_max) (k/k_max)^b with b between ½ (the asymptotic law: the Asimov TS of a likelihood whose
/// signal and background grow together is linear in exposure, Cowan et al., EPJC 71, 1554 (2011))
/// and the exponent b̂ of the last measured segment (the local exponent falls towards ½ as k grows);
/// the central value takes the exponent halfway, and the two ends are the extrapolation range.
/// Independent samples in one joint likelihood add their Asimov TS: Z² = Σ Z_d².
public struct ExposureScaling: Codable, Sendable, Equatable {
    /// Measured (exposure factor, median significance) points, ascending in exposure.
    public var exposures: [Double]
    public var medians: [Double]
    /// The last segment's exponent b̂ (at least ½; ½ with a single point) and its statistical
    /// error from the medians' errors.
    public var lastExponent: Double
    public var lastExponentError: Double

    /// A median with the range of its extrapolation (sigma); `lower == upper == median` where measured.
    public struct Projection: Sendable, Equatable {
        public var median: Double
        public var lower: Double
        public var upper: Double
    }

    /// `points`: (exposure factor > 0, median significance ≥ 0, standard error of the median).
    public init(points: [(exposure: Double, median: Double, error: Double)]) {
        precondition(!points.isEmpty && points.allSatisfy { $0.exposure > 0 }, "need points at positive exposure")
        // Points at the same exposure (the data set and its k = 1 pseudo-data) are merged: their
        // mean, with the error of a mean; a zero-length segment has no exponent.
        var merged: [(exposure: Double, median: Double, error: Double)] = []
        for k in Set(points.map(\.exposure)).sorted() {
            let same = points.filter { $0.exposure == k }
            let n = Double(same.count)
            merged.append((k, same.reduce(0) { $0 + $1.median } / n, (same.reduce(0) { $0 + $1.error * $1.error }).squareRoot() / n))
        }
        let sorted = merged
        exposures = sorted.map(\.exposure)
        medians = sorted.map { max(1e-9, $0.median) }
        if sorted.count >= 2 {
            let a = sorted[sorted.count - 2], b = sorted[sorted.count - 1]
            let span = log(b.exposure / a.exposure)
            let raw = log(max(1e-9, b.median) / max(1e-9, a.median)) / span
            lastExponent = max(0.5, raw)
            lastExponentError = ((a.error / max(1e-9, a.median)) * (a.error / max(1e-9, a.median))
                                 + (b.error / max(1e-9, b.median)) * (b.error / max(1e-9, b.median))).squareRoot() / span
        } else {
            lastExponent = 0.5
            lastExponentError = 0
        }
    }

    /// Exponent of the segment from point i to i + 1.
    func segmentExponent(_ i: Int) -> Double {
        log(medians[i + 1] / medians[i]) / log(exposures[i + 1] / exposures[i])
    }

    public func projection(exposure k: Double) -> Projection {
        guard k > 0 else { return Projection(median: 0, lower: 0, upper: 0) }
        let n = exposures.count
        if k > exposures[n - 1] {
            let ratio = k / exposures[n - 1], z = medians[n - 1]
            let low = z * pow(ratio, 0.5), high = z * pow(ratio, lastExponent)
            return Projection(median: z * pow(ratio, 0.5 * (0.5 + lastExponent)), lower: low, upper: high)
        }
        if n == 1 || k <= exposures[0] {
            let b = n == 1 ? 0.5 : segmentExponent(0)
            let z = medians[0] * pow(k / exposures[0], b)
            return Projection(median: z, lower: z, upper: z)
        }
        var i = 0
        while exposures[i + 1] < k { i += 1 }
        let z = medians[i] * pow(k / exposures[i], segmentExponent(i))
        return Projection(median: z, lower: z, upper: z)
    }

    /// A joint analysis of independent samples: Z² = Σ Z_d², end by end.
    public static func combined(_ parts: [(scaling: ExposureScaling, exposure: Double)]) -> Projection {
        let p = parts.map { $0.scaling.projection(exposure: $0.exposure) }
        func sum(_ f: (Projection) -> Double) -> Double { p.reduce(0) { $0 + f($1) * f($1) }.squareRoot() }
        return Projection(median: sum(\.median), lower: sum(\.lower), upper: sum(\.upper))
    }
}

/// Exposure of a data-taking period to a template: the expected signal events per unit template
/// normalisation, Y = T_live Σ_q T(q) ΔΩ A_eff-folded(δ_q), with T read as φ₀ [GeV⁻¹ cm⁻² s⁻¹ sr⁻¹]
/// at 1 TeV of an E^−γ spectrum (the convention of `TemplateAnalysis.signalYield`).
public enum TemplateExposure {
    public static func yield(template: SkyTemplate, effectiveArea: EffectiveArea, gamma: Double, livetimeSeconds: Double) -> Double {
        // The area folded with the spectrum depends on δ only through the declination bin.
        var perBin = [Double?](repeating: nil, count: effectiveArea.decBinCount)
        var total = 0.0
        for q in template.values.indices where template.values[q] > 0 {
            let decDegrees = template.dec[q] * 180 / .pi
            let b = effectiveArea.decBin(degrees: decDegrees)
            let a = perBin[b] ?? effectiveArea.expectedEvents(phi0: 1, gamma: gamma, decDegrees: decDegrees, livetimeSeconds: livetimeSeconds)
            perBin[b] = a
            total += template.values[q] * a
        }
        return total * template.pixelArea
    }
}

/// One data-taking season's exposure as recorded in the release: its good-run span and livetime
/// and the effective area it uses (IC86_III..VII use IC86_II's).
public struct SeasonExposure: Sendable {
    public let season: Season
    public let goodRuns: GoodRunList
    public let effectiveArea: EffectiveArea
    /// First run start and last run stop, MJD.
    public var startMJD: Double { goodRuns.start.min() ?? 0 }
    public var stopMJD: Double { goodRuns.stop.max() ?? 0 }
    /// Calendar span of the season in years (365.25 days).
    public var spanYears: Double { (stopMJD - startMJD) / 365.25 }

    /// Every season whose uptime and effective-area files are present under the data root (events
    /// need not be), verified against `manifest` when given.
    public static func load(root: URL, manifest: ChecksumManifest?) throws -> [SeasonExposure] {
        var out: [SeasonExposure] = []
        for season in Season.allCases {
            let uptime = "\(IceCubeDataset.releaseFolder)/\(season.uptimePath)"
            let area = "\(IceCubeDataset.releaseFolder)/\(season.effectiveAreaPath)"
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(uptime).path),
                  FileManager.default.fileExists(atPath: root.appendingPathComponent(area).path) else { continue }
            if let manifest {
                for rel in [uptime, area] { _ = try manifest.verify(relativePath: rel, root: root) }
            }
            out.append(SeasonExposure(season: season, goodRuns: try GoodRunList.read(root.appendingPathComponent(uptime)),
                                      effectiveArea: try EffectiveArea.read(root.appendingPathComponent(area))))
        }
        return out
    }

    /// Decimal calendar year of an MJD (J2000 = MJD 51544.5 = 2000.0).
    public static func year(mjd: Double) -> Double { 2000 + (mjd - 51_544.5) / 365.25 }
}

extension SkyTemplate {
    /// The template on a coarser HEALPix grid (RING): every coarse pixel takes the mean of the fine
    /// pixels whose centres it holds, so a density per steradian stays one (HEALPix ud_grade).
    public func degraded(toNside n: Int) -> SkyTemplate {
        guard n < nside else { return self }
        let coarse = SkyTemplate(nside: n, values: [Double](repeating: 0, count: 12 * n * n))
        var sum = [Double](repeating: 0, count: coarse.pixelCount), count = sum
        for p in values.indices {
            let q = coarse.pixel(ra: ra[p], dec: dec[p])
            sum[q] += values[p]; count[q] += 1
        }
        return SkyTemplate(nside: n, values: zip(sum, count).map { $1 > 0 ? $0 / $1 : 0 })
    }
}

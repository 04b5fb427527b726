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

    /// Linear interpolation between order statistics of an ascending sample (the background TS
    /// distribution's own rule).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double { BackgroundTSDistribution.quantile(sorted: sorted, q) }
}

/// Median expected significance versus exposure, Z(k) = c √k, calibrated on injection trials.
///
/// For a likelihood with one signal strength and a background that grows with the signal, the
/// median TS (the Asimov TS) is proportional to the exposure k, so Z = √TS_A grows as √k (Cowan et
/// al., EPJC 71, 1554 (2011)); c is fitted by least squares to measured medians (asymptotic
/// √TS of injection trials): c = Σ Zᵢ√kᵢ / Σ kᵢ.
/// The 16–84% band uses the asymptotic Z ~ N(c√k, 1), clipped at 0. Independent samples
/// (detectors) analysed jointly with one common normalisation add their Asimov TS:
/// Z² = Σ c_d² k_d.
public struct SqrtExposureScaling: Codable, Sendable, Equatable {
    /// Median significance at k = 1 (sigma).
    public var coefficient: Double

    public init(coefficient: Double) { self.coefficient = coefficient }

    /// Least-squares fit of Z = c √k to (exposure factor, median significance) points.
    public init(points: [(exposure: Double, median: Double)]) {
        precondition(!points.isEmpty && points.allSatisfy { $0.exposure > 0 }, "need points at positive exposure")
        coefficient = points.reduce(0) { $0 + $1.median * $1.exposure.squareRoot() } / points.reduce(0) { $0 + $1.exposure }
    }

    public func median(exposure k: Double) -> Double { coefficient * max(0, k).squareRoot() }

    /// 16% and 84% quantiles of the expected significance.
    public func band(exposure k: Double) -> (lower: Double, upper: Double) {
        let z = median(exposure: k)
        return (max(0, z - 1), z + 1)
    }

    /// Median significance of a joint analysis of independent samples: √(Σ c_d² k_d).
    public static func combined(_ parts: [(scaling: SqrtExposureScaling, exposure: Double)]) -> Double {
        parts.reduce(0) { $0 + $1.scaling.coefficient * $1.scaling.coefficient * max(0, $1.exposure) }.squareRoot()
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

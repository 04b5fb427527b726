import FolioSky
import FolioStatistics
import Foundation

/// The all-sky point-source scan of IceCube's 10-year search (PRL 124, 051103 (2020)): the
/// point-source likelihood of `PointSourceAnalysis` (ns >= 0, gamma in [1, 4], E^-gamma) fitted at
/// every pixel centre of an equatorial HEALPix grid (RING ordering), then refined on a finer grid
/// around the hottest pixel of each hemisphere. The hemispheres split at declination -5 degrees as
/// in IceCube's searches (the northern sky is background-dominated by atmospheric muons below it).
///
/// Speed: one likelihood per declination ring (`ScanRing`) holds the band events' energy-ratio
/// tables, shared by every pixel on the ring and by every RA-scrambled scan; rings are fitted in
/// parallel. A scrambled scan gives every event one uniform RA shared by all rings, so each
/// scan is a whole pseudo-sky, a pure function of (seed, chunk).
///
/// ```swift
/// let scan = try AllSkyScan(dataset: data, settings: .init(nside: 32))
/// let sky = scan.scan()                                         // TS map and the two hot spots
/// let maxima = (0..<100).map { scan.scan(scrambledWithSeed: 7, chunk: $0).hotSpots.map(\.ts) }
/// let post = AllSkyScan.postTrialPValue(observedTS: sky.hotSpots[0].ts, scrambledMaxima: maxima.map { $0[0] })
/// ```
public struct AllSkyScan: Sendable {
    public struct Settings: Codable, Hashable, Sendable {
        /// nside of the scan grid (pixel spacing about 58.6° / nside).
        public var nside: Int
        /// nside of the refinement grid around each hemisphere's hottest pixel; 0 (or <= nside)
        /// means no refinement.
        public var refinementNside: Int
        /// Fine pixels whose centres lie within this angle (degrees) of the hottest coarse pixel
        /// are fitted.
        public var refinementRadiusDegrees: Double
        /// North: declination >= this (degrees); south: below. IceCube uses -5°.
        public var splitDeclinationDegrees: Double
        /// Half-size (degrees) of the event selection box around each position.
        public var boxHalfAngleDegrees: Double

        public init(nside: Int = 32, refinementNside: Int = 128, refinementRadiusDegrees: Double = 1.5,
                    splitDeclinationDegrees: Double = -5, boxHalfAngleDegrees: Double = 10) {
            self.nside = nside; self.refinementNside = refinementNside
            self.refinementRadiusDegrees = refinementRadiusDegrees
            self.splitDeclinationDegrees = splitDeclinationDegrees; self.boxHalfAngleDegrees = boxHalfAngleDegrees
        }

        /// Problems with the settings, one message each (empty when valid).
        public var problems: [String] {
            var out: [String] = []
            func powerOfTwo(_ n: Int) -> Bool { n > 0 && n & (n - 1) == 0 }
            if !powerOfTwo(nside) || nside > 1024 { out.append("nside must be a power of 2 up to 1024, found \(nside)") }
            if refinementNside != 0 && (!powerOfTwo(refinementNside) || refinementNside > 8192) {
                out.append("refinementNside must be 0 or a power of 2 up to 8192, found \(refinementNside)")
            }
            if !(refinementRadiusDegrees > 0 && refinementRadiusDegrees <= 10) {
                out.append("refinementRadiusDegrees must be in (0, 10], found \(refinementRadiusDegrees)")
            }
            if !(-90 < splitDeclinationDegrees && splitDeclinationDegrees < 90) {
                out.append("splitDeclinationDegrees must be in (-90, 90), found \(splitDeclinationDegrees)")
            }
            if !(boxHalfAngleDegrees > 0 && boxHalfAngleDegrees <= 30) {
                out.append("boxHalfAngleDegrees must be in (0, 30], found \(boxHalfAngleDegrees)")
            }
            return out
        }
    }

    public let settings: Settings
    let dataset: IceCubeDataset
    let coarse: HEALPixRings
    let fine: HEALPixRings?
    let coarseRings: [ScanRing]

    /// Invalid settings, with every problem named.
    public struct SettingsError: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { "all-sky scan settings: " + problems.joined(separator: "; ") }
    }

    /// Builds one likelihood per declination ring of the scan grid (in parallel on `threads`).
    /// Throws `SettingsError` for invalid settings and `DataFileError` for unusable data.
    public init(dataset: IceCubeDataset, settings: Settings = Settings(), threads: Int = 2) throws {
        guard settings.problems.isEmpty else { throw SettingsError(problems: settings.problems) }
        self.dataset = dataset
        self.settings = settings
        coarse = HEALPixRings(try HEALPix(nside: settings.nside))
        fine = settings.refinementNside > settings.nside ? HEALPixRings(try HEALPix(nside: settings.refinementNside)) : nil
        coarseRings = try Self.buildRings(coarse.rings.map(\.declination), dataset: dataset,
                                          box: settings.boxHalfAngleDegrees, threads: threads)
    }

    /// The grid of the TS map.
    public var grid: HEALPix { coarse.grid }

    public func hemisphere(ofDeclination dec: Double) -> SkyScanMap.Hemisphere {
        dec >= settings.splitDeclinationDegrees * .pi / 180 ? .north : .south
    }

    // MARK: - Scans

    /// The scan of the real events. `progress` is told the number of pixels finished (from any thread).
    public func scan(threads: Int = 2, progress: (@Sendable (Int) -> Void)? = nil) -> SkyScanMap {
        scan(scrambledRA: nil, threads: threads, progress: progress)
    }

    /// The scan of one RA-scrambled pseudo-sky: every event of every season gets a right ascension
    /// uniform in [0, 2π) drawn from `g` (the caller's trial chunk generator).
    public func scan<G: RandomNumberGenerator>(scrambledUsing g: inout G, threads: Int = 2,
                                               progress: (@Sendable (Int) -> Void)? = nil) -> SkyScanMap {
        let ra = dataset.seasons.filter { $0.smearing != nil }.map { s in
            (0..<s.events.count).map { _ in g.uniform(0, 2 * .pi) }
        }
        return scan(scrambledRA: ra, threads: threads, progress: progress)
    }

    /// The fit at one position of the scan grid's declinations (for checks): ring `ring` of the
    /// coarse grid, right ascension `ra` in radians, on the real events.
    func fit(ring: Int, ra: Double) -> PointSourceFit { coarseRings[ring].fit(ra: ra, scrambledRA: nil) }

    func scan(scrambledRA: [[Double]]?, threads: Int, progress: (@Sendable (Int) -> Void)?) -> SkyScanMap {
        let rings = coarse.rings
        let slots = ChunkSlots<[PointSourceFit]>(count: rings.count)
        Self.parallelForEach(rings.count, threads: threads) { r in
            let ring = coarseRings[r]
            slots[r] = rings[r].pixels.map { ring.fit(ra: coarse.rightAscension(of: $0), scrambledRA: scrambledRA) }
            progress?(rings[r].pixels.count)
        }
        let fits = slots.values.flatMap { $0! }
        var map = SkyScanMap(nside: settings.nside, ts: fits.map(\.ts), ns: fits.map(\.ns), gamma: fits.map(\.gamma), hotSpots: [])
        for h in SkyScanMap.Hemisphere.allCases {
            guard let best = hottestPixel(map.ts, in: h) else { continue }
            let c = coarse.grid.center(of: best)
            var spot = HotSpot(hemisphere: h, raDegrees: c.longitudeDegrees, decDegrees: c.latitudeDegrees,
                               ns: map.ns[best], gamma: map.gamma[best], ts: map.ts[best], nside: settings.nside, pixel: best)
            if let refined = refine(around: c, hemisphere: h, scrambledRA: scrambledRA, threads: threads), refined.ts > spot.ts {
                spot = refined
            }
            map.hotSpots.append(spot)
        }
        return map
    }

    /// The hottest pixel of a hemisphere (lowest index on ties).
    func hottestPixel(_ ts: [Double], in h: SkyScanMap.Hemisphere) -> Int? {
        var best: Int?
        for ring in coarse.rings where hemisphere(ofDeclination: ring.declination) == h {
            for p in ring.pixels where best == nil || ts[p] > ts[best!] { best = p }
        }
        return best
    }

    /// Fits every refinement-grid pixel within the refinement radius of `centre` (same
    /// hemisphere) and returns the best; nil without refinement. The fine rings' likelihoods are
    /// built on demand (a few per scan).
    func refine(around centre: SkyCoordinate, hemisphere h: SkyScanMap.Hemisphere, scrambledRA: [[Double]]?,
                threads: Int) -> HotSpot? {
        guard let fine else { return nil }
        let radius = settings.refinementRadiusDegrees * .pi / 180
        let v0 = centre.unitVector
        let candidates = fine.rings.filter {
            abs($0.declination - centre.latitude) <= radius && hemisphere(ofDeclination: $0.declination) == h
        }
        let slots = ChunkSlots<HotSpot?>(count: candidates.count)
        Self.parallelForEach(candidates.count, threads: threads) { k in
            let ringInfo = candidates[k]
            let pixels = ringInfo.pixels.filter { fine.grid.centerVector(of: $0).angle(to: v0) <= radius }
            guard !pixels.isEmpty,
                  let ring = try? ScanRing(dataset: dataset, declination: ringInfo.declination, boxHalfAngleDegrees: settings.boxHalfAngleDegrees)
            else { return }
            var best: HotSpot?
            for p in pixels {
                let ra = fine.rightAscension(of: p)
                let f = ring.fit(ra: ra, scrambledRA: scrambledRA)
                if best == nil || f.ts > best!.ts {
                    best = HotSpot(hemisphere: h, raDegrees: ra * 180 / .pi, decDegrees: ringInfo.declination * 180 / .pi,
                                   ns: f.ns, gamma: f.gamma, ts: f.ts, nside: fine.grid.nside, pixel: p)
                }
            }
            slots[k] = best
        }
        return slots.values.compactMap { $0 ?? nil }.max { $0.ts < $1.ts }
    }

    // MARK: - Significances

    /// The point-source analysis at a spot's position (this scan's selection box), whose
    /// RA-scrambled background trials give the spot's local (pre-trial) significance: the fraction
    /// of trials at or above the spot's TS, or the fitted χ² tail beyond them
    /// (`BackgroundTSDistribution`).
    public func localAnalysis(at spot: HotSpot) throws -> PointSourceAnalysis {
        try PointSourceAnalysis(dataset: dataset, source: SkyDirection(raDegrees: spot.raDegrees, decDegrees: spot.decDegrees),
                                boxHalfAngleDegrees: settings.boxHalfAngleDegrees)
    }

    /// Post-trial p-value of a hemisphere's hottest spot from the hottest TS of each scrambled
    /// all-sky scan in that hemisphere (`PostTrialPValue`).
    public static func postTrialPValue(observedTS: Double, scrambledMaxima: [Double]) -> PostTrialPValue {
        PostTrialPValue(observedTS: observedTS, scrambledMaxima: scrambledMaxima)
    }

    // MARK: - Helpers

    static func buildRings(_ declinations: [Double], dataset: IceCubeDataset, box: Double, threads: Int) throws -> [ScanRing] {
        let slots = ChunkSlots<Result<ScanRing, Error>>(count: declinations.count)
        parallelForEach(declinations.count, threads: threads) { i in
            slots[i] = Result { try ScanRing(dataset: dataset, declination: declinations[i], boxHalfAngleDegrees: box) }
        }
        return try slots.values.map { try $0!.get() }
    }

    /// Runs `body(0..<count)` on `threads` workers that take the next index as they finish (rings
    /// differ in size, so a static split would idle a core). Results go through ChunkSlots.
    static func parallelForEach(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard threads > 1 && count > 1 else { for i in 0..<count { body(i) }; return }
        let counter = IndexCounter()
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while true {
                let i = counter.next()
                guard i < count else { return }
                body(i)
            }
        }
    }
}

/// A shared "next index" for work-taking loops.
private final class IndexCounter: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}

/// The post-trial p-value of a hottest spot: the probability that an RA-scrambled sky has a
/// hottest TS (in the same hemisphere) at least as large as the observed one.
///
/// The scans' maxima are modelled by a Gumbel distribution fitted by maximum likelihood
/// (`GumbelFit`, the extreme-value law of a maximum over many positions); the p-value is its
/// survival at the observed TS, with a 68% interval from the fit's parameter uncertainty. The
/// empirical fraction of scans at or above the observed TS is kept beside it, with the binomial
/// 90% CL upper bound the scans themselves measure: where no scan or only a few reach the
/// observed TS, the Gumbel p-value is an extrapolation beyond that bound, and is reported as one.
public struct PostTrialPValue: Sendable, Equatable {
    /// Gumbel survival at the observed TS (the empirical fraction when the fit is impossible).
    public let pValue: Double
    /// 68% interval of `pValue` from the Gumbel parameters' uncertainty (equal to it without a fit).
    public let lower: Double
    public let upper: Double
    public let scans: Int
    /// Scans whose hottest TS is at least the observed one.
    public let scansAtOrAbove: Int
    /// 90% CL (Clopper–Pearson) upper bound on the p-value from the scans alone.
    public let trialBound: Double
    public let gumbel: GumbelFit?

    public var empiricalFraction: Double { Double(scansAtOrAbove) / Double(scans) }
    /// Fewer than 5 scans reached the observed TS: the p-value rests on the fitted tail.
    public var extrapolated: Bool { scansAtOrAbove < 5 }
    public var significance: Significance { Significance(pValue: pValue) }

    public init(observedTS: Double, scrambledMaxima: [Double]) {
        precondition(!scrambledMaxima.isEmpty, "no scrambled scans")
        scans = scrambledMaxima.count
        scansAtOrAbove = scrambledMaxima.filter { $0 >= observedTS }.count
        trialBound = BinomialBound.upper(successes: scansAtOrAbove, trials: scans, confidenceLevel: 0.9)
        gumbel = GumbelFit(sample: scrambledMaxima)
        if let fit = gumbel {
            let s = fit.survivalInterval(observedTS)
            (pValue, lower, upper) = (s.pValue, s.lower, s.upper)
        } else {
            let f = Double(scansAtOrAbove) / Double(scans)
            (pValue, lower, upper) = (f, f, f)
        }
    }
}

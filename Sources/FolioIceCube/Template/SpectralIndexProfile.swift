import Dispatch
import FolioStatistics
import Foundation

/// The profile likelihood of a template's spectral index γ: for every γ on a grid, the template
/// likelihood (`TemplateAnalysis` with spectrum E^−γ) is maximised in nₛ, giving
/// TS(γ) = 2 ln[L(n̂ₛ(γ), γ) / L(0)]. L(0) does not depend on γ, so TS(γ) is the profile of the
/// joint likelihood and its maximum is the joint best fit. The 68% interval is where
/// TS(γ) ≥ TS_max − 1 (Wilks' theorem for one parameter), interpolated between grid points as
/// described at `init(points:)`; an end that reaches the edge of the grid is not set by the data.
///
/// When the best nₛ is 0 for every γ (no signal-like excess), TS ≡ 0 and γ is unconstrained: the
/// interval is the whole grid and `bestGamma` is nil.
///
/// ```swift
/// let profile = try SpectralIndexProfile.scan(dataset: data, template: plane, gammas: stride(from: 2.0, through: 3.6, by: 0.1).map { $0 })
/// profile.interval68     // (lower, upper)
/// ```
public struct SpectralIndexProfile: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var gamma: Double
        public var ns: Double
        public var ts: Double
        public init(gamma: Double, ns: Double, ts: Double) { self.gamma = gamma; self.ns = ns; self.ts = ts }
    }

    /// The grid, in increasing γ.
    public let points: [Point]
    /// The grid point of largest TS (the first, in γ, of equal ones).
    public let maximum: Point
    /// The peak of the profile: the vertex of the parabola through `maximum` and its two grid
    /// neighbours when it lies between them, else `maximum` itself. (γ, TS).
    public let peak: (gamma: Double, ts: Double)
    /// Lower and upper end of the ΔTS = 1 region around the peak (clamped to the grid).
    public let interval68: (lower: Double, upper: Double)
    /// Whether each end of `interval68` is a crossing of TS_peak − 1 rather than the grid's edge.
    public let lowerEndFromData: Bool
    public let upperEndFromData: Bool

    /// The best-fitting γ, or nil when TS ≡ 0 on the grid (no preferred index).
    public var bestGamma: Double? { maximum.ts > 0 ? peak.gamma : nil }
    /// True when both ends of the 68% interval lie inside the grid.
    public var isConstrained: Bool { bestGamma != nil && lowerEndFromData && upperEndFromData }

    /// Interpolation: a coarse grid cuts the top off a peaked profile, so linear interpolation would
    /// make the interval too narrow. Between the maximum's neighbours TS is taken as the parabola
    /// through the three points (exact for the asymptotically quadratic profile); further out,
    /// where the crossing then lies, linearly between grid points.
    public init(points unsorted: [Point]) {
        precondition(!unsorted.isEmpty, "a profile needs at least one grid point")
        let points = unsorted.sorted { $0.gamma < $1.gamma }
        self.points = points
        var k = 0
        for i in points.indices where points[i].ts > points[k].ts { k = i }
        maximum = points[k]

        // Parabola through the maximum and its neighbours (Lagrange form, uneven spacing allowed).
        var parabola: ((Double) -> Double)?
        var top = (gamma: points[k].gamma, ts: points[k].ts)
        if k > 0 && k + 1 < points.count && points[k].ts > 0 {
            let (x0, x1, x2) = (points[k - 1].gamma, points[k].gamma, points[k + 1].gamma)
            let (y0, y1, y2) = (points[k - 1].ts, points[k].ts, points[k + 1].ts)
            let f: (Double) -> Double = { x in
                y0 * (x - x1) * (x - x2) / ((x0 - x1) * (x0 - x2)) + y1 * (x - x0) * (x - x2) / ((x1 - x0) * (x1 - x2))
                    + y2 * (x - x0) * (x - x1) / ((x2 - x0) * (x2 - x1))
            }
            // Vertex from the derivative f'(x) = 2 a x + b of f = a x² + b x + c.
            let a = y0 / ((x0 - x1) * (x0 - x2)) + y1 / ((x1 - x0) * (x1 - x2)) + y2 / ((x2 - x0) * (x2 - x1))
            let b = -(y0 * (x1 + x2) / ((x0 - x1) * (x0 - x2)) + y1 * (x0 + x2) / ((x1 - x0) * (x1 - x2))
                      + y2 * (x0 + x1) / ((x2 - x0) * (x2 - x1)))
            if a < 0 {
                let v = -b / (2 * a)
                if v > x0 && v < x2 { top = (v, f(v)); parabola = f }
            }
        }
        peak = top
        let level = top.ts - 1

        func crossing(step: Int) -> (Double, Bool) {
            if let parabola {
                // The root of parabola(x) = level between the vertex and the neighbour, by bisection.
                let edge = points[k + step].gamma
                if parabola(edge) < level {
                    var inside = top.gamma, outside = edge
                    for _ in 0..<60 {
                        let mid = 0.5 * (inside + outside)
                        if parabola(mid) >= level { inside = mid } else { outside = mid }
                    }
                    return (0.5 * (inside + outside), true)
                }
            }
            var i = parabola == nil ? k : k + step
            while i + step >= 0 && i + step < points.count {
                let a = points[i], b = points[i + step]
                if b.ts < level {
                    let t = (a.ts - level) / (a.ts - b.ts)
                    return (a.gamma + t * (b.gamma - a.gamma), true)
                }
                i += step
            }
            return (points[i].gamma, false)
        }
        let (lo, loData) = crossing(step: -1)
        let (hi, hiData) = crossing(step: 1)
        interval68 = (lo, hi)
        lowerEndFromData = loData
        upperEndFromData = hiData
    }

    public static func == (a: Self, b: Self) -> Bool { a.points == b.points }

    enum CodingKeys: CodingKey { case points }
    public init(from decoder: Decoder) throws {
        self.init(points: try decoder.container(keyedBy: CodingKeys.self).decode([Point].self, forKey: .points))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(points, forKey: .points)
    }

    /// Scans `gammas`: one `TemplateAnalysis` per γ (its acceptance weighting, smoothed maps and
    /// energy PDFs all depend on γ), fitted to the dataset's events, `threads` at a time. The
    /// template's smoothing is memoised across γ (`SkyTemplate.cachingSmoothing`), so a point after
    /// the first costs a small fraction of a template fit's construction.
    /// `progress` is called once per finished grid point.
    public static func scan(dataset: IceCubeDataset, template: SkyTemplate, gammas: [Double], sigmaGridPoints: Int = 8,
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                            progress: @escaping @Sendable () -> Void = {}) throws -> SpectralIndexProfile {
        // Every γ smooths the template times its acceptance, piecewise constant on the effective
        // areas' declination bins: share the kernel sums across the grid.
        let template = template.cachingSmoothing(bandEdgesDegrees: dataset.seasons.flatMap(\.effectiveArea.decEdgesDegrees))
        let slots = ChunkSlots<Result<Point, Error>>(count: gammas.count)
        let queue = DispatchQueue(label: "spectral-profile", attributes: .concurrent)
        let group = DispatchGroup()
        let limiter = DispatchSemaphore(value: max(1, threads))
        for (i, gamma) in gammas.enumerated() {
            limiter.wait()
            queue.async(group: group) {
                defer { limiter.signal(); progress() }
                slots[i] = Result {
                    let fit = try TemplateAnalysis(dataset: dataset, template: template, gamma: gamma, sigmaGridPoints: sigmaGridPoints).fitData()
                    return Point(gamma: gamma, ns: fit.ns, ts: fit.ts)
                }
            }
        }
        group.wait()
        return SpectralIndexProfile(points: try slots.values.map { try $0!.get() })
    }
}

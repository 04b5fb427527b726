import FolioStatistics
import Foundation

/// Background spatial PDF of one season from the data: uniform in right ascension, and in
/// sin(Dec) the data's histogram (density per unit sin Dec), interpolated in its logarithm by a
/// quadratic interpolating spline through the bin centres (SkyLLH's choice). Units: sr^-1,
/// p_B = exp(spline(sin Dec)) / (2 pi).
public struct BackgroundSpatialPDF: Sendable {
    let logSpline: InterpolatingSpline
    /// The collocation through the sin Dec bin centres (the same for any counts on these edges).
    let collocation: InterpolatingSpline.Collocation
    let edges: [Double]

    public init(events: EventSample, sinDecEdges edges: [Double]) throws {
        try self.init(sinDec: events.sinDec, sinDecEdges: edges)
    }

    /// The PDF of events given by their sin(Dec) (e.g. a trial's data plus injected events).
    public init(sinDec: [Double], sinDecEdges edges: [Double]) throws {
        try self.init(counts: Self.counts(sinDec: sinDec, sinDecEdges: edges), sinDecEdges: edges)
    }

    /// Histogram counts of sin(Dec) (events outside the edges skipped).
    static func counts(sinDec: [Double], sinDecEdges edges: [Double]) -> [Double] {
        var h = [Double](repeating: 0, count: edges.count - 1)
        for s in sinDec { if let b = Histogram.bin(s, edges) { h[b] += 1 } }
        return h
    }

    /// The PDF of histogram counts (whole numbers: counts added in any order give the same PDF).
    init(counts h: [Double], sinDecEdges edges: [Double]) throws {
        let n = edges.count - 1
        let centres = (0..<n).map { 0.5 * (edges[$0] + edges[$0 + 1]) }
        try self.init(counts: h, sinDecEdges: edges, collocation: InterpolatingSpline.Collocation(x: centres, degree: 2))
    }

    /// The PDF of counts `h` on `base`'s binning (a trial's: the data's counts plus its injected events'),
    /// fitted on the base's factored collocation: the same PDF as `init(counts:sinDecEdges:)`, bit for bit.
    init(counts h: [Double], reusing base: BackgroundSpatialPDF) throws {
        try self.init(counts: h, sinDecEdges: base.edges, collocation: base.collocation)
    }

    private init(counts h: [Double], sinDecEdges edges: [Double], collocation: InterpolatingSpline.Collocation) throws {
        let n = edges.count - 1
        let total = h.reduce(0, +)
        if let empty = h.firstIndex(of: 0) {
            throw DataFileError(file: "events", "background sin(Dec) histogram bin [\(edges[empty]), \(edges[empty + 1])] is empty")
        }
        self.edges = edges; self.collocation = collocation
        logSpline = collocation.spline(y: (0..<n).map { log(h[$0] / total / (edges[$0 + 1] - edges[$0])) })
    }

    /// Density in sr^-1 at sin(Dec).
    @inline(__always)
    public func density(sinDec: Double) -> Double { exp(logSpline(sinDec)) / (2 * Double.pi) }

    /// `density(sinDec:)` from the spline's basis at sin Dec (`collocation.basis(at:into:)`).
    @inline(__always)
    func density(span: Int, basis: UnsafePointer<Double>) -> Double { exp(logSpline.value(span: span, basis: basis)) / (2 * Double.pi) }
}

/// Signal spatial PDF of a point source: the event's reconstructed direction is offset from the
/// source by an angle psi distributed as a Rayleigh distribution with scale sigma = AngErr
/// (a 2-D Gaussian on the sphere in the small-angle limit), expressed per steradian:
/// p_S(psi) = (1 / (2 pi sin psi)) (psi / sigma^2) exp(-psi^2 / (2 sigma^2)) [sr^-1],
/// the form SkyLLH's `RayleighPSFPointSourceSignalSpatialPDF` uses. Angles in radians.
public enum RayleighSignalSpatialPDF {
    @inline(__always)
    public static func density(psi: Double, sigma: Double) -> Double {
        let s2 = sigma * sigma
        return 0.5 / (Double.pi * sin(psi)) * (psi / s2) * exp(-0.5 * psi * psi / s2)
    }

    /// Great-circle angle (radians) between two directions given as (RA, Dec) in radians, by the
    /// haversine formula (accurate for small angles).
    @inline(__always)
    public static func angularDistance(ra1: Double, dec1: Double, ra2: Double, dec2: Double) -> Double {
        let sd = sin(0.5 * (dec2 - dec1))
        return angularDistance(sinHalfDecDifferenceSquared: sd * sd, cosDecProduct: cos(dec1) * cos(dec2), ra1: ra1, ra2: ra2)
    }

    /// The same angle with its declination-only parts given: sin^2((dec2 - dec1) / 2) and
    /// cos(dec1) cos(dec2), computed once per event where only the RA changes (scrambled trials).
    @inline(__always)
    public static func angularDistance(sinHalfDecDifferenceSquared sdsd: Double, cosDecProduct cc: Double,
                                       ra1: Double, ra2: Double) -> Double {
        let sr = sin(0.5 * (ra2 - ra1))
        let h = sdsd + cc * sr * sr
        return 2 * asin(min(1, h.squareRoot()))
    }
}

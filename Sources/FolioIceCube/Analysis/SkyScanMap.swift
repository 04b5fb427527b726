import Foundation

/// The result of one all-sky scan: per pixel of the scan grid (equatorial, RING ordering) the
/// fitted TS, ns (events) and gamma, and the hottest spot of each hemisphere (after refinement).
public struct SkyScanMap: Sendable, Equatable {
    public enum Hemisphere: String, Codable, Sendable, CaseIterable { case north, south }

    public let nside: Int
    /// TS = 2 log Lambda at the best fit, per pixel (0 where ns = 0).
    public var ts: [Double]
    /// Fitted number of signal events, per pixel.
    public var ns: [Double]
    /// Fitted spectral index of dN/dE ∝ E^-gamma, per pixel (arbitrary where ns = 0).
    public var gamma: [Double]
    /// The hottest spot of each hemisphere, north first.
    public var hotSpots: [HotSpot]

    public func hotSpot(_ h: Hemisphere) -> HotSpot? { hotSpots.first { $0.hemisphere == h } }
}

/// A hemisphere's hottest position of a scan, with its fit.
public struct HotSpot: Sendable, Codable, Equatable {
    public var hemisphere: SkyScanMap.Hemisphere
    /// Equatorial J2000 position of the pixel centre, degrees.
    public var raDegrees: Double
    public var decDegrees: Double
    /// Fitted signal events, spectral index and TS there.
    public var ns: Double
    public var gamma: Double
    public var ts: Double
    /// The grid (nside, RING pixel) whose pixel centre this is: the scan grid, or the refinement
    /// grid when refinement found a higher TS.
    public var nside: Int
    public var pixel: Int

    public init(hemisphere: SkyScanMap.Hemisphere, raDegrees: Double, decDegrees: Double, ns: Double, gamma: Double,
                ts: Double, nside: Int, pixel: Int) {
        self.hemisphere = hemisphere; self.raDegrees = raDegrees; self.decDegrees = decDegrees
        self.ns = ns; self.gamma = gamma; self.ts = ts; self.nside = nside; self.pixel = pixel
    }
}

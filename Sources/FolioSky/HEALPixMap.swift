import Foundation

/// A full-sky HEALPix map in RING ordering: one value per pixel, in a stated frame and unit.
///
/// Maps are read from and written to FITS as healpy does (see `HEALPixMap+FITS.swift`), so a user's
/// own templates (e.g. the Fermi-LAT π⁰ or KRA-γ maps) drop in where Folio's are computed.
public struct HEALPixMap: Codable, Hashable, Sendable {
    public var nside: Int
    public var frame: CoordinateFrame
    /// RING-ordered values, 12·nside² of them.
    public var values: [Double]
    /// The values' unit as it appears in the FITS TUNIT keyword (e.g. "sr^-1"); empty if none.
    public var unit: String

    public init(nside: Int, frame: CoordinateFrame, values: [Double], unit: String = "") throws {
        let grid = try HEALPix(nside: nside)
        guard values.count == grid.pixelCount else { throw HEALPix.Error.invalidPixelCount(values.count) }
        self.nside = nside
        self.frame = frame
        self.values = values
        self.unit = unit
    }

    public var grid: HEALPix { try! HEALPix(nside: nside) }  // nside was validated at init

    /// The value at a direction given in this map's frame.
    public func value(at c: SkyCoordinate) -> Double { values[grid.pixel(of: c)] }

    /// Σ values × pixel area: the integral over the sphere (1 for a template normalised in sr⁻¹).
    public var integral: Double { values.reduce(0, +) * grid.pixelArea }

    /// The same sky in another frame, sampled at the target pixel centres (nearest pixel).
    public func rotated(to target: CoordinateFrame) -> HEALPixMap {
        guard target != frame else { return self }
        let rotation = target.rotation(to: frame)
        let g = grid
        let resampled = (0..<g.pixelCount).map { values[g.pixel(of: rotation.apply(to: g.center(of: $0)))] }
        return try! HEALPixMap(nside: nside, frame: target, values: resampled, unit: unit)
    }
}

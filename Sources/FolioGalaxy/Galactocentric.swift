import Foundation

/// Galactocentric geometry: where a point at distance `s` along a line of sight (l, b) lies.
///
/// The Sun sits at (x, y, z) = (R☉, 0, 0) with R☉ = 8.5 kpc, the IAU value (Kerr & Lynden-Bell 1986,
/// MNRAS 221, 1023) in which the source distributions used here were normalised. Distances in kpc.
public struct Galactocentric: Hashable, Codable, Sendable {
    public var sunDistance: Double

    public init(sunDistance: Double = 8.5) { self.sunDistance = sunDistance }

    /// Cylindrical radius R and height z (kpc) of the point at distance `s` (kpc) towards Galactic
    /// longitude `l` and latitude `b` (radians).
    @inlinable
    public func cylindrical(l: Double, b: Double, s: Double) -> (R: Double, z: Double) {
        let projected = s * cos(b)
        let x = sunDistance - projected * cos(l)
        let y = projected * sin(l)
        return ((x * x + y * y).squareRoot(), s * sin(b))
    }
}

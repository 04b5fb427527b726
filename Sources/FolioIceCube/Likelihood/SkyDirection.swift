import Foundation

/// A direction in equatorial J2000 coordinates. Stored in radians; built from degrees.
public struct SkyDirection: Sendable, Equatable, Codable {
    /// Right ascension and declination in radians.
    public let ra: Double, dec: Double
    public init(raDegrees: Double, decDegrees: Double) {
        ra = raDegrees * .pi / 180; dec = decDegrees * .pi / 180
    }
    public init(raRadians: Double, decRadians: Double) { ra = raRadians; dec = decRadians }
    public var raDegrees: Double { ra * 180 / .pi }
    public var decDegrees: Double { dec * 180 / .pi }

    /// The direction at angle `psi` (radians) from this one, at position angle `phi` (radians,
    /// measured from north through east).
    public func offset(by psi: Double, positionAngle phi: Double) -> SkyDirection {
        let sinDec = sin(dec) * cos(psi) + cos(dec) * sin(psi) * cos(phi)
        let newDec = asin(max(-1, min(1, sinDec)))
        let y = sin(phi) * sin(psi) * cos(dec), x = cos(psi) - sin(dec) * sinDec
        var newRA = ra + atan2(y, x)
        newRA = newRA.truncatingRemainder(dividingBy: 2 * .pi)
        if newRA < 0 { newRA += 2 * .pi }
        return SkyDirection(raRadians: newRA, decRadians: newDec)
    }
}

import Foundation

/// An equal-area whole-sky projection as pure maths: longitude/latitude (radians) <-> plane (x, y).
///
/// Conventions: the longitude λ passed in is measured from the map's central meridian and wrapped to
/// [-π, π]; x grows with λ (mathematical orientation). Sky maps flip x on screen so that longitude
/// increases to the **left**, as astronomers draw the sky. Both projections fill the ellipse
/// (x / 2√2)² + (y / √2)² ≤ 1.
public enum SkyProjection: String, Hashable, Codable, Sendable, CaseIterable {
    /// Mollweide: parallels are straight lines; equal area.
    case mollweide
    /// Hammer–Aitoff (Hammer's equal-area form of the Aitoff projection): curved parallels.
    case hammerAitoff

    /// Half-width (2√2) and half-height (√2) of the projected sky.
    public static let halfWidth = 2 * 2.0.squareRoot()
    public static let halfHeight = 2.0.squareRoot()

    /// Forward projection of (λ, φ) in radians, λ relative to the central meridian.
    @inlinable
    public func project(longitude lambda: Double, latitude phi: Double) -> (x: Double, y: Double) {
        switch self {
        case .mollweide: return Mollweide.project(lambda: lambda, phi: phi)
        case .hammerAitoff: return HammerAitoff.project(lambda: lambda, phi: phi)
        }
    }

    /// Inverse projection; nil outside the ellipse.
    @inlinable
    public func inverse(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        switch self {
        case .mollweide: return Mollweide.inverse(x: x, y: y)
        case .hammerAitoff: return HammerAitoff.inverse(x: x, y: y)
        }
    }

    /// Wraps λ into [-π, π].
    @inlinable
    public static func wrap(_ lambda: Double) -> Double {
        var l = lambda.truncatingRemainder(dividingBy: 2 * .pi)
        if l > .pi { l -= 2 * .pi }
        if l < -.pi { l += 2 * .pi }
        return l
    }
}

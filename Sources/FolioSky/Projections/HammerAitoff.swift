import Foundation

/// The Hammer–Aitoff equal-area projection (Snyder 1993, "Flattening the Earth", p. 130).
///
/// Forward: with D = √(1 + cos φ cos(λ/2)), x = 2√2 cos φ sin(λ/2) / D, y = √2 sin φ / D.
/// Inverse: with z = √(1 − (x/4)² − (y/2)²), λ = 2 atan2(z x, 2(2z² − 1)), φ = asin(z y).
/// The inverse is only meaningful inside the ellipse (x/2√2)² + (y/√2)² ≤ 1, and nil outside.
public enum HammerAitoff {
    @inlinable
    public static func project(lambda: Double, phi: Double) -> (x: Double, y: Double) {
        let d = (1 + cos(phi) * cos(lambda / 2)).squareRoot()
        if d < 1e-15 { return (lambda >= 0 ? 2 * 2.0.squareRoot() : -2 * 2.0.squareRoot(), 0) }
        return (2 * 2.0.squareRoot() * cos(phi) * sin(lambda / 2) / d, 2.0.squareRoot() * sin(phi) / d)
    }

    @inlinable
    public static func inverse(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        let a = 2 * 2.0.squareRoot(), b = 2.0.squareRoot()
        if (x / a) * (x / a) + (y / b) * (y / b) > 1 + 1e-12 { return nil }
        let z = max(0, 1 - (x / 4) * (x / 4) - (y / 2) * (y / 2)).squareRoot()
        let lon = 2 * atan2(z * x, 2 * (2 * z * z - 1))
        let lat = asin(max(-1, min(1, z * y)))
        return (lon, lat)
    }
}

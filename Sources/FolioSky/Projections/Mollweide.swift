import Foundation

/// The Mollweide projection (Snyder 1987, "Map Projections: A Working Manual", pp. 249–252).
///
/// Forward: solve 2θ + sin 2θ = π sin φ for the auxiliary angle θ (Newton's method), then
/// x = (2√2/π) λ cos θ, y = √2 sin θ. Inverse: θ = asin(y/√2), φ = asin((2θ + sin 2θ)/π),
/// λ = π x / (2√2 cos θ). All angles in radians; λ ∈ [-π, π] from the central meridian.
public enum Mollweide {
    @inlinable
    public static func auxiliaryAngle(latitude phi: Double) -> Double {
        if abs(abs(phi) - .pi / 2) < 1e-12 { return phi }
        let target = Double.pi * sin(phi)
        // Newton on f(t) = 2t + sin 2t − π sin φ, written in t' = 2θ; converges in a few steps.
        var t = 2 * asin(2 * phi / .pi)  // good start: exact at 0 and ±π/2
        if !t.isFinite { t = 2 * phi }
        for _ in 0..<50 {
            let f = t + sin(t) - target
            let df = 1 + cos(t)
            if df < 1e-15 { break }
            let step = f / df
            t -= step
            if abs(step) < 1e-13 { break }
        }
        return t / 2
    }

    @inlinable
    public static func project(lambda: Double, phi: Double) -> (x: Double, y: Double) {
        let theta = auxiliaryAngle(latitude: phi)
        return (2 * 2.0.squareRoot() / .pi * lambda * cos(theta), 2.0.squareRoot() * sin(theta))
    }

    @inlinable
    public static func inverse(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        let a = 2 * 2.0.squareRoot(), b = 2.0.squareRoot()
        let e = (x / a) * (x / a) + (y / b) * (y / b)
        if e > 1 + 1e-12 { return nil }
        let row = inverseRow(y: y)
        return (inverseLongitude(x: x, row: row), row.latitude)
    }

    /// The part of `inverse` that depends on y only: the latitude and cos θ. A raster computes it
    /// once per row of pixels (three of the four transcendental functions per pixel).
    @inlinable
    public static func inverseRow(y: Double) -> (latitude: Double, cosTheta: Double) {
        let b = 2.0.squareRoot()
        let theta = asin(max(-1, min(1, y / b)))
        let lat = asin(max(-1, min(1, (2 * theta + sin(2 * theta)) / .pi)))
        return (lat, cos(theta))
    }

    /// The longitude of `inverse` at x on a row from `inverseRow` (inside the ellipse).
    @inlinable
    public static func inverseLongitude(x: Double, row: (latitude: Double, cosTheta: Double)) -> Double {
        let a = 2 * 2.0.squareRoot(), c = row.cosTheta
        let lon = c < 1e-15 ? 0 : Double.pi * x / (a * c)
        return max(-.pi, min(.pi, lon))
    }
}

import Foundation

/// The Mollweide projection written out independently of FolioSky (2θ + sin 2θ = π sin φ by
/// bisection), for tests that check where things land on rendered sky maps. Returns x in
/// [−2√2, 2√2] and y in [−√2, √2] for longitude λ and latitude φ in radians.
public func independentMollweide(lambda: Double, phi: Double) -> (x: Double, y: Double) {
    var lo = -Double.pi / 2, hi = Double.pi / 2
    for _ in 0..<100 {
        let mid = (lo + hi) / 2
        if 2 * mid + sin(2 * mid) < .pi * sin(phi) { lo = mid } else { hi = mid }
    }
    let t = (lo + hi) / 2
    return (2 * 2.0.squareRoot() / .pi * lambda * cos(t), 2.0.squareRoot() * sin(t))
}

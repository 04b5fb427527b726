import Foundation

/// Gauss-Legendre quadrature: n nodes and weights on [-1, 1], exact for polynomials of degree
/// 2n-1. Nodes are found by Newton's method on P_n from the Chebyshev-like first guess
/// cos(pi (i - 1/4) / (n + 1/2)); converged to ~1e-15.
public struct GaussLegendre: Sendable {
    public let nodes: [Double]
    public let weights: [Double]

    public init(order n: Int) {
        precondition(n >= 1)
        var x = [Double](repeating: 0, count: n), w = x
        for i in 0..<((n + 1) / 2) {
            var z = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = 0.0
                for j in 1...n {
                    let p2 = p1; p1 = p0
                    p0 = ((2 * Double(j) - 1) * z * p1 - (Double(j) - 1) * p2) / Double(j)
                }
                dp = Double(n) * (z * p0 - p1) / (z * z - 1)
                let dz = p0 / dp
                z -= dz
                if abs(dz) < 1e-15 { break }
            }
            x[i] = -z; x[n - 1 - i] = z
            w[i] = 2 / ((1 - z * z) * dp * dp); w[n - 1 - i] = w[i]
        }
        nodes = x; weights = w
    }

    /// Integral of f over [a, b].
    public func integrate(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> Double {
        let half = 0.5 * (b - a), mid = 0.5 * (b + a)
        return integrate(a, b, valueAt: { i in f(mid + half * nodes[i]) })
    }

    /// Where `integrate(a, b, f)` evaluates f, in order.
    public func abscissae(_ a: Double, _ b: Double) -> [Double] {
        let half = 0.5 * (b - a), mid = 0.5 * (b + a)
        return nodes.map { mid + half * $0 }
    }

    /// `integrate(a, b, f)` from f's values at `abscissae(a, b)`, given by their index (for integrands
    /// whose values at fixed abscissae are cheaper by index, e.g. splines with their basis found once).
    public func integrate(_ a: Double, _ b: Double, valueAt f: (Int) -> Double) -> Double {
        let half = 0.5 * (b - a)
        var s = 0.0
        for i in 0..<nodes.count { s += weights[i] * f(i) }
        return s * half
    }
}

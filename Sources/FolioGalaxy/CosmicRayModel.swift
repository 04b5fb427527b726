import Foundation

/// The cosmic-ray density relative to its value at the Sun, following the Galactic distribution of
/// their sources, as GALPROP-like models assume.
///
/// Radial: the pulsar (and so core-collapse supernova) surface density of Yusifov & Küçük (2004,
/// A&A 422, 545): f(R) ∝ ((R + R₁)/(R☉ + R₁))^a exp(−b (R − R☉)/(R☉ + R₁)) with a = 1.64, b = 4.01,
/// R₁ = 0.55 kpc, which peaks near R = 3.1 kpc and stays finite at the centre. Cosmic rays diffuse
/// over kiloparsecs, so their density is smoother than their sources; we flatten the profile by
/// mixing in a constant (`smoothing` = 0.2 of the local value), an approximation of ours.
/// Vertical: exp(−|z|/z_CR) with z_CR = 1 kpc (half the typical 4 kpc diffusion-halo height); only
/// its product with the ~0.1 kpc gas layer matters, so the choice is not critical.
public struct CosmicRayDensity: Hashable, Codable, Sendable {
    public var sunDistance: Double = 8.5
    public var a: Double = 1.64
    public var b: Double = 4.01
    public var r1: Double = 0.55
    public var smoothing: Double = 0.2
    public var scaleHeight: Double = 1.0

    public init() {}

    public func sourceDistribution(R: Double) -> Double {
        pow((R + r1) / (sunDistance + r1), a) * exp(-b * (R - sunDistance) / (sunDistance + r1))
    }

    /// Relative density: 1 at the Sun.
    public func relativeDensity(R: Double, z: Double) -> Double {
        ((1 - smoothing) * sourceDistribution(R: R) + smoothing) * exp(-abs(z) / scaleHeight)
    }
}

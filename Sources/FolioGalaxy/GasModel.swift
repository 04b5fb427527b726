import Foundation

/// Interstellar hydrogen: the target of cosmic-ray proton collisions that make π⁰ (and so γ and ν).
///
/// Densities are of hydrogen **nucleons** in cm⁻³ (an H₂ molecule counts twice), smooth
/// (azimuthally symmetric, no spiral arms), in Galactocentric cylindrical (R, z) in kpc.
public protocol GasDensity: Sendable {
    /// Hydrogen nucleons per cm³ at radius R and height z (kpc).
    func density(R: Double, z: Double) -> Double
}

/// Atomic hydrogen (H I).
///
/// - Vertical profile at R ≤ R☉: Dickey & Lockman (1990, ARA&A 28, 215): two Gaussians of FWHM 212 pc
///   and 530 pc and an exponential of scale height 403 pc, with mid-plane densities 0.395, 0.107 and
///   0.064 cm⁻³ (total 0.566 cm⁻³), as adopted by Ferrière (2001, Rev. Mod. Phys. 73, 1031) for
///   3.5 ≤ R ≤ 8.5 kpc.
/// - Inside 3.5 kpc the H I layer is depleted (Ferrière 2001, Fig. 7): modelled here by a Gaussian
///   taper of width 1 kpc (an approximation of ours).
/// - Outside R☉: the mid-plane density falls as exp(−(R − R☉)/3.15 kpc) and the layer flares as
///   exp((R − R☉)/9.8 kpc) (Kalberla & Dedes 2008, A&A 487, 951; Kalberla & Kerp 2009, ARA&A 47, 27).
public struct AtomicHydrogen: GasDensity, Hashable, Codable {
    public var sunDistance: Double = 8.5
    public var innerEdge: Double = 3.5
    public var innerTaper: Double = 1.0
    public var outerDensityScale: Double = 3.15
    public var flareScale: Double = 9.8

    public init() {}

    /// Dickey & Lockman's three components: (mid-plane cm⁻³, Gaussian σ or exponential h in kpc).
    static let gaussians: [(n0: Double, sigma: Double)] = [(0.395, 0.212 / fwhmPerSigma), (0.107, 0.530 / fwhmPerSigma)]
    static let exponential: (n0: Double, h: Double) = (0.064, 0.403)

    public func density(R: Double, z: Double) -> Double {
        var radial = 1.0, flare = 1.0
        if R < innerEdge {
            let d = (innerEdge - R) / innerTaper
            radial = exp(-d * d)
        } else if R > sunDistance {
            radial = exp(-(R - sunDistance) / outerDensityScale)
            flare = exp((R - sunDistance) / flareScale)
        }
        let az = abs(z) / flare
        var n = Self.exponential.n0 * exp(-az / Self.exponential.h)
        for g in Self.gaussians {
            n += g.n0 * exp(-0.5 * (az / g.sigma) * (az / g.sigma))
        }
        return radial * n
    }
}

/// Molecular hydrogen (H₂), counted as 2 nucleons per molecule.
///
/// - Radial profile: the "molecular ring" of CO surveys, peaking at R = 4.5 kpc, rising from the
///   inside as a Gaussian of σ = 1.5 kpc and falling outside as an exponential of scale length 3 kpc
///   (so the peak is ≈3.8× the local density), normalised so that the local mid-plane H₂ density is
///   0.19 molecules cm⁻³ (Bronfman et al. 1988, ApJ 324, 248; Ferrière 2001, §II.A, who gives
///   ⟨n(H₂)⟩ ≈ 0.19 cm⁻³ near the Sun and a ring peaking at 4–6 kpc). The shape approximates those
///   published profiles; it is not a fit.
/// - Vertical: Gaussian with HWHM 81 pc × (R/R☉)^0.58 (Ferrière 2001, Eq. 4, after Bronfman et al.).
/// - The central molecular zone (R < 0.5 kpc) is omitted.
public struct MolecularHydrogen: GasDensity, Hashable, Codable {
    public var sunDistance: Double = 8.5
    public var localMoleculeDensity: Double = 0.19
    public var ringRadius: Double = 4.5
    public var innerWidth: Double = 1.5
    public var outerScale: Double = 3.0

    public init() {}

    func radialShape(_ R: Double) -> Double {
        if R <= ringRadius {
            let d = (R - ringRadius) / innerWidth
            return exp(-0.5 * d * d)
        }
        return exp(-(R - ringRadius) / outerScale)
    }

    public func density(R: Double, z: Double) -> Double {
        let hwhm = 0.081 * pow(max(R, 0.5) / sunDistance, 0.58)
        let sigma = 2 * hwhm / fwhmPerSigma
        let shape = radialShape(R) / radialShape(sunDistance)
        return 2 * localMoleculeDensity * shape * exp(-0.5 * (z / sigma) * (z / sigma))
    }
}

/// The sum of several gas components.
public struct TotalGas: GasDensity {
    public var components: [any GasDensity]
    public init(_ components: [any GasDensity]) { self.components = components }
    public func density(R: Double, z: Double) -> Double {
        components.reduce(0) { $0 + $1.density(R: R, z: z) }
    }
}

/// FWHM = 2 √(2 ln 2) σ for a Gaussian.
let fwhmPerSigma = 2 * (2 * log(2.0)).squareRoot()

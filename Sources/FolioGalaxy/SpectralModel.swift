import Foundation

/// How the per-flavour neutrino spectrum of the emission depends on position and energy.
///
/// - `uniform`: the same power law E^−γ everywhere: the Fermi-LAT π⁰ template of Science 380, 1338
///   is tested with γ = 2.7.
/// - `radiallyHardening`: KRA-γ-like (Gaggero et al. 2015, ApJL 815, L25): the cosmic-ray spectral
///   index hardens towards the inner Galaxy. Their diffusion index δ(R) = A·R + B (A = 0.035 kpc⁻¹,
///   B = 0.21) below 11 kpc moves the neutrino index by the same amount, so here
///   γ(R) = γ☉ − A·(R☉ − R) for R < 11 kpc and γ(11 kpc) beyond, with γ☉ = 2.7 by default
///   (2.4 at the centre). The cosmic-ray spectrum is cut off exponentially at `cutoff` (5 or 50 PeV
///   per nucleon in KRA-γ); a neutrino carries about 1/20 of the parent proton's energy (Kelner,
///   Aharonian & Bugayov 2006, PRD 74, 034018), so the neutrino spectrum is cut off at cutoff/20.
///   Both are approximations of the KRA-γ model, not its tables.
public enum SpectralModel: Hashable, Codable, Sendable {
    case uniform(index: Double)
    case radiallyHardening(sunIndex: Double, gradientPerKpc: Double, outerRadius: Double, cutoffGeV: Double?)

    public static let pi0 = SpectralModel.uniform(index: 2.7)
    public static func kraGamma(cutoffPeV: Double) -> SpectralModel {
        .radiallyHardening(sunIndex: 2.7, gradientPerKpc: 0.035, outerRadius: 11, cutoffGeV: cutoffPeV * 1e6)
    }

    /// The neutrino energy carrying on average this fraction of the parent nucleon's energy.
    public static let neutrinoEnergyFraction = 1.0 / 20

    /// Local spectral index at Galactocentric radius R (kpc).
    public func index(R: Double, sunDistance: Double = 8.5) -> Double {
        switch self {
        case .uniform(let g): return g
        case .radiallyHardening(let g, let a, let outer, _):
            return g - a * (sunDistance - min(R, outer))
        }
    }

    /// Spectral factor relative to the reference energy: (E/E₀)^−γ(R) × cut-off.
    public func factor(energyGeV e: Double, referenceGeV e0: Double, R: Double, sunDistance: Double = 8.5) -> Double {
        var f = pow(e / e0, -index(R: R, sunDistance: sunDistance))
        if case .radiallyHardening(_, _, _, let cutoff?) = self {
            let neutrinoCutoff = cutoff * Self.neutrinoEnergyFraction
            f *= exp(-e / neutrinoCutoff) / exp(-e0 / neutrinoCutoff)
        }
        return f
    }

    public var isSeparable: Bool { if case .uniform = self { return true } else { return false } }
}

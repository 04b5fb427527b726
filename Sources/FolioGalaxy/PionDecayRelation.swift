import Foundation

/// The multi-messenger relation between the γ-rays and the neutrinos of the same hadronic
/// (pion-producing) interactions.
///
/// In pp collisions about as many π⁺, π⁻ and π⁰ are made. A π⁰ decays into two photons, each with
/// half its energy; a π± into μν_μ and the muon into eν_eν_μ, so each of the three neutrinos takes
/// about a quarter of the pion's energy. With K_π = N(π±)/N(π⁰) (2 for pp, 1 for pγ) and flavours
/// equalised by oscillations over Galactic distances, the per-flavour (ν + ν̄) flux follows from
/// the γ-ray flux at twice the energy (Ahlers & Murase 2014, PRD 90, 023010, Eq. 3; the energy
/// fractions are the high-energy limits of Kelner, Aharonian & Bugayov 2006, PRD 74, 034018):
///
///     E_ν² Φ_ν(E_ν) = (K_π / 4) · E_γ² Φ_γ(E_γ)  at E_γ = 2 E_ν,   i.e.   Φ_ν(E_ν) = K_π · Φ_γ(2 E_ν).
///
/// For a power law Φ_γ ∝ E^−Γ this is Φ_ν(E) = K_π 2^−Γ Φ_γ(E): for pp and Γ = 2 the per-flavour
/// neutrino energy flux is half the γ-ray energy flux. The relation is for the γ-rays as produced,
/// before any absorption on the way to Earth.
public enum PionDecayRelation {
    /// K_π for proton–proton interactions.
    public static let protonProton = 2.0
    /// K_π for photo-meson (pγ) interactions.
    public static let protonPhoton = 1.0

    /// Per-flavour (ν + ν̄) neutrino flux at `neutrinoEnergyGeV` from the γ-ray flux of the same
    /// interactions, `gammaRayFlux(E_γ)` in any differential unit (the result has the same unit).
    public static func perFlavourNeutrinoFlux(neutrinoEnergyGeV energy: Double, chargedToNeutral kPi: Double = protonProton,
                                              gammaRayFlux: (Double) -> Double) -> Double {
        kPi * gammaRayFlux(2 * energy)
    }

    /// Φ_ν(E) / Φ_γ(E) at the same energy for γ-ray power law of index `index`: K_π 2^−Γ.
    public static func powerLawRatio(index: Double, chargedToNeutral kPi: Double = protonProton) -> Double {
        kPi * pow(2, -index)
    }
}

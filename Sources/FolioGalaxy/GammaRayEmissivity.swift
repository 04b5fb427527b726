import Dispatch
import Foundation
import FolioSky

/// The γ-ray emissivity of interstellar gas per hydrogen atom: photons emitted per second, per
/// steradian and per H atom by cosmic rays interacting with it (π⁰ decay dominates above a GeV).
///
/// It is anchored on a measured integral emissivity above an energy E₀ and extended as a power
/// law E^−Γ with the index of the emission model:
///
///     q(E) = (Γ − 1) · Q(>E₀) / E₀ · (E/E₀)^−Γ   [photons GeV⁻¹ s⁻¹ sr⁻¹ H⁻¹].
///
/// The default anchor is the Fermi-LAT measurement of the local (within ~1 kpc) emissivity,
/// Q(>300 MeV) = (0.66 ± 0.02) × 10⁻²⁶ photons s⁻¹ sr⁻¹ H⁻¹ with ~10% systematic uncertainty
/// (Abdo et al. 2009, ApJ 703, 1249). Being measured per H atom, it includes the contributions of
/// cosmic-ray and interstellar helium. Caveat: below a few GeV the π⁰ spectrum is harder than the
/// cosmic-ray power law (the "pion bump"), so a pure power law fitted to the integral above
/// 300 MeV puts too many photons near threshold and too few at high energy; for Γ = 2.7 the
/// extrapolation is low by a factor of order 1.5–2 (our estimate, not the paper's).
public struct GammaRayEmissivity: Codable, Hashable, Sendable {
    /// Q(>E₀) in photons s⁻¹ sr⁻¹ per H atom.
    public var integralAboveThreshold: Double
    /// E₀ in GeV.
    public var thresholdGeV: Double
    /// Power-law index Γ of the extension to high energies.
    public var index: Double

    public init(integralAboveThreshold: Double, thresholdGeV: Double, index: Double) {
        precondition(index > 1, "the integral of E^-index above the threshold diverges for index <= 1")
        self.integralAboveThreshold = integralAboveThreshold
        self.thresholdGeV = thresholdGeV
        self.index = index
    }

    /// Abdo et al. (2009, ApJ 703, 1249): local emissivity above 300 MeV, extended with `index`.
    public static func fermiLATLocal(index: Double) -> GammaRayEmissivity {
        GammaRayEmissivity(integralAboveThreshold: 0.66e-26, thresholdGeV: 0.3, index: index)
    }

    /// Differential emissivity q(E) in photons GeV⁻¹ s⁻¹ sr⁻¹ per H atom.
    public func differential(energyGeV e: Double) -> Double {
        (index - 1) * integralAboveThreshold / thresholdGeV * pow(e / thresholdGeV, -index)
    }
}

extension DiffuseEmission {
    /// Centimetres per kiloparsec (IAU 2012 astronomical unit and parsec definitions).
    public static let centimetresPerKiloparsec = 3.085_677_581e21

    /// The all-sky column of target nucleons weighted by the cosmic-ray density relative to the
    /// Sun's, ∫dΩ ∫ n_H(s) n_CR(s)/n_CR,☉ ds, in H cm⁻² sr: multiplied by the local γ-ray
    /// emissivity per H atom it gives the model's all-sky γ-ray flux. Evaluated at the pixel centres
    /// of an `nside` HEALPix grid at the reference energy (where every spectral factor is 1), on at
    /// most `threads` threads; the result does not depend on the thread count.
    public func weightedColumn(nside: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Double {
        let hp = try HEALPix(nside: nside)
        let toGalactic = CoordinateFrame.equatorial.rotation(to: .galactic)
        // A fixed chunk count (not one per thread) keeps the summation order, and so the last bits of
        // the result, independent of the thread count.
        let n = hp.pixelCount, chunks = min(n, 64)
        let sums = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks)
        defer { sums.deallocate() }
        nonisolated(unsafe) let partial = sums  // each chunk writes its own slot
        let model = self
        let limiter = DispatchSemaphore(value: max(1, threads))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            limiter.wait(); defer { limiter.signal() }
            var s = 0.0
            for i in stride(from: c * n / chunks, to: (c + 1) * n / chunks, by: 1) {
                let g = toGalactic.apply(to: hp.center(of: i))
                s += model.intensity(l: g.longitude, b: g.latitude, energyGeV: model.referenceEnergyGeV)
            }
            partial[c] = s
        }
        return sums.reduce(0, +) * hp.pixelArea * Self.centimetresPerKiloparsec
    }

    /// The model's absolute all-sky per-flavour (ν + ν̄) neutrino flux dN/dE (GeV⁻¹ cm⁻² s⁻¹) at the
    /// reference energy, from `TemplateMap.modelIntegral`: Φ_ν(E) = K_π Φ_γ(2E) (`PionDecayRelation`), with
    /// Φ_γ the Fermi-LAT local emissivity per H atom (`GammaRayEmissivity.fermiLATLocal`, at the local index)
    /// times the column. The emissivity anchors the model at GeV energies, where it is tuned: at 2 × the
    /// normalisation energy (20 GeV γ-rays) for a spectrum varying across the sky, whose integral already
    /// carries the spectral factors from there; for a uniform one, whose map is not scaled, at 2 × the
    /// reference energy (the same power law). Units: photons GeV⁻¹ s⁻¹ sr⁻¹ H⁻¹ × H cm⁻² sr.
    public func neutrinoFluxAtReference(modelIntegral: Double, chargedToNeutral kPi: Double = PionDecayRelation.protonProton) -> Double {
        let local = GammaRayEmissivity.fermiLATLocal(index: spectrum.index(R: geometry.sunDistance, sunDistance: geometry.sunDistance))
        let anchor = spectrum.isSeparable ? referenceEnergyGeV : normalisationEnergyGeV
        return kPi * local.differential(energyGeV: 2 * anchor) * modelIntegral * Self.centimetresPerKiloparsec
    }

    /// All-sky γ-ray flux dN/dE (GeV⁻¹ cm⁻² s⁻¹) at `energyGeV` for a weighted column (from
    /// `weightedColumn`) and an emissivity anchor; the model's spectral shape is the anchor's power law.
    public static func gammaRayFlux(energyGeV: Double, weightedColumn: Double, emissivity: GammaRayEmissivity) -> Double {
        emissivity.differential(energyGeV: energyGeV) * weightedColumn
    }
}

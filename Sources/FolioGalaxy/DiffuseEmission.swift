import Foundation

/// A diffuse hadronic emission model: gas × cosmic rays × spectrum, integrated along lines of sight.
///
/// The emissivity at a point is q(R, z, E) ∝ n_gas(R, z) · n_CR(R, z) · S(E; R), so the intensity
/// towards (l, b) is I(l, b, E) ∝ ∫₀^{s_max} q ds, by Simpson's rule with steps of at most
/// `stepLength` kpc, up to `maxDistance` kpc or until the line of sight is `maxHeight` kpc from the
/// plane (the gas there is < 10⁻⁴ of its mid-plane density). Absolute units are arbitrary
/// (cm⁻³ kpc); templates normalise them away.
public struct DiffuseEmission: Sendable {
    public var geometry = Galactocentric()
    public var gas: any GasDensity
    public var cosmicRays = CosmicRayDensity()
    public var spectrum: SpectralModel
    /// Energy at which `intensity` is evaluated when no energy is given (GeV).
    public var referenceEnergyGeV: Double
    /// Neutrino energy (GeV) at which the spectral factors are 1 everywhere, so where every model has
    /// the same spatial distribution (gas × cosmic rays). The models are tuned to Fermi-LAT γ-rays at
    /// GeV energies (KRA-γ: Gaggero et al. 2015), so 10 GeV here (γ-rays of ~20 GeV, Φ_ν(E) = K_π Φ_γ(2E)).
    /// A radially varying index then brightens the inner Galaxy at TeV–PeV energies.
    public var normalisationEnergyGeV: Double = 10
    public var maxDistance: Double = 30
    public var maxHeight: Double = 5
    public var stepLength: Double = 0.02

    public init(gas: any GasDensity = TotalGas([AtomicHydrogen(), MolecularHydrogen()]),
                spectrum: SpectralModel, referenceEnergyGeV: Double = 1e5) {
        self.gas = gas
        self.spectrum = spectrum
        self.referenceEnergyGeV = referenceEnergyGeV
    }

    /// Line-of-sight integral towards Galactic (l, b) in radians at `energyGeV` (default: the reference
    /// energy). Spectral factors are relative to `normalisationEnergyGeV`; a separable spectrum is
    /// skipped at the reference energy (the same factor on every line of sight).
    public func intensity(l: Double, b: Double, energyGeV: Double? = nil) -> Double {
        intensities(l: l, b: b, energiesGeV: [energyGeV ?? referenceEnergyGeV])[0]
    }

    /// Line-of-sight integrals towards Galactic (l, b) (radians) at several energies in one pass.
    public func intensities(l: Double, b: Double, energiesGeV: [Double]) -> [Double] {
        let length = min(maxDistance, maxHeight / max(abs(sin(b)), 1e-9))
        var steps = Int((length / stepLength).rounded(.up))
        steps += steps % 2  // Simpson's rule needs an even count
        let h = length / Double(steps)
        let scaled = energiesGeV.map { !spectrum.isSeparable || $0 != referenceEnergyGeV }
        var sums = [Double](repeating: 0, count: energiesGeV.count)
        for i in 0...steps {
            let s = Double(i) * h
            let (R, z) = geometry.cylindrical(l: l, b: b, s: s)
            let base = gas.density(R: R, z: z) * cosmicRays.relativeDensity(R: R, z: z)
            let weight: Double = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2)
            for (k, e) in energiesGeV.enumerated() {
                var q = base
                if scaled[k] {
                    q *= spectrum.factor(energyGeV: e, referenceGeV: spectrum.isSeparable ? referenceEnergyGeV : normalisationEnergyGeV,
                                         R: R, sunDistance: geometry.sunDistance)
                }
                sums[k] += weight * q
            }
        }
        return sums.map { $0 * h / 3 }
    }
}

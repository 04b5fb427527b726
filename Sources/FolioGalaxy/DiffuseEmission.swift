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
    public var maxDistance: Double = 30
    public var maxHeight: Double = 5
    public var stepLength: Double = 0.02

    public init(gas: any GasDensity = TotalGas([AtomicHydrogen(), MolecularHydrogen()]),
                spectrum: SpectralModel, referenceEnergyGeV: Double = 1e5) {
        self.gas = gas
        self.spectrum = spectrum
        self.referenceEnergyGeV = referenceEnergyGeV
    }

    /// Line-of-sight integral towards Galactic (l, b) in radians at `energyGeV`.
    public func intensity(l: Double, b: Double, energyGeV: Double? = nil) -> Double {
        let e = energyGeV ?? referenceEnergyGeV
        let length = min(maxDistance, maxHeight / max(abs(sin(b)), 1e-9))
        var steps = Int((length / stepLength).rounded(.up))
        steps += steps % 2  // Simpson's rule needs an even count
        let h = length / Double(steps)
        var sum = 0.0
        for i in 0...steps {
            let s = Double(i) * h
            let (R, z) = geometry.cylindrical(l: l, b: b, s: s)
            var q = gas.density(R: R, z: z) * cosmicRays.relativeDensity(R: R, z: z)
            if !spectrum.isSeparable || e != referenceEnergyGeV {
                q *= spectrum.factor(energyGeV: e, referenceGeV: referenceEnergyGeV, R: R, sunDistance: geometry.sunDistance)
            }
            let weight: Double = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += weight * q
        }
        return sum * h / 3
    }
}

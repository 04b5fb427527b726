import Foundation
import Testing
import FolioSky
@testable import FolioGalaxy

@Suite struct PionDecayRelationTests {
    /// The relation from pion kinematics, integrated numerically: pions with spectrum E_π^−Γ, in
    /// the ratio π⁰ : π± = 1 : K_π; each π⁰ gives two photons of E_π/2, each π± three neutrinos of
    /// E_π/4, shared equally among three flavours. A product at a fixed fraction x of E_π has
    /// dN/dE(E) = ∫ δ(E − x E_π) E_π^−Γ dE_π = x^(Γ−1) E^−Γ; the test integrates the pion spectrum
    /// against a narrow Gaussian in place of the δ and compares Φ_ν/Φ_γ with K_π 2^−Γ.
    @Test func powerLawRatioMatchesPionKinematics() {
        func spectrumAt(_ e: Double, fraction x: Double, multiplicity: Double, index: Double) -> Double {
            // ∫ dE_π E_π^−Γ · multiplicity · g(E − x E_π), g a Gaussian of relative width 1% in E.
            let width = 0.01 * e
            let steps = 4000
            let lo = (e - 8 * width) / x, hi = (e + 8 * width) / x
            let h = (hi - lo) / Double(steps)
            var sum = 0.0
            for i in 0...steps {
                let ePi = lo + Double(i) * h
                let w: Double = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2)
                let d = e - x * ePi
                sum += w * pow(ePi, -index) * exp(-0.5 * d * d / (width * width)) / (width * (2 * Double.pi).squareRoot())
            }
            return multiplicity * sum * h / 3
        }
        for index in [2.0, 2.5, 2.7, 3.0] {
            let e = 1e5
            let photons = spectrumAt(e, fraction: 0.5, multiplicity: 2, index: index)
            let perFlavour = spectrumAt(e, fraction: 0.25, multiplicity: PionDecayRelation.protonProton * 3 / 3, index: index)
            let ratio = perFlavour / photons
            #expect(abs(ratio / PionDecayRelation.powerLawRatio(index: index) - 1) < 2e-3, "Γ = \(index): \(ratio)")
        }
        // The textbook case: for pp and Γ = 2 the per-flavour energy flux is half the γ-ray one.
        #expect(abs(PionDecayRelation.powerLawRatio(index: 2) - 0.5) < 1e-15)
        #expect(abs(PionDecayRelation.powerLawRatio(index: 2, chargedToNeutral: PionDecayRelation.protonPhoton) - 0.25) < 1e-15)
    }

    /// Φ_ν(E) = K_π Φ_γ(2E) for any spectrum, and agrees with the power-law shortcut.
    @Test func generalRelationEvaluatesTheGammaRaysAtTwiceTheEnergy() {
        let flux: (Double) -> Double = { 3e-12 * pow($0, -2.7) * exp(-$0 / 1e6) }
        let e = 2e4
        #expect(PionDecayRelation.perFlavourNeutrinoFlux(neutrinoEnergyGeV: e, gammaRayFlux: flux) == 2 * flux(4e4))
        let powerLaw: (Double) -> Double = { 5e-10 * pow($0, -2.4) }
        let nu = PionDecayRelation.perFlavourNeutrinoFlux(neutrinoEnergyGeV: e, gammaRayFlux: powerLaw)
        #expect(abs(nu / (PionDecayRelation.powerLawRatio(index: 2.4) * powerLaw(e)) - 1) < 1e-12)
    }
}

@Suite struct GammaRayEmissivityTests {
    /// The differential emissivity integrates back to the anchor above the threshold.
    @Test func differentialIntegratesToTheAnchor() {
        let q = GammaRayEmissivity.fermiLATLocal(index: 2.7)
        // ∫_{E0}^{∞} q dE in log E: Simpson on x = ln E from E0 to 1e6 E0 (the rest is < 1e-10 of it).
        let a = log(q.thresholdGeV), b = log(q.thresholdGeV * 1e6), n = 2000
        let h = (b - a) / Double(n)
        var sum = 0.0
        for i in 0...n {
            let e = exp(a + Double(i) * h)
            let w: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += w * q.differential(energyGeV: e) * e
        }
        #expect(abs(sum * h / 3 / 0.66e-26 - 1) < 1e-6)
        // E^−2.7: a factor 10 in energy lowers q by 10^2.7.
        #expect(abs(q.differential(energyGeV: 1e4) / q.differential(energyGeV: 1e5) - pow(10, 2.7)) < 1e-9 * pow(10, 2.7))
    }

    /// Gas n₀ e^−|z|/h with cosmic rays uniform: towards latitude b the column is
    /// n₀ h / |sin b| (1 − e^(−L |sin b| / h)), L the line-of-sight length; the all-sky weighted
    /// column is 2π ∫ cos b db of that (in cm⁻³ kpc, times cm per kpc).
    @Test func weightedColumnOfAnExponentialDiskIsAnalytic() throws {
        struct Disk: GasDensity {
            func density(R: Double, z: Double) -> Double { 1.0 * exp(-abs(z) / 0.1) }
        }
        var model = DiffuseEmission(gas: Disk(), spectrum: .pi0)
        model.cosmicRays.smoothing = 1
        model.cosmicRays.scaleHeight = 1e12
        model.stepLength = 0.005
        let column = try model.weightedColumn(nside: 32, threads: 2)
        let n = 20000
        var expected = 0.0
        for i in 0..<n {
            let b = -Double.pi / 2 + (Double(i) + 0.5) * Double.pi / Double(n)
            let s = max(abs(sin(b)), 1e-9)
            let length = min(model.maxDistance, model.maxHeight / s)
            expected += 2 * .pi * cos(b) * (Double.pi / Double(n)) * 0.1 / s * (1 - exp(-length * s / 0.1))
        }
        expected *= DiffuseEmission.centimetresPerKiloparsec
        #expect(abs(column / expected - 1) < 0.02, "\(column) vs \(expected)")
    }

    /// The default model's column is dominated by the plane and converges with resolution; the
    /// column towards the Galactic poles is that of the local disk, a few 10²⁰ H cm⁻² as 21-cm
    /// surveys give (Dickey & Lockman 1990).
    @Test func defaultModelColumnConvergesAndHasThePolarColumn() throws {
        let model = DiffuseEmission(spectrum: .pi0)
        let pole = model.intensity(l: 0, b: .pi / 2) * DiffuseEmission.centimetresPerKiloparsec
        #expect(pole > 1e20 && pole < 6e20, "\(pole)")
        let c32 = try model.weightedColumn(nside: 32, threads: 2), c64 = try model.weightedColumn(nside: 64, threads: 2)
        #expect(try model.weightedColumn(nside: 32, threads: 1) == c32)   // bit for bit, whatever the thread count
        #expect(abs(c32 / c64 - 1) < 0.03, "\(c32) vs \(c64)")
        #expect(c64 > 4 * .pi * pole)
    }
}

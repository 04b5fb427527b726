import Foundation
import Testing
import FolioSky
@testable import FolioGalaxy

@Suite struct GalaxyGeometryTests {
    @Test func lineOfSightThroughTheCentre() {
        let g = Galactocentric()
        let centre = g.cylindrical(l: 0, b: 0, s: 8.5)
        #expect(abs(centre.R) < 1e-12 && abs(centre.z) < 1e-12)
        let anticentre = g.cylindrical(l: .pi, b: 0, s: 2)
        #expect(abs(anticentre.R - 10.5) < 1e-12)
        let up = g.cylindrical(l: 1, b: .pi / 2, s: 3)
        #expect(abs(up.R - 8.5) < 1e-12 && abs(up.z - 3) < 1e-12)
    }
}

@Suite struct GasAndCosmicRayTests {
    @Test func atomicHydrogenFollowsDickeyLockman() {
        let hi = AtomicHydrogen()
        #expect(abs(hi.density(R: 8.5, z: 0) - 0.566) < 1e-9)
        #expect(abs(hi.density(R: 6, z: 0) - 0.566) < 1e-9)       // flat between 3.5 and 8.5 kpc
        // At z = 106 pc (half the narrow FWHM) the narrow Gaussian has halved.
        let z = 0.106
        let sigma2 = 0.530 / (2 * (2 * log(2.0)).squareRoot())
        let expected = 0.395 * 0.5 + 0.107 * exp(-0.5 * pow(z / sigma2, 2)) + 0.064 * exp(-z / 0.403)
        #expect(abs(hi.density(R: 8.5, z: z) - expected) < 1e-12)
        #expect(hi.density(R: 1, z: 0) < 0.01)                    // the central H I hole
        // Outside the solar circle: lower mid-plane density, thicker layer.
        #expect(hi.density(R: 15, z: 0) < 0.566 * exp(-6.5 / 3.15) * 1.0001)
        #expect(hi.density(R: 15, z: 0.5) / hi.density(R: 15, z: 0) > hi.density(R: 8.5, z: 0.5) / hi.density(R: 8.5, z: 0))
    }

    @Test func molecularRingPeaksInsideTheSolarCircle() {
        let h2 = MolecularHydrogen()
        #expect(abs(h2.density(R: 8.5, z: 0) - 0.38) < 1e-9)      // 2 × 0.19 molecules cm⁻³
        let radii = stride(from: 0.5, through: 15, by: 0.1).map { $0 }
        let peak = radii.max { h2.density(R: $0, z: 0) < h2.density(R: $1, z: 0) }!
        #expect(peak > 4 && peak < 5)
        // HWHM of 81 pc at the Sun.
        #expect(abs(h2.density(R: 8.5, z: 0.081) / h2.density(R: 8.5, z: 0) - 0.5) < 1e-12)
        #expect(abs(h2.density(R: 4.5, z: 0) / h2.density(R: 8.5, z: 0) - exp(4.0 / 3)) < 1e-12)
    }

    @Test func cosmicRaysPeakNearThreeKiloparsecs() {
        let cr = CosmicRayDensity()
        #expect(abs(cr.relativeDensity(R: 8.5, z: 0) - 1) < 1e-12)
        // d/dR of (R+R1)^a exp(-b R/(R☉+R1)) vanishes at R = a (R☉+R1)/b − R1 = 3.152 kpc.
        let radii = stride(from: 0.0, through: 12, by: 0.01).map { $0 }
        let peak = radii.max { cr.sourceDistribution(R: $0) < cr.sourceDistribution(R: $1) }!
        #expect(abs(peak - (1.64 * 9.05 / 4.01 - 0.55)) < 0.01)
        #expect(cr.relativeDensity(R: 0, z: 0) > 0)
    }
}

@Suite struct TemplateTests {
    @Test func piZeroTemplateIsNormalisedSymmetricAndConcentratedOnThePlane() throws {
        let model = DiffuseEmission(spectrum: .pi0)
        let map = try model.template(nside: 16, frame: .galactic)
        let hp = try HEALPix(nside: 16)
        #expect(abs(map.values.reduce(0, +) * hp.pixelArea - 1) < 1e-12)
        #expect(map.values.allSatisfy { $0 >= 0 })
        // Symmetric in longitude (the model is azimuthally symmetric about the Galactic centre).
        let east = model.intensity(l: 0.5, b: 0.02), west = model.intensity(l: -0.5, b: 0.02)
        #expect(abs(east - west) / east < 1e-12)
        // Most of the emission lies within |b| < 5° and towards the inner Galaxy.
        let inPlane = try map.fraction { _, b in abs(b) < 5 * .pi / 180 }
        #expect(inPlane > 0.6)
        let inner = try map.fraction { l, b in abs(b) < 5 * .pi / 180 && (l < .pi / 2 || l > 3 * .pi / 2) }
        let outer = try map.fraction { l, b in abs(b) < 5 * .pi / 180 && l > .pi / 2 && l < 3 * .pi / 2 }
        #expect(inner > 2 * outer)
        // E^-2.7 everywhere.
        #expect(abs(map.effectiveIndex(fromGeV: 1e3, toGeV: 1e6) - 2.7) < 1e-9)
    }

    @Test func equatorialTemplatePutsTheGalacticCentreWhereItBelongs() throws {
        let map = try DiffuseEmission(spectrum: .pi0).template(nside: 16, frame: .equatorial)
        let hp = try HEALPix(nside: 16)
        let brightest = map.values.indices.max { map.values[$0] < map.values[$1] }!
        let c = Rotation.equatorialToGalactic.apply(to: hp.center(of: brightest))
        // The brightest pixel is in the plane of the inner Galaxy.
        #expect(abs(c.latitudeDegrees) < 2)
        let l = c.normalized.longitudeDegrees
        #expect(l < 40 || l > 320)
    }

    @Test func kraGammaHardensInTheInnerGalaxyAndIsCutOff() throws {
        let kra5 = DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 5))
        let kra50 = DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 50))
        #expect(abs(SpectralModel.kraGamma(cutoffPeV: 5).index(R: 0) - (2.7 - 0.035 * 8.5)) < 1e-12)
        #expect(SpectralModel.kraGamma(cutoffPeV: 5).index(R: 15) == SpectralModel.kraGamma(cutoffPeV: 5).index(R: 11))
        // The inner/outer contrast grows with energy for KRA-γ but not for π⁰.
        func contrast(_ m: DiffuseEmission, _ e: Double) -> Double {
            m.intensity(l: 0.2, b: 0, energyGeV: e) / m.intensity(l: 2.5, b: 0, energyGeV: e)
        }
        #expect(contrast(kra50, 1e5) > 1.2 * contrast(kra50, 1e3))
        let pi0 = DiffuseEmission(spectrum: .pi0)
        #expect(abs(contrast(pi0, 1e5) / contrast(pi0, 1e3) - 1) < 1e-9)
        // A 5 PeV nucleon cut-off suppresses neutrinos above ~250 TeV much more than a 50 PeV one.
        let t5 = try kra5.template(nside: 8, frame: .galactic), t50 = try kra50.template(nside: 8, frame: .galactic)
        let i = t5.energiesGeV.firstIndex { $0 >= 1e6 }!
        #expect(t5.spectrum[i] < 0.2 * t50.spectrum[i])
        #expect(t50.effectiveIndex(fromGeV: 1e3, toGeV: 1e5) < 2.7)
    }
}

/// The models share one spatial distribution at the normalisation energy (GeV, where they are tuned
/// to Fermi-LAT), so the KRA-γ-like maps differ from the π⁰ one at TeV energies and their inner
/// Galaxy brightens with energy.
@Suite struct EnergyDependentTemplateMapTests {
    static let degree = Double.pi / 180
    static func inner(_ l: Double, _ b: Double) -> Bool { abs(b) < 5 * degree && (l < 60 * degree || l > 300 * degree) }
    static func outer(_ l: Double, _ b: Double) -> Bool { abs(b) < 5 * degree && l > 120 * degree && l < 240 * degree }

    @Test func kraMapsDifferFromPiZeroAndTheirInnerGalaxyGrowsWithEnergy() throws {
        let pi0 = try DiffuseEmission(spectrum: .pi0).template(nside: 16, frame: .galactic)
        let kra5 = try DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 5)).template(nside: 16, frame: .galactic)
        let kra50 = try DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 50)).template(nside: 16, frame: .galactic)
        #expect(pi0.mapEnergiesGeV.isEmpty && kra5.mapEnergiesGeV == DiffuseEmission.mapEnergiesGeV)
        // At 100 TeV (the reference energy) the KRA-γ-like maps are not the π⁰ map.
        for kra in [kra5, kra50] {
            let largest = zip(kra.values, pi0.values).map { abs($0 - $1) / max($1, 1e-300) }.max()!
            #expect(largest > 0.5)
            #expect(try kra.fraction(where: Self.inner) > 1.3 * pi0.fraction(where: Self.inner))
        }
        // The inner-to-outer ratio grows with energy for KRA-γ, and is the same at every energy for π⁰.
        func ratio(_ t: TemplateMap, _ e: Double) throws -> Double {
            try t.fraction(atEnergyGeV: e, where: Self.inner) / t.fraction(atEnergyGeV: e, where: Self.outer)
        }
        for kra in [kra5, kra50] {
            let r = try DiffuseEmission.mapEnergiesGeV.map { try ratio(kra, $0) }
            #expect(zip(r, r.dropFirst()).allSatisfy { $0 < $1 }, "inner/outer at 1, 10, 100, 1000 TeV: \(r)")
            #expect(r.last! > 2 * r.first!)
        }
        #expect(try abs(ratio(pi0, 1e3) / ratio(pi0, 1e6) - 1) < 1e-12)
        // The local index (1–100 TeV) is harder in the inner Galaxy; the 5 PeV cut-off steepens it everywhere.
        let local5 = try #require(try kra5.localIndex(fromGeV: 1e3, toGeV: 1e5)), local50 = try #require(try kra50.localIndex(fromGeV: 1e3, toGeV: 1e5))
        let hp = try HEALPix(nside: 16)
        let centre = hp.pixel(theta: .pi / 2, phi: 0.01), anticentre = hp.pixel(theta: .pi / 2, phi: .pi)
        #expect(local50[centre] < local50[anticentre] - 0.1)
        // Towards the anticentre R runs from 8.5 kpc outwards, where γ(R) = 2.7 + 0.035 (R − 8.5) up to 11 kpc.
        #expect(local50[anticentre] > 2.7 && local50[anticentre] < 2.8)
        #expect(local5[centre] > local50[centre] + 0.05)
        #expect(try pi0.localIndex(fromGeV: 1e3, toGeV: 1e5) == nil)
        #expect(throws: TemplateMapError.self) { try kra5.normalisedMap(atEnergyGeV: 3e3) }
    }

    @Test func modelFluxIsAnchoredOnTheFermiLATEmissivityAtGeVEnergies() throws {
        let pi0Model = DiffuseEmission(spectrum: .pi0), kraModel = DiffuseEmission(spectrum: .kraGamma(cutoffPeV: 50))
        let pi0 = try pi0Model.template(nside: 8), kra = try kraModel.template(nside: 8)
        let fPi0 = pi0Model.neutrinoFluxAtReference(modelIntegral: try #require(pi0.modelIntegral))
        let fKra = kraModel.neutrinoFluxAtReference(modelIntegral: try #require(kra.modelIntegral))
        // π⁰: K_π q_γ(2E) × column, the pp relation at 100 TeV.
        let column = try pi0Model.weightedColumn(nside: 8)
        let expected = 2 * GammaRayEmissivity.fermiLATLocal(index: 2.7).differential(energyGeV: 2e5) * column
        #expect(abs(fPi0 / expected - 1) < 1e-9)
        // KRA-γ: the same emission at 10 GeV, harder inwards: more flux at 100 TeV.
        #expect(fKra > 1.2 * fPi0)
    }
}

/// The template integration reports its progress: every pixel it integrates, once.
@Suite struct TemplateProgressTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var total = 0
        func add(_ n: Int) { lock.lock(); total += n; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return total }
    }

    @Test func progressCountsEveryIntegratedPixel() throws {
        for spectrum in [SpectralModel.pi0, .kraGamma(cutoffPeV: 5)] {
            let model = DiffuseEmission(spectrum: spectrum)
            let counter = Counter()
            let map = try model.template(nside: 8, frame: .equatorial, threads: 2) { counter.add($0) }
            #expect(counter.value == model.integratedPixels(nside: 8))
            #expect(counter.value >= map.values.count)
        }
    }
}

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

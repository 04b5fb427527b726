import Foundation
import FolioGalaxy
import FolioSky
@testable import FolioIceCube

/// The two broad Galactic templates of the injection tests, in equatorial RING maps.
enum BroadTemplates {
    /// Uniform band |b| < 5 deg (the flagship's `galaxy.planeBand`).
    static func plane(nside: Int) -> SkyTemplate {
        let hp = try! HEALPix(nside: nside)
        return SkyTemplate(nside: nside, values: (0..<hp.pixelCount).map {
            abs(Rotation.equatorialToGalactic.apply(to: hp.center(of: $0)).latitudeDegrees) < 5 ? 1 : 0
        })
    }

    /// The flagship's pi0-like template: FolioGalaxy's gas x cosmic-ray line-of-sight model at
    /// 100 TeV (what `galaxy.template` with `model: .pi0` computes).
    static func pi0(nside: Int) -> SkyTemplate {
        let t = try! DiffuseEmission(spectrum: .pi0, referenceEnergyGeV: 1e5).template(nside: nside, frame: .equatorial, threads: 2)
        return SkyTemplate(nside: nside, values: t.values)
    }
}

import Foundation
import Testing
import FolioCache
import FolioModel
import FolioRunner
import FolioSky
import FolioSteps
import FolioTestSupport

@Suite struct GalacticTemplateStepTests {
    func analysis(kraCutoff: Double = 5) -> Analysis {
        Analysis("templates", title: "Templates", seed: 1) {
            GalacticTemplate("pi0", model: .pi0, nside: 8)
            GalacticTemplate("kra5", model: .kraGamma(cutoffPeV: kraCutoff), nside: 8)
            GalacticTemplate("user", map: .file("maps/user.fits"), spectrum: .uniform(index: 2.5))
        }
    }

    /// A user map: 2 in the northern equatorial hemisphere, 0 in the south, in Galactic pixels.
    func writeUserMap(_ dir: TemporaryDirectory) throws {
        let hp = try HEALPix(nside: 4)
        let values = (0..<hp.pixelCount).map { i in
            Rotation.galacticToEquatorial.apply(to: hp.center(of: i)).latitude > 0 ? 2.0 : 0.0
        }
        try FileManager.default.createDirectory(at: dir.path("data/maps"), withIntermediateDirectories: true)
        try HEALPixMap(nside: 4, frame: .galactic, values: values).write(to: dir.path("data/maps/user.fits"))
    }

    @Test func computedAndUserTemplatesAreNormalisedEquatorialMaps() async throws {
        let dir = TemporaryDirectory()
        try writeUserMap(dir)
        let builder = makeBuilder(dir)
        let summary = try await builder.build(analysis())
        #expect(summary.ranSteps == ["pi0", "kra5", "user"])
        let plan = try builder.plan(analysis())
        let store = ArtifactStore(root: dir.path("output/.cache"))
        for name in ["pi0", "kra5", "user"] {
            let url = store.filesDirectory(for: plan.step(named: name)!.key).appendingPathComponent("out/template.fits")
            let map = try HEALPixMap.read(from: url)
            #expect(map.frame == .equatorial)
            #expect(abs(map.integral - 1) < 1e-9, "\(name)")
        }
        let results = try StableJSON.read([String: ResultValue].self, from: dir.path("output/templates/results.json"))
        // Coarse 7-degree pixels, classified by their centres: about half of the map lies at |b| < 5 degrees.
        #expect(results["pi0.planeFraction"]!.value! > 0.4)
        #expect(abs(results["pi0.index1to100TeV"]!.value! - 2.7) < 1e-9)
        // The 5 PeV nucleon cut-off (250 TeV for neutrinos) steepens KRA-gamma-5 between 1 and 100 TeV by
        // about 0.4 / ln(100) = 0.09, more than the inner-Galaxy hardening flattens it.
        #expect((2.7...2.9).contains(results["kra5.index1to100TeV"]!.value!))
        #expect(abs(results["user.index1to100TeV"]!.value! - 2.5) < 1e-9)
        // Normalised at 10 GeV, KRA-γ's inner Galaxy brightens with energy; π⁰'s share stays put.
        let inner = ["1TeV", "", "1PeV"].map { results["kra5.innerGalaxyFraction\($0)"]!.value! }
        #expect(inner[0] < inner[1] && inner[1] < inner[2], "\(inner)")
        #expect(results["pi0.innerGalaxyFraction1TeV"]!.value! == results["pi0.innerGalaxyFraction"]!.value!)
        #expect(results["kra5.innerGalaxyFraction"]!.value! > results["pi0.innerGalaxyFraction"]!.value!)
        #expect(results["kra5.normalisationEnergy"]!.value! == 10 && results["user.modelFlux100TeV"] == nil)
        // Brighter inner Galaxy, but the 5 PeV cut-off takes a third off at 100 TeV: comparable to π⁰.
        #expect((0.5...2).contains(results["kra5.modelFlux100TeV"]!.value! / results["pi0.modelFlux100TeV"]!.value!))
        let kraOut = store.filesDirectory(for: plan.step(named: "kra5")!.key).appendingPathComponent("out")
        #expect(FileManager.default.fileExists(atPath: kraOut.appendingPathComponent("template-index.fits").path))
        #expect(!FileManager.default.fileExists(atPath: store.filesDirectory(for: plan.step(named: "pi0")!.key)
            .appendingPathComponent("out/template-index.fits").path))
        let manifest = try StableJSON.read(Manifest.self, from: dir.path("output/templates/manifest.json"))
        #expect(manifest.step(named: "pi0")!.notices.first!.hasPrefix("analytic proxy template"))
        #expect(manifest.data.map(\.path) == ["maps/user.fits"])
    }

    @Test func changingOneTemplateRerunsOnlyThatTemplate() async throws {
        let dir = TemporaryDirectory()
        try writeUserMap(dir)
        let builder = makeBuilder(dir)
        _ = try await builder.build(analysis())
        let again = try await builder.build(analysis(kraCutoff: 50))
        #expect(again.ranSteps == ["kra5"])
    }

    @Test func badUserMapIsNamed() async throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.path("data/maps"), withIntermediateDirectories: true)
        try Data("SIMPLE  = not really".utf8).write(to: dir.path("data/maps/user.fits"))
        let error = await #expect(throws: StepFailure.self) { _ = try await makeBuilder(dir).build(analysis()) }
        #expect(error?.isUserError == true)
        #expect(error?.description.hasPrefix("step 'user': \(dir.path("data/maps/user.fits").path): not a FITS file") == true)
    }
}

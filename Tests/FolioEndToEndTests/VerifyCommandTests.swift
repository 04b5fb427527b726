import Foundation
import Testing
import FolioModel
import FolioSky
import FolioSteps
import FolioTestSupport

@Suite(.serialized) struct VerifyCommandTests {
    /// A project folder with a user template map in data/ and an analysis that reads it.
    func project() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        let hp = try HEALPix(nside: 4)
        let values = (0..<hp.pixelCount).map { Double($0 % 7) }
        try FileManager.default.createDirectory(at: dir.path("data/maps"), withIntermediateDirectories: true)
        try HEALPixMap(nside: 4, frame: .galactic, values: values).write(to: dir.path("data/maps/user.fits"))
        let analysis = Analysis("v", title: "Verify tests", seed: 3) {
            GalacticTemplate("user", map: .file("maps/user.fits"), spectrum: .uniform(index: 2.7))
            ToySample("sample", events: 200)
            ToyFit("fit", on: "sample")
            ToyTrials("background", of: "fit", trials: 100, chunkSize: 25)
        }
        try analysis.jsonData().write(to: dir.path("v.json"))
        let made = try folio(["verify", "ref/v", "--analysis", "v.json", "--update-reference"], in: dir.url)
        #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
        return dir
    }

    @Test func cleanRebuildVerifiesBitIdentical() throws {
        let dir = try project()
        let r = try folio(["verify", "ref/v", "--analysis", "v.json", "--twice"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("verdict: bit-identical"))
        #expect(r.stdout.contains("determinism: two clean builds gave identical outputs in every step"))
    }

    @Test func corruptedInputIsNamedWithBothChecksums() throws {
        let dir = try project()
        let file = dir.path("data/maps/user.fits")
        let expected = try #require(try? sha256(file))
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 100] ^= 0xFF
        try bytes.write(to: file)
        let r = try folio(["verify", "ref/v", "--analysis", "v.json"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout.contains("input \(file.path): sha256 \(try sha256(file)) does not match the reference \(expected)"))
        #expect(r.stdout.contains("verdict: inputs differ from the reference; not rebuilt"))

        try FileManager.default.removeItem(at: file)
        let missing = try folio(["verify", "ref/v", "--analysis", "v.json"], in: dir.url)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("input \(file.path): missing (the reference has sha256 \(expected))"))
    }

    @Test func changedResultIsReportedAsDiverged() throws {
        let dir = try project()
        // A reference from another seed: every random output diverges.
        var text = try String(contentsOf: dir.path("v.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"seed\" : 3", with: "\"seed\" : 4")
        try text.write(to: dir.path("v.json"), atomically: true, encoding: .utf8)
        let r = try folio(["verify", "ref/v", "--analysis", "v.json"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout.contains("diverged: sample"))
        #expect(r.stdout.contains("diverged: result sample.injectedSignal") == false)  // same count, other events
        #expect(r.stdout.contains("diverged: result fit.signalFraction"))
        #expect(r.stdout.contains("verdict: diverged"))
    }

    @Test func archiveRoundTripInAFreshFolder() throws {
        let dir = try project()
        #expect(try folio(["build", "v.json"], in: dir.url).status == 0)
        let archived = try folio(["archive", "v.json", "--include-data", "--bundle", "v.folio.zip"], in: dir.url)
        #expect(archived.status == 0, "\(archived.stderr)")
        // A bundle compares like a build folder.
        let same = try folio(["diff", "v.folio.zip", "output/v", "--html", "same.html"], in: dir.url)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("EQUAL within tolerance"))
        let fresh = TemporaryDirectory()
        try FileManager.default.moveItem(at: dir.path("v.folio.zip"), to: fresh.path("v.folio.zip"))
        try FileManager.default.removeItem(at: dir.url)   // the work folder is gone
        let r = try folio(["verify", "v.folio.zip"], in: fresh.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("data included"))
        #expect(r.stdout.contains("verdict: bit-identical"))
    }

    @Test func archiveOfAStaleBuildIsRefused() throws {
        let dir = try project()
        #expect(try folio(["build", "v.json"], in: dir.url).status == 0)
        let text = try String(contentsOf: dir.path("v.json"), encoding: .utf8).replacingOccurrences(of: "\"trials\" : 100", with: "\"trials\" : 120")
        try text.write(to: dir.path("v.json"), atomically: true, encoding: .utf8)
        let r = try folio(["archive", "v.json"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("is out of date with the analysis 'v'"))
    }

    func sha256(_ url: URL) throws -> String {
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/sha256sum"), [url.path], in: url.deletingLastPathComponent())
        return String(r.stdout.prefix(64))
    }
}

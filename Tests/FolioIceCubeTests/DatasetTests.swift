import Foundation
import Testing
@testable import FolioIceCube

@Suite struct DatasetTests {
    @Test(.enabled(if: TestData.available)) func loadsIC40WithStandInNotice() throws {
        let data = try #require(TestData.ic40)
        #expect(data.seasons.map(\.season) == [.ic40])
        let ic40 = data.seasons[0]
        #expect(ic40.events.count == 36_900)
        // Livetime of IC40 from its good-run list (IceCube quotes 376.4 days for IC40).
        #expect(abs(ic40.livetimeDays - 376.4) < 0.5)
        #expect(ic40.smearingIsStandIn && data.usesStandIns)
        #expect(data.notices.contains { $0.kind == .standIn && $0.message.contains("SYNTHETIC") })
        let sm = try #require(ic40.smearing)
        #expect((sm.trueEnergyBinCount, sm.trueDecBinCount, sm.recoCount, sm.psiCount, sm.angErrCount) == (40, 50, 12, 8, 4))
        // Every outer bin's fractions sum to 1 (the stand-in's README: +-1e-7).
        let perOuter = sm.recoCount * sm.psiCount * sm.angErrCount
        for o in stride(from: 0, to: sm.fraction.count, by: perOuter * 97) {
            #expect(abs(sm.fraction[o..<(o + perOuter)].reduce(0, +) - 1) < 1e-6)
        }
    }

    /// Without an explicit subset, seasons whose events are missing are skipped and reported.
    @Test(.enabled(if: TestData.available)) func reportsSkippedSeasons() throws {
        let data = try IceCubeDataset.load(root: TestData.root, seasons: nil, manifest: nil)
        #expect(data.seasons.map(\.season) == [.ic40])
        #expect(data.notices.filter { $0.kind == .seasonSkipped }.count == 9)
        #expect(Season.ic86V.effectiveAreaPath == "irfs/IC86_II_effectiveArea.csv")
    }

    @Test func checksumMismatchNamesFileAndBothDigests() throws {
        let url = try TestData.temporaryFile("x.csv", "hello\n")
        let root = url.deletingLastPathComponent()
        let good = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"  // sha256("hello\n")
        #expect(try ChecksumManifest(files: ["x.csv": good]).verify(relativePath: "x.csv", root: root) == .verified)
        let wrong = String(repeating: "0", count: 64)
        let error = try #require(throws: ChecksumMismatch.self) {
            try ChecksumManifest(files: ["x.csv": wrong]).verify(relativePath: "x.csv", root: root)
        }
        #expect(error.description == "\(url.path): sha256 mismatch: manifest \(wrong), file \(good)")
        #expect(try ChecksumManifest(files: [:]).verify(relativePath: "x.csv", root: root) == .unknown(actual: good))
    }

    @Test func committedManifestHasTheStagedFiles() throws {
        let m = try ChecksumManifest.load(TestData.manifestURL)
        #expect(m.files["icecube_10year_ps/events/IC40_exp.csv"] == "a341f03af9137c2735d691e8dc379e00c4a034b625c39a6d89f6c8a2c946dd77")
        #expect(m.files["icecube_10year_ps_standins/irfs/IC40_smearing.csv"] == "c2445a15e1a84ecf6e911542ad968a56abe64b2f45c08699b9cc35dab700190e")
    }

    @Test func dataRootResolution() {
        let cwd = URL(fileURLWithPath: "/tmp/repo")
        #expect(IceCubeDataset.resolveRoot(explicit: "/x/data", environment: ["FOLIO_DATA": "/y"], workingDirectory: cwd)?.path == "/x/data")
        #expect(IceCubeDataset.resolveRoot(explicit: nil, environment: ["FOLIO_DATA": "/y"], workingDirectory: cwd)?.path == "/y")
    }
}

@Suite struct EmptyEventsFileTests {
    /// A header and no rows is an error naming the file, not a season with zero events.
    @Test func headerWithoutRowsIsRejected() throws {
        let url = try TestData.temporaryFile("IC59_exp.csv", "MJD[days]  log10(E/GeV)   AngErr[deg]       RA[deg]      Dec[deg]  Azimuth[deg]   Zenith[deg]\n\n")
        let error = try #require(throws: DataFileError.self) { try EventSample.read(url) }
        #expect(error.description == "\(url.path): no events: the file has a header but no rows")
    }
}

import Foundation
import Testing
@testable import FolioIceCube

/// The SYNTHETIC scale-benchmark sample: deterministic, nested in the season count, readable by the
/// loader (which says it is synthetic), and made of IC40's own (log10 E, AngErr, Dec) values.
@Suite struct SyntheticSampleTests {
    static func temporaryRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("SYNTHETIC-test-\(UUID().uuidString)")
    }

    @Test(.enabled(if: TestData.available)) func sameSeedSameBytesAndLoaderReadsIt() throws {
        let manifest = try ChecksumManifest.load(TestData.manifestURL)
        let a = Self.temporaryRoot(), b = Self.temporaryRoot(), one = Self.temporaryRoot()
        defer { for u in [a, b, one] { try? FileManager.default.removeItem(at: u) } }
        let ra = try SyntheticSample.write(dataRoot: TestData.root, output: a, seasonCount: 2, seed: 7, manifest: manifest)
        _ = try SyntheticSample.write(dataRoot: TestData.root, output: b, seasonCount: 2, seed: 7, manifest: manifest)
        let sums = try String(contentsOf: a.appendingPathComponent(SyntheticSample.checksumsName), encoding: .utf8)
        #expect(sums == (try String(contentsOf: b.appendingPathComponent(SyntheticSample.checksumsName), encoding: .utf8)))
        #expect(sums.contains("icecube_10year_ps/events/IC59_exp.csv"))
        // IC40 keeps its count (weights 1, same livetime); IC59's follows area and livetime ratios.
        #expect(ra.seasons.map(\.season) == [.ic40, .ic59])
        #expect(ra.seasons[0].events == 36_900)
        #expect(ra.seasons[1].events > 50_000 && ra.seasons[1].events < 150_000)
        #expect(ra.seasons[1].events == Int(ra.seasons[1].expectedEvents.rounded()))
        // Nested: the 1-season sample's IC40 file is the 2-season sample's.
        _ = try SyntheticSample.write(dataRoot: TestData.root, output: one, seasonCount: 1, seed: 7, manifest: manifest)
        let ic40 = "icecube_10year_ps/events/IC40_exp.csv"
        #expect(FileManager.default.contentsEqual(atPath: a.appendingPathComponent(ic40).path, andPath: one.appendingPathComponent(ic40).path))
        // A different seed gives other events.
        let c = Self.temporaryRoot(); defer { try? FileManager.default.removeItem(at: c) }
        _ = try SyntheticSample.write(dataRoot: TestData.root, output: c, seasonCount: 1, seed: 8, manifest: manifest)
        #expect(!FileManager.default.contentsEqual(atPath: c.appendingPathComponent(ic40).path, andPath: one.appendingPathComponent(ic40).path))

        let data = try IceCubeDataset.load(root: a)
        #expect(data.seasons.map(\.events.count) == ra.seasons.map(\.events))
        #expect(data.notices.contains { $0.kind == .standIn && $0.message.contains("SYNTHETIC sample") })
        #expect(data.seasons.allSatisfy { $0.smearing != nil })
        let real = try #require(TestData.ic40).seasons[0].events
        let decs = Set(real.dec.map { ($0 * 180 / .pi * 1000).rounded() })
        let synthetic = data.seasons[1].events
        #expect(synthetic.dec.allSatisfy { decs.contains(($0 * 180 / .pi * 1000).rounded()) })
        #expect(zip(synthetic.mjd, synthetic.mjd.dropFirst()).allSatisfy { $0 <= $1 })
        let runs = data.seasons[1].goodRuns
        #expect(synthetic.mjd.allSatisfy { $0 >= runs.start.first! && $0 <= runs.stop.last! })
        // RA scrambled: uniform in [0, 2pi), mean near pi.
        let meanRA = synthetic.ra.reduce(0, +) / Double(synthetic.count)
        #expect(abs(meanRA - .pi) < 0.02)
    }

    @Test func rejectsSeasonCountOutOfRange() {
        #expect(throws: DataFileError.self) {
            try SyntheticSample.write(dataRoot: TestData.root, output: Self.temporaryRoot(), seasonCount: 11, seed: 1)
        }
    }
}

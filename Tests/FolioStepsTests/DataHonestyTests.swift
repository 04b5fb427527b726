import Foundation
import Testing
import FolioCache
import FolioModel
import FolioRunner
import FolioTestSupport
@testable import FolioSteps

/// The data step reports what the fits use: a season with events but no smearing matrix is listed
/// but not counted in `seasons`, `events` and `livetime`; an events file with a header and no rows
/// stops the build with an error naming the file.
@Suite(.enabled(if: hasStagedData, "needs the public IceCube data in ../shared/data"))
struct DataHonestyTests {
    /// A data root with the staged IC40 files (linked) and an IC59 season whose events file holds
    /// `ic59Rows` rows copied from IC40 (IC59 has uptime and effective area, but no smearing matrix
    /// nor stand-in).
    static func stage(ic59Rows: Int) throws -> (dir: TemporaryDirectory, root: URL, ic59: URL) {
        let dir = TemporaryDirectory()
        let root = dir.url.appendingPathComponent("data")
        let fm = FileManager.default
        let release = root.appendingPathComponent("icecube_10year_ps")
        for sub in ["events", "irfs", "uptime"] {
            try fm.createDirectory(at: release.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let staged = stagedData.appendingPathComponent("icecube_10year_ps")
        for rel in ["events/IC40_exp.csv", "irfs/IC40_effectiveArea.csv", "uptime/IC40_exp.csv",
                    "irfs/IC59_effectiveArea.csv", "uptime/IC59_exp.csv"] {
            try fm.createSymbolicLink(at: release.appendingPathComponent(rel), withDestinationURL: staged.appendingPathComponent(rel))
        }
        try fm.createSymbolicLink(at: root.appendingPathComponent("icecube_10year_ps_standins"),
                                  withDestinationURL: stagedData.appendingPathComponent("icecube_10year_ps_standins"))
        let lines = try String(contentsOf: staged.appendingPathComponent("events/IC40_exp.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let ic59 = release.appendingPathComponent("events/IC59_exp.csv")
        try (lines.prefix(1 + ic59Rows).joined(separator: "\n") + "\n").write(to: ic59, atomically: true, encoding: .utf8)
        return (dir, root, ic59)
    }

    static func build(root: URL, in dir: TemporaryDirectory) async throws -> [String: ResultValue] {
        let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: root, outputDirectory: dir.path("output"), jobs: 1,
                                           toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
        let analysis = Analysis("honesty", title: "Data honesty", seed: 1) { IceCubeData("data") }
        _ = try await Builder(registry: StandardKinds.registry, environment: environment).build(analysis)
        return try StableJSON.read([String: ResultValue].self, from: dir.path("output/honesty/results.json"))
    }

    @Test func aSeasonWithoutSmearingMatrixIsNotCountedAsUsed() async throws {
        let (dir, root, _) = try Self.stage(ic59Rows: 5)
        let results = try await Self.build(root: root, in: dir)
        // Used in the fits: IC40 alone (36 900 events, 376.36 days of good runs).
        #expect(results["data.seasons"]?.value == 1)
        #expect(results["data.events"]?.value == 36_900)
        #expect(abs(try #require(results["data.livetime"]?.value) - 376.36) < 0.01)
        // Listed apart: two seasons with events, one of them without a response.
        #expect(results["data.seasonsWithEvents"]?.value == 2 && results["data.seasonsWithoutResponse"]?.value == 1)
        #expect(results["data.eventsIC59"]?.value == 5)
    }

    @Test func anEventsFileWithAHeaderAndNoRowsIsRejectedByName() async throws {
        let (dir, root, ic59) = try Self.stage(ic59Rows: 0)
        do {
            _ = try await Self.build(root: root, in: dir)
            Issue.record("the build accepted an events file without events")
        } catch {
            let text = String(describing: error)
            #expect(text.contains(ic59.path) && text.contains("no events"), "error: \(text)")
        }
    }
}

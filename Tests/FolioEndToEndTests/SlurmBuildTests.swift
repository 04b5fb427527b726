import Foundation
import Testing
import FolioModel
import FolioSteps
import FolioTestSupport

/// `folio build --executor slurm` on a real Slurm cluster (CI: the single-node cluster that
/// scripts/slurm-cluster.sh starts): one job element is cancelled mid-build and must be resubmitted,
/// and the published folder must equal a local build's byte for byte.
///
/// Skipped when no cluster answers `sinfo`, unless FOLIO_SLURM_TESTS=1 (as `.ci/run` sets): then a
/// missing cluster is a failure.
@Suite(.serialized) struct SlurmBuildTests {
    static let required = ProcessInfo.processInfo.environment["FOLIO_SLURM_TESTS"] == "1"

    /// A node that is up (idle, mixed or allocated) in `sinfo`.
    static let clusterReachable: Bool = {
        guard let result = try? runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["sinfo", "--noheader", "--format=%T"],
                                           in: URL(fileURLWithPath: "/")) else { return false }
        return result.status == 0 && result.stdout.split(separator: "\n").contains { ["idle", "mixed", "allocated"].contains($0.trimmingCharacters(in: .whitespaces)) }
    }()

    @Test(.enabled(if: clusterReachable || required,
                   "no Slurm cluster reachable (sinfo); run `scripts/slurm-cluster.sh start` as root, or set FOLIO_SLURM_TESTS=1 to make this a failure"),
          // ~10 s alone; ~2.5 min beside the whole suite on 2 busy cores
          .timeLimit(.minutes(5)))
    func aSlurmBuildWithACancelledElementEqualsTheLocalBuild() throws {
        try #require(Self.clusterReachable, "FOLIO_SLURM_TESTS=1 but no Slurm node is up (sinfo); is slurmctld/slurmd running?")
        let dir = TemporaryDirectory("folio-slurm-e2e")
        let analysis = Analysis("slurm-toy", title: "Toy trials on Slurm", seed: 42) {
            ToySample("sample", events: 400, signalFraction: 0.05)
            ToyFit("fit", on: "sample")
            ToyTrials("background", of: "fit", trials: 200, chunkSize: 25)
        }
        try analysis.jsonData().write(to: dir.path("spec.json"))
        let chunks = 8

        let local = try folio(["build", "spec.json", "--output", "out-local", "--format", "html"], in: dir.url)
        #expect(local.status == 0, "local build failed: \(local.stderr)")

        let build = try BackgroundFolio(["build", "spec.json", "--output", "out-slurm", "--format", "html", "--executor", "slurm",
                                         "--max-jobs", "2", "--poll-seconds", "0.5"], in: dir, label: "slurm")
        #expect(build.waitFor("as Slurm job array"), "no job array submitted: \(build.stderr)")
        let submitted = build.stderr.components(separatedBy: "as Slurm job array ").dropFirst().first?.prefix { $0.isNumber } ?? ""
        let job = String(submitted)
        try #require(!job.isEmpty, "no job id in: \(build.stderr)")
        // With 2 elements at a time the last chunk is still pending: cancel it, as an admin or a
        // preemption would. It leaves no record, so only the missing chunk file tells.
        let cancel = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["scancel", "\(job)_\(chunks - 1)"], in: dir.url)
        #expect(cancel.status == 0, "scancel failed: \(cancel.stderr)")

        #expect(build.wait() == 0, "Slurm build failed: \(build.stderr)")
        #expect(build.stderr.contains("resubmitted chunk \(chunks - 1) ("), "the cancelled chunk was not resubmitted: \(build.stderr)")
        #expect(build.stdout.contains("slurm-toy: 3 steps, 3 ran, 0 cached"))

        let localTree = fileTree(dir.path("out-local/slurm-toy"), excluding: ["build.json"])
        let slurmTree = fileTree(dir.path("out-slurm/slurm-toy"), excluding: ["build.json"])
        #expect(localTree.keys.sorted() == slurmTree.keys.sorted())
        #expect(localTree.keys.contains("results.json") && localTree.keys.contains("manifest.json")
                && localTree.keys.contains("tables/background-ts.csv"))
        for (path, bytes) in localTree { #expect(slurmTree[path] == bytes, "\(path) differs between the local and the Slurm build") }

        let status = try folio(["status", "--output", "out-slurm"], in: dir.url)
        #expect(status.status == 0)
        #expect(status.stdout.contains("slurm-toy: finished; slurm executor"))
        #expect(status.stdout.contains("background  done  \(chunks)/\(chunks) chunks"))
        #expect(status.stdout.contains("1 resubmitted"), "\(status.stdout)")

        // Built again: everything comes from the cache, nothing is submitted.
        let again = try folio(["build", "spec.json", "--output", "out-slurm", "--format", "html", "--executor", "slurm"], in: dir.url)
        #expect(again.status == 0)
        #expect(again.stdout.contains("3 steps, 0 ran, 3 cached"))
        #expect(!again.stderr.contains("Slurm job array"))
    }
}

import Foundation
import Testing
import FolioRunner
import FolioSteps
import FolioTestSupport

/// Every random number goes through the runner's one trial API (`SplittableStepKind`,
/// `TrialChunk`): chunked, seeded only by `SeedDerivation`, splittable on Slurm, resumable.
@Suite struct TrialAPITests {
    /// A kind that draws random numbers but is not splittable would bypass the chunk executor,
    /// the chunk store (resume) and the documented seeding.
    @Test func everyRandomKindIsSplittable() {
        let kinds = StandardKinds.registry.kinds.values
        #expect(kinds.contains { $0.usesRandomness })
        for kind in kinds.sorted(by: { $0.kind < $1.kind }) where kind.usesRandomness {
            #expect(kind.isSplittable, "kind '\(kind.kind)' draws random numbers but is not a SplittableStepKind")
        }
    }

    /// No source outside the trial API and FolioStatistics (which defines the generators) seeds a
    /// generator of its own or reaches for the system's.
    @Test func onlyTheTrialAPISeedsGenerators() throws {
        let sources = packageRoot.appendingPathComponent("Sources")
        // ScaffoldTemplates holds the text of a user's test (`folio new`), which seeds its own generator
        // to check a fit on a generated sample; it is not code Folio runs.
        // SyntheticSample is `folio data synthesize`: it writes a SYNTHETIC data set for the scale
        // benchmarks, outside any analysis, with one stream per season that its README documents.
        let allowed: Set<String> = ["FolioRunner/Trials.swift", "FolioRunner/StepContext.swift", "FolioCLI/ScaffoldTemplates.swift",
                                    "FolioIceCube/Data/SyntheticSample.swift"]
        let forbidden = ["Xoshiro256StarStar(seed:", "SplitMix64(", "SystemRandomNumberGenerator"]
        var offenders: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        for url in files {
            let relative = String(url.standardizedFileURL.path.dropFirst(sources.standardizedFileURL.path.count + 1))
            if relative.hasPrefix("FolioStatistics/") || allowed.contains(relative) { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "//").first ?? ""
                for pattern in forbidden where code.contains(pattern) { offenders.append("\(relative):\(n + 1): \(pattern)") }
            }
        }
        #expect(offenders.isEmpty, "seeded outside the runner's trial API:\n\(offenders.joined(separator: "\n"))")
    }

    /// The plan maps global chunks to (set, chunk within the set, trial range) in set order.
    @Test func aTrialPlanNumbersTheChunksOfItsSetsConsecutively() {
        let plan = TrialPlan([TrialSet("background", trials: 105, chunkSize: 50), TrialSet("upper-limit", trials: 40, chunkSize: 50)])
        #expect(plan.chunkCount == 4)
        #expect(plan.chunks(of: "background") == 0..<3 && plan.chunks(of: "upper-limit") == 3..<4)
        let last = plan.locate(2)
        #expect(last.set.name == "background" && last.index == 2 && last.trials == 100..<105)
        let limit = plan.locate(3)
        #expect(limit.set.name == "upper-limit" && limit.index == 0 && limit.trials == 0..<40)
    }
}

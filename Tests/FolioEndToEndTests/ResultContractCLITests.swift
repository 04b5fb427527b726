import Foundation
import Testing
import Analyses
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

@Suite struct ResultContractCLITests {
    /// Every placeholder and table cell of every shipped report names a result its step declares.
    @Test(arguments: AnalysisCatalog.all.map(\.name))
    func shippedAnalysesQuoteOnlyDeclaredResults(_ name: String) throws {
        let analysis = try #require(AnalysisCatalog.all.first { $0.name == name })
        let problems = ResultContracts.problems(in: analysis.steps, registry: StandardKinds.registry)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        if name != "gallery" {   // the gallery is figures only
            let quotes = analysis.steps.flatMap { StandardKinds.registry.kinds[$0.kind]!.resultReferences($0.parameters) }
            #expect(!quotes.isEmpty)
        }
    }

    @Test func aPlaceholderTypoFailsBeforeAnyStepRunsNamingSectionBlockAndNearestName() throws {
        let dir = TemporaryDirectory()
        let analysis = Analysis("typo", title: "Typo", seed: 2) {
            ToySample("sample", events: 200, signalFraction: 0.05)
            ToyFit("fit", on: "sample")
            ToyTrials("background", of: "fit", trials: 100, chunkSize: 50)
            Report("report", document: ReportDocument(title: "T", sections: [
                ReportSection(id: "results", title: "Results", blocks: [
                    .prose("Fine: {{ results.fit.signalFraction }}."),
                    .prose("Fine: {{ results.background.pValue }}."),
                    .prose("A typo: {{ results.background.significnce }}."),
                ]),
            ]))
        }
        try analysis.jsonData().write(to: dir.path("typo.json"))
        let started = Date()
        let r = try folio(["build", "typo.json"], in: dir.url)
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 2)
        #expect(r.stderr == "error: step 'report': section 'Results', paragraph 3: {{ results.background.significnce }}: step 'background' records no 'significnce'; did you mean 'significance'?\n")
        #expect(seconds < 5, "planning alone should take well under a second (took \(seconds) s)")
        // Nothing ran: no cache entry, no analysis folder.
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("output/.cache/steps").path)) ?? []
        #expect(entries.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path("output/typo").path))
    }

    @Test func exportedJSONHasNoSynthesizedKeys() throws {
        let dir = TemporaryDirectory()
        let r = try folio(["export", "toy"], in: dir.url)
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\"_0\""))
        #expect(r.stdout.contains(#""sample" : {"#) || r.stdout.contains(#""step":"sample""#) || r.stdout.contains(#""step" : "sample""#))
    }

    @Test func anUnknownInputCaseNamesTheFieldAndTheCases() throws {
        let dir = TemporaryDirectory()
        try Data(#"{"name":"x","title":"","seed":1,"steps":[{"name":"a","kind":"toy.fit","parameters":{},"inputs":{"sample":{"stpe":"b"}}}]}"#.utf8)
            .write(to: dir.path("bad.json"))
        let r = try folio(["build", "bad.json"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown case 'stpe' (expected one of: step, file, directory, projectFile, folioFile)"), "\(r.stderr)")
        #expect(r.stderr.contains("steps[0].inputs.sample"), "\(r.stderr)")
    }
}

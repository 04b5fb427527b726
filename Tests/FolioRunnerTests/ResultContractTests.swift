import Foundation
import Testing
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

/// A report with a typo in a placeholder (section 'Results', paragraph 2) and in a table cell.
private func toyWithTypos() -> Analysis {
    Analysis("typo", title: "Typos", seed: 3) {
        ToySample("sample", events: 300, signalFraction: 0.05)
        ToyFit("fit", on: "sample")
        Report("report", document: ReportDocument(title: "T", sections: [
            ReportSection(id: "results", title: "Results", blocks: [
                .prose("We fit {{ results.fit.signalFraction }}."),
                .prose("The test statistic is {{ results.fit.testStatistic }}, the fraction {{ results.fit.signalFractoin | digits: 2 }}."),
                .table(ReportTable(name: "numbers", caption: "Numbers.", columns: [.text("Name"), .value("Value")],
                                   rows: [[.text("TS"), .result("fit.testStatistc")], [.text("Events"), .result("sample.events")]])),
            ]),
        ]))
    }
}

/// Records a name it does not declare.
private struct Undeclared: StepDeclaration {
    struct Parameters: StepParameters { static let kind = "test.undeclared" }
    let spec = StepSpec("u", Parameters())
}

private struct UndeclaredKind: StepKind {
    typealias Parameters = Undeclared.Parameters
    static let version = 1
    static func resultNames(_: Parameters) -> Set<String> { ["declared"] }
    static func run(_ p: Parameters, in context: StepContext) async throws {
        context.record("declared", ResultValue(1, unit: .dimensionless))
        context.record("forgotten", ResultValue(2, unit: .dimensionless))
    }
}

@Suite struct ResultContractTests {
    @Test func aTypoIsCaughtBeforeAnyStepRunsWithSectionBlockAndTheNearestName() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir)
        do {
            _ = try await builder.build(toyWithTypos())
            Issue.record("the build should fail")
        } catch let error as SpecProblems {
            let lines = error.problems.map { "error: \($0)" }
            #expect(lines.contains("error: step 'report': section 'Results', paragraph 2: {{ results.fit.signalFractoin | digits: 2 }}: step 'fit' records no 'signalFractoin'; did you mean 'signalFraction'?"))
            #expect(lines.contains("error: step 'report': section 'Results', table 'numbers', row 1, column 'Value': cell 'fit.testStatistc': step 'fit' records no 'testStatistc'; did you mean 'testStatistic'?"))
            #expect(lines.count == 2, "\(lines)")
        }
        // No step ran: the cache holds no entry.
        let steps = dir.path("output/.cache/steps")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: steps.path)) ?? []
        #expect(entries.isEmpty)
    }

    /// Kinds that read another step's result by a name in their parameters declare it too, so a
    /// misspelt field fails at planning, not after the trials.
    @Test func aMisspeltResultInAKindsParametersIsCaughtBeforeAnyStepRuns() async throws {
        let dir = TemporaryDirectory()
        let analysis = Analysis("typo", title: "Typos", seed: 3) {
            ToySample("sample", events: 300, signalFraction: 0.05)
            ToyFit("fit", on: "sample")
            ToyTrials("background", of: "fit", trials: 20)
            TrialCorrection("best", of: ["background"], field: "pValeu")
        }
        do {
            _ = try await makeBuilder(dir).build(analysis)
            Issue.record("the build should fail")
        } catch let error as SpecProblems {
            let lines: [String] = error.problems.map { "\($0)" }
            let found = lines.contains { (line: String) in
                line.contains("parameter 'field'") && line.contains("'pValeu'") && line.contains("did you mean 'pValue'?")
            }
            #expect(found, "\(lines)")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir.path("output/.cache/steps").path)) ?? []
        #expect(entries.isEmpty)
    }

    @Test func aQuoteOfAnUnknownStepSuggestsTheNearestStep() {
        let analysis = Analysis("x", title: "", seed: 1) {
            ToySample("sample", events: 10, signalFraction: 0.1)
            Report("report", document: ReportDocument(title: "T", abstract: "{{ results.smaple.events }}", sections: []))
        }
        let problems = ResultContracts.problems(in: analysis.steps, registry: StandardKinds.registry)
        #expect(problems.map(\.description) == ["step 'report': abstract: {{ results.smaple.events }}: no step 'smaple' in the analysis; did you mean 'sample'?"])
    }

    @Test func aQuotedStepMustBeAnInput() throws {
        // As a hand-edited `folio export` file might be: the prose quotes a step the report does not read.
        let analysis = Analysis("x", title: "", seed: 1) {
            ToySample("sample", events: 10, signalFraction: 0.1)
            ToyFit("fit", on: "sample")
            Report("report", document: ReportDocument(title: "T", abstract: "{{ results.sample.events }}", sections: []))
        }
        var steps = analysis.steps
        let r = try #require(steps.firstIndex { $0.name == "report" })
        var parameters = steps[r].parameters
        if case .object(var fields) = parameters, case .object(var document) = fields["document"] {
            document["abstract"] = .string("{{ results.fit.testStatistic }}")
            fields["document"] = .object(document)
            parameters = .object(fields)
        }
        steps[r] = StepSpec(name: "report", kind: steps[r].kind, parameters: parameters, inputs: steps[r].inputs)
        let problems = ResultContracts.problems(in: steps, registry: StandardKinds.registry)
        #expect(problems.map(\.description) == ["step 'report': abstract: {{ results.fit.testStatistic }}: quotes step 'fit' but has no input that reads it"])
    }

    @Test func recordingAnUndeclaredNameIsAnInternalErrorNamingTheKind() async throws {
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir, extra: [UndeclaredKind.self])
        do {
            _ = try await builder.build(Analysis("u", title: "", seed: 1) { Undeclared() })
            Issue.record("the build should fail")
        } catch let failure as StepFailure {
            #expect(!failure.isUserError)
            #expect(failure.description == "step 'u': internal error: kind 'test.undeclared' recorded 'forgotten' in step 'u' but does not declare it in resultNames(_:)")
        }
    }

    @Test func nearestNamesByEditDistance() {
        #expect(NearestNames.distance("upperLimt100TeV", "upperLimit100TeV") == 1)
        #expect(NearestNames.distance("", "abc") == 3)
        #expect(NearestNames.nearest(to: "upperLimt100TeV", in: ["upperLimit100TeV", "upperLimitEvents", "ts"]) == ["upperLimit100TeV"])
        #expect(NearestNames.nearest(to: "PVALUE", in: ["pValue", "ts"]) == ["pValue"])
        #expect(NearestNames.suggestion(for: "zzz", in: ["pValue"]) == "")
        #expect(NearestNames.suggestion(for: "ns", in: ["ts", "n", "gamma"]) == "; did you mean 'n' or 'ts'?")
    }
}

import Foundation
import Testing
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

@Suite struct ValidationTests {
    func problems(_ analysis: Analysis, in dir: TemporaryDirectory = TemporaryDirectory()) async -> [String] {
        do {
            _ = try await makeBuilder(dir).build(analysis)
            return []
        } catch let error as SpecProblems {
            return error.problems.map(\.description)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    @Test func cycleIsNamed() async {
        let analysis = Analysis("c", title: "") {
            ToyFit("x", on: "y")
            ToyFit("y", on: "z")
            ToyFit("z", on: "x")
        }
        #expect(await problems(analysis) == ["analysis 'c': steps form a cycle: 'x' -> 'y' -> 'z' -> 'x' (each reads the next)"])
    }

    @Test func unknownStepReferenceNamesBothSteps() async {
        let analysis = Analysis("u", title: "") {
            ToySample("sample")
            ToyFit("fit", on: "smaple")
        }
        #expect(await problems(analysis) == ["step 'fit': input 'sample' refers to unknown step 'smaple'"])
    }

    @Test func missingInputFileIsNamed() async {
        let dir = TemporaryDirectory()
        let step = StepSpec(name: "s", kind: "toy.fit", parameters: .object([:]), inputs: ["sample": .file("events/IC99_exp.csv")])
        let analysis = Analysis("m", title: "", steps: [step])
        let found = await problems(analysis, in: dir)
        #expect(found == ["step 's': input 'sample': file not found: \(dir.path("data/events/IC99_exp.csv").path)"])
    }

    @Test func parameterOfTheWrongTypeIsNamed() async {
        let step = StepSpec(name: "sample", kind: "toy.sample",
                            parameters: .object(["events": .string("many"), "signalFraction": .number(0.1),
                                                 "shapes": try! JSONValue(encoding: ToyShapes())]))
        let analysis = Analysis("w", title: "", steps: [step])
        #expect(await problems(analysis) == ["step 'sample': parameter 'events': expected an integer, found a string"])
    }

    /// A parameter the kind does not have is an error, not silently dropped (a `selection` given to
    /// a fit would otherwise be ignored: only the data step owns the selection).
    @Test func unknownParameterIsNamed() async {
        let step = StepSpec(name: "sample", kind: "toy.sample",
                            parameters: .object(["events": .number(10), "signalFraction": .number(0.1), "selection": .object([:]),
                                                 "shapes": try! JSONValue(encoding: ToyShapes())]))
        let analysis = Analysis("u", title: "", steps: [step])
        #expect(await problems(analysis) == ["step 'sample': unknown parameter 'selection'"])
    }

    @Test func everyProblemIsReportedAtOnce() async {
        let analysis = Analysis("all", title: "") {
            ToySample("sample", events: 0, signalFraction: 2)
            ToyFit("fit", on: "nothing")
            StepSpec(name: "mystery", kind: "no.such.kind", parameters: .object([:]))
            ToySample("sample")
        }
        let found = await problems(analysis)
        #expect(found.contains("step 'sample': parameter 'events' must be at least 1, found 0"))
        #expect(found.contains("step 'sample': parameter 'signalFraction' must lie in [0, 1], found 2.0"))
        #expect(found.contains("step 'sample': is declared twice in analysis 'all'"))
        #expect(found.contains("step 'fit': input 'sample' refers to unknown step 'nothing'"))
        #expect(found.contains { $0.hasPrefix("step 'mystery': unknown kind 'no.such.kind' (known kinds: ") && $0.contains("toy.sample") })
        #expect(found.count == 5, "\(found)")
    }

    @Test func failedStepKeepsThePreviousOutputAndCachesWhatSucceeded() async throws {
        struct Failing: StepKind {
            struct Parameters: StepParameters { static let kind = "test.fail" }
            static let version = 1
            static func run(_ p: Parameters, in context: StepContext) async throws {
                throw InputFileError(path: "table.csv", line: 3, "expected 7 columns, found 6")
            }
        }
        let dir = TemporaryDirectory()
        let builder = makeBuilder(dir, extra: [Failing.self])
        _ = try await builder.build(twoChains())
        let before = fileTree(dir.path("output/chains"))
        var broken = twoChains()
        broken.steps.append(StepSpec(name: "bad", kind: "test.fail", parameters: .object([:]), inputs: ["a": .step("fitB")]))
        let error = await #expect(throws: StepFailure.self) { _ = try await builder.build(broken) }
        #expect(error?.description == "step 'bad': table.csv:3: expected 7 columns, found 6")
        #expect(error?.isUserError == true)
        #expect(fileTree(dir.path("output/chains")) == before)
        let retry = try await makeBuilder(dir).build(twoChains())
        #expect(retry.ranSteps.isEmpty)
    }
}

import Foundation
import Testing
import FolioTestSupport
@testable import FolioModel

@Suite struct AnalysisTests {
    struct Params: StepParameters {
        static let kind = "test.kind"
        var gamma: Double
    }

    @Test func builderCollectsStepsWithConditionsAndLoops() {
        let withExtra = true
        let analysis = Analysis("a", title: "A") {
            StepSpec("first", Params(gamma: 2))
            if withExtra { StepSpec("extra", Params(gamma: 3)) }
            for i in 0..<2 { StepSpec("loop\(i)", Params(gamma: Double(i)), inputs: ["x": .step("first")]) }
        }
        #expect(analysis.steps.map(\.name) == ["first", "extra", "loop0", "loop1"])
        #expect(analysis.step(named: "loop1")?.upstreamSteps == ["first"])
        #expect(analysis.step(named: "first")?.parameters["gamma"] == .number(2))
    }

    @Test func jsonRoundTripAndFieldErrors() throws {
        let dir = TemporaryDirectory()
        let analysis = Analysis("a", title: "A", seed: 7) { StepSpec("s", Params(gamma: 2.5)) }
        let url = dir.path("a.json")
        try analysis.jsonData().write(to: url)
        #expect(try Analysis.load(from: url) == analysis)

        try Data(#"{"name":"a","title":"A","seed":"seven","steps":[]}"#.utf8).write(to: url)
        let wrongType = #expect(throws: InputFileError.self) { try Analysis.load(from: url) }
        #expect(wrongType?.description == "\(url.path): field 'seed': expected an integer, found a string")

        try Data(#"{"name":"a","title":"A","seed":1,"steps":[{"name":"s","kind":"k","parameters":{}}]}"#.utf8).write(to: url)
        let missing = #expect(throws: InputFileError.self) { try Analysis.load(from: url) }
        #expect(missing?.description == "\(url.path): field 'steps[0].inputs': missing")

        try Data("{ not json".utf8).write(to: url)
        let broken = #expect(throws: InputFileError.self) { try Analysis.load(from: url) }
        #expect(broken?.description.hasPrefix("\(url.path): not valid JSON") == true)
    }
}

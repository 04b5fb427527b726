import Foundation
import Testing
import FolioCache
import FolioModel
@testable import FolioRunner
import FolioSteps
import FolioTestSupport

/// A synthetic code fingerprint table with Folio's module graph, so that tests can "edit" a module
/// by changing its hash instead of recompiling.
func syntheticCode(changing changed: [String] = []) -> CodeFingerprints {
    let graph: [String: [String]] = [
        "FolioModel": [], "FolioCache": ["FolioModel"], "FolioStatistics": [], "FolioRunner": ["FolioModel", "FolioCache", "FolioStatistics"],
        "FolioSky": [], "FolioPlot": ["FolioSky", "FolioCache"], "FolioGalaxy": ["FolioSky"],
        "FolioIceCube": ["FolioStatistics", "FolioSky"], "FolioReport": ["FolioModel", "FolioCache"], "FolioReview": ["FolioModel", "FolioCache"],
        "FolioSteps": ["FolioModel", "FolioRunner", "FolioStatistics", "FolioPlot", "FolioSky", "FolioGalaxy", "FolioIceCube", "FolioReport", "FolioReview"],
    ]
    return CodeFingerprints(graph.reduce(into: [:]) { table, entry in
        let fingerprint = ContentHash.sha256(entry.key + (changed.contains(entry.key) ? " edited" : ""))
        table[entry.key] = CodeFingerprints.Module(fingerprint: fingerprint, dependencies: entry.value)
    })
}

/// The toy analysis without its report (whose templates live in the project folder).
func toyWithFigures() -> Analysis {
    Analysis("toy", title: "toy", seed: 20_230_629) {
        ToySample("sample", events: 500, signalFraction: 0.05)
        ToyFit("fit", on: "sample")
        ToyTrials("background", of: "fit", trials: 40, chunkSize: 10)
        ToyFitFigure("fit-figure", sample: "sample", fit: "fit")
        TSDistributionFigure("ts-distribution", trials: "background", observed: "fit.testStatistic", title: "trials")
    }
}

func fingerprintedBuilder(_ dir: TemporaryDirectory, code: CodeFingerprints) -> Builder {
    let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: dir.path("data"), outputDirectory: dir.path("output"),
                                       jobs: 2, toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
    return Builder(registry: StandardKinds.registry.fingerprinted(by: code), environment: environment)
}

/// A kind that misspells the module it uses.
private struct Typo: StepKind {
    struct Parameters: StepParameters { static let kind = "test.typo" }
    static let version = 1
    static let codeModules = ["FolioIcecube"]
    static func run(_ p: Parameters, in context: StepContext) async throws {}
}

@Suite struct CodeFingerprintTests {
    @Test func editingFolioPlotRerunsOnlyTheFiguresWithTheModuleNamed() async throws {
        let dir = TemporaryDirectory()
        let first = try await fingerprintedBuilder(dir, code: syntheticCode()).build(toyWithFigures())
        #expect(first.ranSteps.count == 5)
        let same = try await fingerprintedBuilder(dir, code: syntheticCode()).build(toyWithFigures())
        #expect(same.ranSteps.isEmpty)

        let plot = try await fingerprintedBuilder(dir, code: syntheticCode(changing: ["FolioPlot"])).build(toyWithFigures(), options: BuildOptions(explain: true))
        #expect(plot.ranSteps == ["fit-figure", "ts-distribution"])
        #expect(plot.outcomes["fit-figure"] == .ran([.codeChanged(module: "FolioPlot")]))
        #expect(plot.outcomes["fit-figure"]?.description == "ran: code of FolioPlot changed")

        // The manifest records each step's code fingerprint: its defining module and declared modules, closed.
        let manifest = try StableJSON.read(Manifest.self, from: dir.path("output/toy/manifest.json"))
        let figureCode = try #require(manifest.step(named: "fit-figure")?.code)
        #expect(Set(figureCode.keys) == ["FolioSteps", "FolioPlot", "FolioSky", "FolioCache", "FolioModel"])
        #expect(figureCode["FolioPlot"] == syntheticCode(changing: ["FolioPlot"]).modules["FolioPlot"]?.fingerprint)
        #expect(manifest.step(named: "fit")?.code.map { Set($0.keys) } == ["FolioSteps"])
    }

    @Test func editingFolioIceCubeLeavesTheToyCachedAndEditingStatisticsRerunsWhatUsesIt() async throws {
        let dir = TemporaryDirectory()
        _ = try await fingerprintedBuilder(dir, code: syntheticCode()).build(toyWithFigures())
        let iceCube = try await fingerprintedBuilder(dir, code: syntheticCode(changing: ["FolioIceCube"])).build(toyWithFigures())
        #expect(iceCube.ranSteps.isEmpty)
        let statistics = try await fingerprintedBuilder(dir, code: syntheticCode(changing: ["FolioStatistics"])).build(toyWithFigures())
        #expect(statistics.ranSteps == ["sample", "fit", "background", "fit-figure", "ts-distribution"])
        #expect(statistics.outcomes["sample"] == .ran([.codeChanged(module: "FolioStatistics")]))
        #expect(statistics.outcomes["fit"] == .ran([.upstreamChanged(input: "sample", step: "sample")]))
        // The module that defines the kinds counts by its own sources: every step reruns.
        let steps = try await fingerprintedBuilder(dir, code: syntheticCode(changing: ["FolioStatistics", "FolioSteps"])).build(toyWithFigures())
        #expect(steps.ranSteps.count == 5)
        #expect(steps.outcomes["fit"] == .ran([.codeChanged(module: "FolioSteps"), .upstreamChanged(input: "sample", step: "sample")]))
    }

    /// The module of a kind comes from `_typeName`, which must name it as `String(reflecting:)` does.
    @Test func kindModulesAreTheModulesTheirTypesAreDeclaredIn() {
        struct Local {}
        for type in [Report.self, BuildPlan.self, Local.self, [Int].self, Optional<String>.self] as [Any.Type] {
            #expect(moduleName(of: type) == String(String(reflecting: type).prefix { $0 != "." }))
        }
        #expect(Set(StandardKinds.registry.kinds.values.map(\.module)) == ["FolioSteps"])
    }

    @Test func templateFitsDependOnFolioIceCubeAndOnlyFigureKindsOnFolioPlot() throws {
        let registry = StandardKinds.registry
        func changedKinds(_ modules: [String]) -> Set<String> {
            Set(registry.kinds.values.filter { kind in
                syntheticCode().code(for: kind).code != syntheticCode(changing: modules).code(for: kind).code
            }.map(\.kind))
        }
        let fit = try #require(registry.kinds["icecube.templateFit"])
        let before = syntheticCode().code(for: fit), after = syntheticCode(changing: ["FolioIceCube"]).code(for: fit)
        #expect(before.problems.isEmpty)
        #expect(Set(before.code.keys).isSuperset(of: ["FolioSteps", "FolioIceCube", "FolioStatistics", "FolioSky"]))
        #expect(Set(before.code.keys.filter { before.code[$0] != after.code[$0] }) == ["FolioIceCube"])

        #expect(changedKinds(["FolioIceCube"]) == ["icecube.data", "icecube.templateFit", "icecube.pointSource", "icecube.spectralProfile",
                                                   "icecube.skyScan", "icecube.projection", "figure.spectralProfile",
                                                   "icecube.injectionRecovery", "icecube.skyllhCrossCheck"])
        let plotted = changedKinds(["FolioPlot"])
        #expect(!plotted.isEmpty && plotted.allSatisfy { $0.hasPrefix("figure.") || $0 == "toy.fitFigure" })
        #expect(plotted.count == registry.kinds.keys.filter { $0.hasPrefix("figure.") || $0 == "toy.fitFigure" }.count)
        #expect(changedKinds(["FolioSteps"]).count == registry.kinds.count)

        // The reason `--explain` gives for the template fit, from the previous build's record.
        let reasons = Staleness.codeReasons(previous: before.code, now: after.code)
        #expect(reasons == [.codeChanged(module: "FolioIceCube")])
        #expect(reasons.map(\.description) == ["code of FolioIceCube changed"])
    }

    @Test func aKindDeclaringAModuleNotInTheTableIsAValidationError() async throws {
        let dir = TemporaryDirectory()
        var code = syntheticCode()
        code.modules["FolioRunnerTests"] = .init(fingerprint: ContentHash.sha256("tests"), dependencies: [])
        let builder = Builder(registry: StepRegistry([Typo.self]).fingerprinted(by: code), environment: fingerprintedBuilder(dir, code: code).environment)
        let analysis = Analysis("typo", title: "typo", seed: 1) { StepSpec("t", Typo.Parameters()) }
        do {
            _ = try builder.plan(analysis)
            Issue.record("planning should fail")
        } catch let problems as SpecProblems {
            #expect(problems.description.contains("kind 'test.typo' declares code module 'FolioIcecube', which is not in the code fingerprint table (did you mean 'FolioIceCube'?)"),
                    "\(problems)")
        }
    }

    @Test func withoutATableKeysAreAsBefore() throws {
        let material = KeyMaterial(kind: "k", version: 1, parameters: .object([:]), inputs: [:], seed: nil)
        var withCode = material
        withCode.code = ["M": ContentHash.sha256("m")]
        #expect(material.key != withCode.key)
        #expect(!(try JSONValue(encoding: material)).canonicalString.contains("code"))
    }
}

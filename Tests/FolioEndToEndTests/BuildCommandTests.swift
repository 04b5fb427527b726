import Foundation
import Testing
import FolioTestSupport

@Suite(.serialized) struct BuildCommandTests {
    @Test func secondBuildIsAllCached() throws {
        let dir = TemporaryDirectory()
        try writeToySpec(dir, trials: 100)
        let first = try folio(["build", "spec.json"], in: dir.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("k: 3 steps, 3 ran, 0 cached"))
        let second = try folio(["build", "spec.json", "--explain"], in: dir.url)
        #expect(second.status == 0)
        #expect(second.stdout.contains("k: 3 steps, 0 ran, 3 cached"))
        #expect(second.stderr.contains("  background: cached"))
        for file in ["results.json", "manifest.json", "build.json", "tables/background-ts.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.path("output/k/\(file)").path), "\(file)")
        }
    }

    @Test func buildKilledMidwayLeavesThePreviousOutputAndResumes() throws {
        let dir = TemporaryDirectory()
        try writeToySpec(dir, trials: 100)
        #expect(try folio(["build", "spec.json"], in: dir.url).status == 0)
        let before = fileTree(dir.path("output/k"))

        try writeToySpec(dir, trials: 40_000)
        let slow = try BackgroundFolio(["build", "spec.json"], in: dir, label: "slow")
        #expect(slow.waitFor("progress: background"), "\(slow.stderr)")
        slow.kill()
        // The published folder is still exactly the previous build; no staging folder is visible as output.
        #expect(fileTree(dir.path("output/k")) == before)
        let visible = try FileManager.default.contentsOfDirectory(atPath: dir.path("output").path).filter { !$0.hasPrefix(".") }
        #expect(visible == ["k"])

        let resumed = try folio(["build", "spec.json", "--explain"], in: dir.url)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("  sample: cached"))
        #expect(resumed.stderr.contains("  background: ran: parameter 'trials' (100 -> 40000) changed"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path("output/.cache/tmp").path)) ?? [] == [])

        let clean = TemporaryDirectory()
        try writeToySpec(clean, trials: 40_000)
        #expect(try folio(["build", "spec.json"], in: clean.url).status == 0)
        #expect(fileTree(dir.path("output/k"), excluding: ["build.json"]) == fileTree(clean.path("output/k"), excluding: ["build.json"]))
    }

    @Test func concurrentBuildOnTheSameOutputIsRefusedClearly() throws {
        let dir = TemporaryDirectory()
        try writeToySpec(dir, trials: 20_000)
        let first = try BackgroundFolio(["build", "spec.json"], in: dir, label: "first")
        #expect(first.waitFor("progress: background"), "\(first.stderr)")
        let second = try folio(["build", "spec.json"], in: dir.url)
        #expect(second.status == 2)
        #expect(second.stderr == "error: output folder '\(dir.path("output").path)' is in use by another folio build (pid \(first.process.processIdentifier)); wait for it to finish or use another --output\n")
        #expect(first.wait() == 0)

        let clean = TemporaryDirectory()
        try writeToySpec(clean, trials: 20_000)
        #expect(try folio(["build", "spec.json"], in: clean.url).status == 0)
        #expect(fileTree(dir.path("output/k"), excluding: ["build.json"]) == fileTree(clean.path("output/k"), excluding: ["build.json"]))
    }
}

@Suite struct DefaultBuildTests {
    /// `folio build` with no analysis named builds what it can; an analysis whose data is absent is
    /// skipped with a message saying how to get it. Named explicitly, the same is an error.
    @Test func defaultBuildSkipsAnalysesWithoutDataButNamedBuildFails() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.path("empty"), withIntermediateDirectories: true)
        let all = try runProcess(folioExecutable, ["build", "--data", dir.path("empty").path], in: dir.url)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("toy: 6 steps, 6 ran"))
        #expect(all.stdout.contains("galactic-plane: skipped, its input data is missing (input 'release': folder not found: "))
        let named = try runProcess(folioExecutable, ["build", "galactic-plane", "--data", dir.path("empty").path], in: dir.url)
        #expect(named.status == 2)
        #expect(named.stderr.hasPrefix("error: step 'data': input 'release': folder not found: "))
    }
}

@Suite struct ErrorReportingTests {
    func failing(_ json: String) throws -> ProcessResult {
        let dir = TemporaryDirectory()
        try Data(json.utf8).write(to: dir.path("bad.json"))
        let result = try folio(["build", "bad.json"], in: dir.url)
        #expect(result.status == 2)
        #expect(!result.stderr.contains("Fatal error"))
        return result
    }

    @Test func wrongParameterTypeIsOneLine() throws {
        let r = try failing(#"{"name":"x","title":"","seed":1,"steps":[{"name":"s","kind":"toy.sample","inputs":{},"parameters":{"events":"many","signalFraction":0.1,"shapes":{"peak":5,"width":0.3,"slope":3,"upper":10}}}]}"#)
        #expect(r.stderr == "error: step 's': parameter 'events': expected an integer, found a string\n")
    }

    @Test func cycleIsOneLine() throws {
        let r = try failing(#"{"name":"x","title":"","seed":1,"steps":[{"name":"a","kind":"toy.fit","parameters":{},"inputs":{"sample":{"step":"b"}}},{"name":"b","kind":"toy.fit","parameters":{},"inputs":{"sample":{"step":"a"}}}]}"#)
        #expect(r.stderr == "error: analysis 'x': steps form a cycle: 'a' -> 'b' -> 'a' (each reads the next)\n")
    }

    @Test func missingFileAndUnknownStepAreNamed() throws {
        let r = try failing(#"{"name":"x","title":"","seed":1,"steps":[{"name":"a","kind":"toy.fit","parameters":{},"inputs":{"sample":{"file":"nope.csv"}}},{"name":"b","kind":"toy.fit","parameters":{},"inputs":{"sample":{"step":"c"}}}]}"#)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.contains("error: step 'b': input 'sample' refers to unknown step 'c'"))
        #expect(lines.contains { $0.hasPrefix("error: step 'a': input 'sample': file not found: ") && $0.hasSuffix("/data/nope.csv") })
    }

    @Test func malformedSpecFileIsNamed() throws {
        let r = try failing(#"{"name":"x","title":"","seed":"one","steps":[]}"#)
        #expect(r.stderr.hasSuffix("/bad.json: field 'seed': expected an integer, found a string\n"))
    }

    @Test func unknownAnalysisAndHelp() throws {
        let dir = TemporaryDirectory()
        let r = try folio(["build", "nosuch"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("error: unknown analysis 'nosuch' (known: toy"))
        let help = try folio(["build", "--help"], in: dir.url)
        #expect(help.status == 0)
        #expect(help.stdout.contains("--explain"))
        #expect(help.stdout.contains("--no-cache"))
    }
}

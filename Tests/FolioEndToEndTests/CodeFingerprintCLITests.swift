import Foundation
import Testing
import FolioFingerprintCore
import FolioModel
import FolioSteps
import FolioTestSupport

/// The fingerprint table the FolioFingerprint plugin generated into this build's `folio`.
@Suite(.serialized) struct CodeFingerprintCLITests {
    func table() throws -> (modules: [String: (fingerprint: String, dependencies: [String])], kinds: [String: [String]]) {
        let r = try folio(["list", "--code"], in: packageRoot)
        #expect(r.status == 0, "\(r.stderr)")
        let blocks = r.stdout.components(separatedBy: "\n\n")
        var modules: [String: (fingerprint: String, dependencies: [String])] = [:]
        for line in blocks[0].split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            modules[f[0]] = (f[1], f[2].split(separator: ",").map(String.init))
        }
        var kinds: [String: [String]] = [:]
        for line in blocks[1].split(separator: "\n") {
            let f = line.split(separator: "\t").map(String.init)
            kinds[f[0]] = f[1].split(separator: ",").map(String.init)
        }
        return (modules, kinds)
    }

    @Test func theGeneratedTableHoldsEveryProjectModuleWithItsSourceFingerprint() throws {
        let (modules, kinds) = try table()
        for name in ["folio", "Analyses", "FolioModel", "FolioCache", "FolioRunner", "FolioSteps", "FolioStatistics", "FolioIceCube",
                     "FolioSky", "FolioPlot", "FolioGalaxy", "FolioReport", "FolioReview", "FolioSHA256", "ArgumentParser"] {
            let fingerprint = try #require(modules[name]?.fingerprint, "\(name) missing from the table")
            #expect(fingerprint.count == 64 && fingerprint.allSatisfy { "0123456789abcdef".contains($0) }, "\(name): \(fingerprint)")
        }
        #expect(Set(modules["FolioIceCube"]!.dependencies).isSuperset(of: ["FolioStatistics", "FolioSky"]))

        // The table's FolioStatistics fingerprint is that of the sources on disk, and a comment-only
        // edit of a copy leaves it unchanged while a code edit does not.
        let folder = packageRoot.appendingPathComponent("Sources/FolioStatistics")
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".swift") { files.append(folder.appendingPathComponent(relative).path) }
        }
        let module = ModuleSources(name: "FolioStatistics", directory: folder.path, dependencies: [], files: files)
        func fingerprint(_ edit: (String, String) -> String) throws -> String {
            try ModuleFingerprint.fingerprint(module) { path in
                Array(edit(path, try String(contentsOfFile: path, encoding: .utf8)).utf8)
            }
        }
        let onDisk = try fingerprint { _, text in text }
        #expect(onDisk == modules["FolioStatistics"]!.fingerprint)
        let first = files.sorted()[0]
        #expect(try fingerprint { path, text in path == first ? "// A new comment.\n\n" + text + "\n/* trailing */\n" : text } == onDisk)
        #expect(try fingerprint { path, text in path == first ? text + "\nlet folioFingerprintProbe = 1\n" : text } != onDisk)

        // Kinds: the defining module by its own sources, declared modules with their closure.
        #expect(kinds["toy.fit"] == ["FolioSteps"])
        #expect(kinds["icecube.templateFit"]?.contains("FolioIceCube") == true)
        #expect(kinds["figure.templateMaps"]?.contains("FolioPlot") == true)
        #expect(kinds["figure.templateMaps"]?.contains("FolioIceCube") == false)
        #expect(kinds["icecube.templateFit"]?.contains("FolioPlot") == false)
    }

    @Test func explainNamesTheModuleWhoseCodeChanged() throws {
        let dir = TemporaryDirectory()
        let analysis = Analysis("k", title: "code", seed: 5) {
            ToySample("sample", events: 300, signalFraction: 0.05)
            ToyFit("fit", on: "sample")
            ToyFitFigure("fit-figure", sample: "sample", fit: "fit")
        }
        try analysis.jsonData().write(to: dir.path("spec.json"))
        #expect(try folio(["build", "spec.json"], in: dir.url).status == 0)
        let manifestURL = dir.path("output/k/manifest.json")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        let steps = try #require(manifest["steps"] as? [[String: Any]])
        let index = try #require(steps.firstIndex { $0["name"] as? String == "fit-figure" })
        let code = try #require(steps[index]["code"] as? [String: String])
        #expect(code["FolioPlot"]?.count == 64 && code["FolioSteps"] != nil && code["FolioIceCube"] == nil)

        // As if the previous build had run with other FolioPlot sources: its record says so and the
        // cache holds no entry for today's key.
        let key = try #require(steps[index]["key"] as? String)
        try FileManager.default.removeItem(at: dir.path("output/.cache/steps/\(key)"))
        var text = try String(contentsOf: manifestURL, encoding: .utf8)
        text = text.replacingOccurrences(of: code["FolioPlot"]!, with: String(repeating: "0", count: 64))
            .replacingOccurrences(of: key, with: String(repeating: "1", count: 64))
        try text.write(to: manifestURL, atomically: true, encoding: .utf8)

        let r = try folio(["build", "spec.json", "--explain"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("  fit-figure: ran: code of FolioPlot changed"), "\(r.stderr)")
        #expect(r.stderr.contains("  fit: cached"))

        let why = try folio(["why", "fit.signalFraction"], in: dir.url)
        #expect(why.stdout.contains("code: FolioSteps \(code["FolioSteps"]!.prefix(12))"), "\(why.stdout)")
    }
}

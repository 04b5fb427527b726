import Foundation
import Testing
import FolioCache
import FolioGalaxy
import FolioIceCube
import FolioModel
import FolioTestSupport

/// The staged public IceCube data (../shared/data next to the repository), which CI provides.
let sharedData = packageRoot.appendingPathComponent("../shared/data").standardizedFileURL
let hasSharedData = FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("icecube_10year_ps/events/IC40_exp.csv").path)

@Suite(.serialized, .enabled(if: hasSharedData, "needs the public IceCube data in ../shared/data"))
struct FlagshipTests {
    @Test func quickFlagshipBuildsAPaperWhoseNumbersTheLikelihoodModuleReproduces() throws {
        let dir = TemporaryDirectory()
        let r = try runProcess(folioExecutable, ["build", "galactic-plane-quick", "--data", sharedData.path], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.path("output/galactic-plane-quick")
        let results = try JSONDecoder().decode([String: ResultValue].self, from: Data(contentsOf: out.appendingPathComponent("results.json")))

        // The report exists in both formats and holds its sections and numbers.
        let text = try runProcess(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-raw", out.appendingPathComponent("report.pdf").path, "-"], in: dir.url).stdout
        for heading in ["Introduction", "Data", "Galactic-plane templates", "Method", "Results", "Comparison with the publication",
                        "Spectrum and the multi-messenger check", "References"] {
            #expect(text.contains(heading), "missing heading \(heading)")
        }
        #expect(text.contains("36 900") || text.contains("36900"))
        #expect(text.contains("SYNTHETIC"))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        for figure in ["event-map", "effective-area", "template-maps", "ts-pi0", "spectral-profile-figure", "flux-spectrum"] {
            #expect(html.contains("figures/\(figure).svg"), "figure \(figure) missing from the HTML")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("figures/\(figure).pdf").path))
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("tables/fits.csv").path))

        // The generated methods appendix in the report, and its supplement (provenance.html): every
        // input file with its checksum, every seeded step's seed.
        #expect(text.contains("Methods and provenance"))
        let supplement = try String(contentsOf: out.appendingPathComponent("provenance.html"), encoding: .utf8)
        let checksums = try ChecksumManifest.load(packageRoot.appendingPathComponent("datasets/icecube_10year_ps.sha256.json"))
        let eventsDigest = try #require(checksums.files["icecube_10year_ps/events/IC40_exp.csv"])
        #expect(supplement.contains("<code>icecube_10year_ps/events/IC40_exp.csv</code>") && supplement.contains("<code>\(eventsDigest)</code>"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let analysisSeed = try #require((manifest?["seed"] as? NSNumber)?.uint64Value)
        let seed = SeedDerivation.seed(analysisSeed: analysisSeed, step: "fit-pi0", set: "background", chunk: 0)
        let seedHex = String(repeating: "0", count: 16 - String(seed, radix: 16).count) + String(seed, radix: 16)
        #expect(supplement.contains("<code>\(seedHex)</code>"), "seed of fit-pi0 chunk 0 missing from the supplementary provenance")
        #expect(html.contains("\(analysisSeed)/s/t/c"), "the methods appendix must state the seed derivation")

        // The numbers agree with the likelihood module called directly on the same inputs.
        let dataset = try IceCubeDataset.load(root: sharedData)
        #expect(results["data.events"]?.value == Double(dataset.totalEvents))
        #expect(abs(results["data.livetime"]!.value! - dataset.seasons.reduce(0) { $0 + $1.livetimeDays }) < 1e-9)
        let template = try DiffuseEmission(spectrum: .pi0).template(nside: 16, frame: .equatorial)
        let direct = try TemplateAnalysis(dataset: dataset, template: SkyTemplate(nside: 16, values: template.values), gamma: 2.7).fitData()
        #expect(abs(results["fit-pi0.ns"]!.value! - direct.ns) < 1e-6)
        #expect(abs(results["fit-pi0.ts"]!.value! - direct.ts) < 1e-6)
        #expect(results["published-pi0.flux100TeV"]?.value == 2.18e-18)
        #expect(results["fit-pi0.upperLimit100TeV"]!.upperLimit! > 0)
        // The spectral-index profile at the fit's γ is the fit's TS (up to the memoised smoothing's rounding).
        #expect(abs(results["spectral-profile.tsAtFitGamma"]!.value! - direct.ts) <= 1e-9 * max(1, direct.ts))

        // The all-sky scan: its section and map, and the northern hot spot's fit reproduced by a
        // point-source analysis at that position (the scan's 5-degree selection box).
        #expect(text.contains("All-sky point-source scan"))
        #expect(html.contains("figures/sky-scan-map.svg"))
        let spot = SkyDirection(raDegrees: results["sky-scan.northRA"]!.value!, decDegrees: results["sky-scan.northDec"]!.value!)
        let spotFit = try PointSourceAnalysis(dataset: dataset, source: spot, boxHalfAngleDegrees: 5).fitData()
        #expect(abs(results["sky-scan.northTS"]!.value! - spotFit.ts) < 1e-6 * max(1, spotFit.ts))
    }

    @Test func changingOneTemplateRerunsOnlyThatTemplatesChain() throws {
        let dir = TemporaryDirectory()
        let exported = try runProcess(folioExecutable, ["export", "galactic-plane-quick"], in: dir.url)
        #expect(exported.status == 0)
        try Data(exported.stdout.utf8).write(to: dir.path("gp.json"))
        #expect(try runProcess(folioExecutable, ["build", "gp.json", "--data", sharedData.path], in: dir.url).status == 0)
        var analysis = try Analysis.load(from: dir.path("gp.json"))
        let index = analysis.steps.firstIndex { $0.name == "kra50" }!
        var parameters = try analysis.steps[index].parameters.decode([String: JSONValue].self)
        parameters["referenceEnergyGeV"] = .number(2e5)
        analysis.steps[index].parameters = .object(parameters)
        try analysis.jsonData().write(to: dir.path("gp.json"))
        let r = try runProcess(folioExecutable, ["build", "gp.json", "--data", sharedData.path, "--explain"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let ran = Set(r.stderr.split(separator: "\n").compactMap { line -> String? in
            let parts = line.trimmingCharacters(in: .whitespaces).components(separatedBy: ": ran")
            return parts.count > 1 ? parts[0] : nil
        })
        #expect(ran == ["kra50", "template-maps", "fit-kra50", "ts-kra50", "templates-combined", "flux-spectrum", "recovery-kra50",
                        "ts-asymptotics", "report"])
    }
}

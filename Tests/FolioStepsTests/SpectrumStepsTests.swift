import Foundation
import Testing
import FolioCache
import FolioGalaxy
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

@Suite(.enabled(if: hasStagedData, "needs the public IceCube data in ../shared/data"))
struct SpectrumStepsTests {
    /// The spectrum chain of the flagship on IC40 with a coarse π⁰-like template, through the runner:
    /// the profile at the fit's γ equals the template fit's TS; the hadronic numbers follow the pp
    /// relation from the model's γ-ray flux; both figures render with the expected elements.
    @Test func spectrumChainThroughTheRunner() async throws {
        let dir = TemporaryDirectory()
        let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: stagedData, outputDirectory: dir.path("output"), jobs: 2,
                                           toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
        let builder = Builder(registry: StandardKinds.registry, environment: environment)
        let analysis = Analysis("spectrum", title: "spectrum", seed: 7) {
            IceCubeData("data")
            GalacticTemplate("pi0", model: .pi0, nside: 8)
            TemplateFit("fit-pi0", data: "data", template: "pi0", backgroundTrials: 10, upperLimitTrials: 10)
            PublishedFlux("published-pi0")
            SpectralIndexProfileScan("profile", data: "data", template: "pi0", gammaMin: 2.0, gammaMax: 3.6, gammaStep: 0.4)
            SpectralProfileFigure("profile-figure", profile: "profile")
            HadronicCheck("hadronic", template: "pi0", fit: "fit-pi0", published: "published-pi0", nside: 16)
            FluxSpectrumFigure("flux", fits: [("fit-pi0", "pi0", "π⁰-like")], profile: "profile", published: "published-pi0", hadronic: "hadronic")
        }
        _ = try await builder.build(analysis)
        let r = try StableJSON.read([String: ResultValue].self, from: dir.path("output/spectrum/results.json"))

        // The grid 2.0, 2.4, …, 3.6 plus the fit's 2.7; at 2.7 exactly the fit's TS.
        #expect(r["profile.gridPoints"]?.value == 6 && r["profile.fitGamma"]?.value == 2.7)
        let fitTS = try #require(r["fit-pi0.ts"]?.value)
        #expect(abs(r["profile.tsAtFitGamma"]!.value! - fitTS) <= 1e-9 * max(1, fitTS))
        let lower = try #require(r["profile.gammaLower68"]?.value), upper = try #require(r["profile.gammaUpper68"]?.value)
        #expect(2.0 <= lower && lower <= upper && upper <= 3.6)
        if r["profile.tsMax"]?.value == 0 {
            #expect(r["profile.gammaBest"] == nil && r["profile.gridEndsInInterval"]?.value == 2)
        }
        #expect(r["profile.energyLower90"]?.unit == .TeV && r["published-pi0.energyMin"]?.unit == .TeV)
        let eLow = try #require(r["profile.energyLower90"]?.value) * 1e3, eHigh = try #require(r["profile.energyUpper90"]?.value) * 1e3
        #expect(eLow > 10 && eLow < eHigh && eHigh < 1e8)
        #expect(r["published-pi0.energyMin"]?.value == 0.89 && r["published-pi0.energyMax"]?.value == 67)

        // Hadronic: Φ_ν(100 TeV) = K_π Φ_γ(200 TeV), the ratios are the quotients of the inputs.
        let nu = try #require(r["hadronic.neutrinoFlux100TeV"]?.value), gamma = try #require(r["hadronic.gammaRayFlux"]?.value)
        #expect(abs(nu / (2 * gamma) - 1) < 1e-12)
        #expect(abs(r["hadronic.neutrinoE2Flux100TeV"]!.value! / (nu * 1e10) - 1) < 1e-12)
        #expect(abs(r["hadronic.upperLimitOverPrediction"]!.value! - r["fit-pi0.upperLimit100TeV"]!.upperLimit! / nu) < 1e-9 * r["hadronic.upperLimitOverPrediction"]!.value!)
        #expect(abs(r["hadronic.publishedOverPrediction"]!.value! * nu / 2.18e-18 - 1) < 1e-12)
        // An all-sky per-flavour flux of order 10^-19 GeV^-1 cm^-2 s^-1 at 100 TeV: within a decade
        // either way (the Galaxy's gas column times the local emissivity; the published flux is 2.2e-18).
        #expect(nu > 1e-20 && nu < 1e-18, "\(nu)")

        // The flux figure: the published band, our limit (line and arrows) over the signal's energy
        // range, the model line and the hadronic prediction, on log-log axes (read from its JSON).
        let panel = try plotPanel(dir.path("output/spectrum/figures/flux.json"))
        #expect(axisScale(panel, "x") == "log10" && axisScale(panel, "y") == "log10")
        let bands = series(panel, "band")
        #expect(bands.count == 1 && (bands[0]["label"] as? String)?.contains("IceCube 2023") == true)
        let bx = bands[0]["x"] as! [Double], bl = bands[0]["lower"] as! [Double], bu = bands[0]["upper"] as! [Double]
        #expect(abs(bx.first! - 8.9e2) < 1e-6 && abs(bu[0] / bl[0] - 27.1 / 17.9) < 1e-9)
        let lines = series(panel, "line")
        let limit = try #require(lines.first { ($0["label"] as? String)?.contains("90% CL UL") == true })
        let lx = limit["x"] as! [Double], ly = limit["y"] as! [Double]
        #expect(abs(lx.first! - eLow) < 1e-6 * eLow && abs(lx.last! - eHigh) < 1e-6 * eHigh)
        let mid = lx.count / 2
        #expect(abs(ly[mid] / (r["fit-pi0.upperLimit100TeV"]!.upperLimit! * pow(lx[mid], 2) * pow(lx[mid] / 1e5, -2.7)) - 1) < 1e-6)
        let hadronic = try #require(lines.first { ($0["label"] as? String)?.contains("γ-rays") == true })
        let hx = hadronic["x"] as! [Double], hy = hadronic["y"] as! [Double]
        let i100 = try #require(hx.firstIndex { abs(log10($0) - 5) < 1e-9 })
        #expect(abs(hy[i100] / (nu * 1e10) - 1) < 1e-9)
        #expect(lines.contains { ($0["label"] as? String)?.contains("model") == true })
        #expect(series(panel, "scatter").contains { ($0["upperLimit"] as? [Bool]) == [true, true, true] })
        for ext in ["png", "svg", "pdf"] {
            #expect(FileManager.default.fileExists(atPath: dir.path("output/spectrum/figures/flux.\(ext)").path))
        }

        // The profile figure: the TS curve over the grid and the fit's γ marked.
        let pp = try plotPanel(dir.path("output/spectrum/figures/profile-figure.json"))
        #expect(series(pp, "line").first?["x"] as? [Double] == [2.0, 2.4, 2.7, 2.8, 3.2, 3.6])
        #expect(series(pp, "referenceLine").contains { $0["value"] as? Double == 2.7 })
    }
}

/// The first panel of a published figure JSON (FolioPlot's `Figure`, enum cases keyed by name with
/// the payload as the value: `{"plot": {…}}`), as plain JSON objects.
private func plotPanel(_ url: URL) throws -> [String: Any] {
    let figure = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    let panel = (figure["panels"] as! [[String: Any]])[0]
    return panel["plot"] as! [String: Any]
}

private func series(_ panel: [String: Any], _ kind: String) -> [[String: Any]] {
    (panel["series"] as! [[String: Any]]).compactMap { $0[kind] as? [String: Any] }
}

private func axisScale(_ panel: [String: Any], _ axis: String) -> String? {
    (panel[axis] as? [String: Any])?["scale"] as? String
}

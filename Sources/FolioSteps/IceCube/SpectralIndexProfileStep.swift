import Foundation
import FolioGalaxy
import FolioIceCube
import FolioRunner
import FolioSky

/// The profile likelihood of a template's spectral index: TS(γ) = 2 ln[L(n̂ₛ(γ), γ)/L(0)] on a grid
/// of γ, each point a template fit with spectrum E^−γ (FolioIceCube's `SpectralIndexProfile`), the
/// best γ and its 68% interval from ΔTS = 1 (Wilks).
///
/// Results: `tsMax` (the peak of TS(γ): the largest grid value, refined by a parabola through its
/// neighbours), `gammaBest` (with the 68% interval as its
/// uncertainty; absent, with a notice, when TS ≡ 0), `gammaLower68`, `gammaUpper68` (ends of the ΔTS = 1
/// region, clamped to the grid), `gridEndsInInterval` (how many of the two interval ends are the
/// grid's edges rather than crossings: 2 means γ is unconstrained), `gridMin`, `gridMax`,
/// `gridPoints`, and for the template's own index (the one `icecube.templateFit` uses) `fitGamma`,
/// `tsAtFitGamma`, and the central 90% true-energy range of its expected signal `energyLower90`,
/// `energyUpper90` (TeV). Private output `profile.json`.
public struct SpectralIndexProfileScan: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.spectralProfile"
        /// The γ grid: from `gammaMin` to `gammaMax` (inclusive) in steps of `gammaStep`; the
        /// template's own index is added if it is not on the grid.
        public var gammaMin: Double
        public var gammaMax: Double
        public var gammaStep: Double
    }

    public let spec: StepSpec

    public init(_ name: String, data: StepRef, template: StepRef,
                gammaMin: Double = 2.0, gammaMax: Double = 3.6, gammaStep: Double = 0.1) {
        var inputs = IceCubeInputs.standard
        inputs["data"] = .step(data.name)
        inputs["template"] = .step(template.name)
        spec = StepSpec(name, Parameters(gammaMin: gammaMin, gammaMax: gammaMax, gammaStep: gammaStep), inputs: inputs)
    }
}

struct SpectralIndexProfileKind: StepKind {
    typealias Parameters = SpectralIndexProfileScan.Parameters
    static let version = 3  // 2: ring averages summed in pixel order (deterministic); 3: the data step's selection
    static let codeModules = ["FolioIceCube", "FolioGalaxy", "FolioSky"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["gammaBest", "tsMax", "gammaLower68", "gammaUpper68", "gridEndsInInterval", "gridMin", "gridMax", "gridPoints",
         "fitGamma", "tsAtFitGamma", "energyLower90", "energyUpper90"]   // gammaBest unless TS = 0 at every γ
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if !(1...4).contains(p.gammaMin) || !(1...4).contains(p.gammaMax) || !(p.gammaMin < p.gammaMax) {
            problems.append("parameters 'gammaMin' < 'gammaMax' must lie in [1, 4], found \(p.gammaMin) and \(p.gammaMax)")
        }
        if !(p.gammaStep > 0) || (p.gammaMax - p.gammaMin) / p.gammaStep > 200 {
            problems.append("parameter 'gammaStep' must be positive and give at most 200 grid points, found \(p.gammaStep)")
        }
        return problems
    }

    /// Grid values rounded to 1e-9 so that 2.0 + 7 × 0.1 is 2.7 exactly (it is compared with the fit's γ).
    static func grid(_ p: Parameters, including extra: Double) -> [Double] {
        let n = Int(((p.gammaMax - p.gammaMin) / p.gammaStep + 1e-9).rounded(.down))
        var g = (0...n).map { (1e9 * (p.gammaMin + Double($0) * p.gammaStep)).rounded() / 1e9 }
        if !g.contains(where: { abs($0 - extra) < 1e-9 }) { g.append(extra); g.sort() }
        return g
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let (dataset, _) = try IceCubeInputs.load(dataInput: "data", in: context)
        let map = try HEALPixMap.read(from: try context.outputs(of: "template").privateFile("template.fits")).rotated(to: .equatorial)
        let description = try context.readJSON(TemplateDescription.self, input: "template", file: "template.json")
        let template = SkyTemplate(nside: map.nside, values: map.values)
        let fitGamma = description.templateFitIndex
        let gammas = grid(p, including: fitGamma)

        context.progress.begin(total: gammas.count, unit: "grid points")
        let progress = context.progress
        let profile = try SpectralIndexProfile.scan(dataset: dataset, template: template, gammas: gammas, threads: context.threads) {
            progress.advance(by: 1)
        }
        try context.writeJSON(profile, to: "profile.json")
        try SpectralProfileOutput(fitGamma: fitGamma).write(in: context)

        let (lower, upper) = profile.interval68
        let atFit = profile.points.first { abs($0.gamma - fitGamma) < 1e-9 }!
        if let best = profile.bestGamma {
            context.record("gammaBest", ResultValue(best, unit: .dimensionless, minus: best - lower, plus: upper - best, kind: .fitParameter))
        } else {
            context.notice("the spectral index is unconstrained: TS = 0 (n̂s = 0) at every γ from \(gammas.first!) to \(gammas.last!)")
        }
        context.record("tsMax", ResultValue(profile.peak.ts, unit: .dimensionless, kind: .testStatistic))
        context.record("gammaLower68", ResultValue(lower, unit: .dimensionless, kind: .fitParameter))
        context.record("gammaUpper68", ResultValue(upper, unit: .dimensionless, kind: .fitParameter))
        context.record("gridEndsInInterval", ResultValue(Double((profile.lowerEndFromData ? 0 : 1) + (profile.upperEndFromData ? 0 : 1)),
                                                         unit: .dimensionless, kind: .count))
        context.record("gridMin", ResultValue(gammas.first!, unit: .dimensionless, kind: .fitParameter))
        context.record("gridMax", ResultValue(gammas.last!, unit: .dimensionless, kind: .fitParameter))
        context.record("gridPoints", ResultValue(Double(gammas.count), unit: .dimensionless, kind: .count))
        context.record("fitGamma", ResultValue(fitGamma, unit: .dimensionless, kind: .fitParameter))
        context.record("tsAtFitGamma", ResultValue(atFit.ts, unit: .dimensionless, kind: .testStatistic))

        let range = template.centralEnergyRange(dataset: dataset, gamma: fitGamma, fraction: 0.9)
        context.record("energyLower90", ResultValue(range.lowerGeV / 1e3, unit: .TeV))
        context.record("energyUpper90", ResultValue(range.upperGeV / 1e3, unit: .TeV))
    }
}

extension TemplateDescription {
    /// The power-law index `icecube.templateFit` uses by default for this template: the uniform
    /// index, or else the effective index of the all-sky spectrum between 10 and 100 TeV.
    var templateFitIndex: Double {
        if case .uniform(let index) = spectralModel { return index }
        return TemplateMap(nside: 1, frame: .equatorial, values: [], referenceEnergyGeV: referenceEnergyGeV,
                           energiesGeV: energiesGeV, spectrum: spectrum).effectiveIndex(fromGeV: 1e4, toGeV: 1e5)
    }
}

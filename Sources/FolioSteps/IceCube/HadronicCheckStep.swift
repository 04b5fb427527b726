import Foundation
import FolioGalaxy
import FolioRunner
import FolioSky

/// The multi-messenger consistency check of a π⁰-like template: the neutrino flux its own γ-ray
/// emission implies, next to our measured flux or upper limit and a published measurement.
///
/// The template step's analytic model (gas in H nucleons cm⁻³ × cosmic-ray density relative to the
/// Sun's) gives the all-sky weighted column ∫dΩ∫n_H n_CR/n_CR,☉ ds (H cm⁻² sr); times the local
/// γ-ray emissivity per H atom measured by Fermi-LAT (`GammaRayEmissivity`, extended as a power law
/// with the template's index) it is the model's all-sky γ-ray flux; the pp relation
/// Φ_ν(E) = K_π Φ_γ(2E) (`PionDecayRelation`, Ahlers & Murase 2014) turns it into the per-flavour
/// neutrino flux. Needs a computed template (a FITS map carries no absolute column).
///
/// Results (fluxes all-sky, GeV⁻¹ cm⁻² s⁻¹): `gammaRayFlux` (γ-ray dN/dE at `gammaRayEnergy`,
/// twice the neutrino energy `neutrinoEnergy`, both TeV), `neutrinoFlux100TeV` (per flavour, at `neutrinoEnergyGeV`), `neutrinoE2Flux100TeV`
/// (E² dN/dE, GeV cm⁻² s⁻¹), `index` (the spectral index used), `chargedToNeutral` (K_π),
/// `upperLimitOverPrediction` (our 90% CL limit ÷ prediction), `publishedOverPrediction`
/// (published flux ÷ prediction, with its 68% band).
public struct HadronicCheck: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "icecube.hadronicCheck"
        public var emissivity: GammaRayEmissivityAnchor
        public var chargedToNeutral: Double
        public var neutrinoEnergyGeV: Double
        /// HEALPix resolution of the column integral (32 agrees with 64 within 3%, see the tests).
        public var nside: Int
    }

    /// The measured emissivity the γ-ray flux is anchored on (Q above E₀); the index is the template's.
    public struct GammaRayEmissivityAnchor: Codable, Hashable, Sendable {
        /// Q(>E₀), photons s⁻¹ sr⁻¹ per H atom.
        public var integralAboveThreshold: Double
        public var thresholdGeV: Double
        public var citation: String
        /// Abdo et al. 2009, ApJ 703, 1249: (0.66 ± 0.02) × 10⁻²⁶ above 300 MeV.
        public static let fermiLATLocal = GammaRayEmissivityAnchor(integralAboveThreshold: 0.66e-26, thresholdGeV: 0.3,
                                                                   citation: "Abdo et al. 2009, ApJ 703, 1249")
    }

    public let spec: StepSpec

    /// - Parameters: `template`: a computed `GalacticTemplate`; `fit`: its `TemplateFit`;
    ///   `published`: a `PublishedFlux` step.
    public init(_ name: String, template: StepRef, fit: StepRef, published: StepRef,
                emissivity: GammaRayEmissivityAnchor = .fermiLATLocal, chargedToNeutral: Double = PionDecayRelation.protonProton,
                neutrinoEnergyGeV: Double = 1e5, nside: Int = 32) {
        spec = StepSpec(name, Parameters(emissivity: emissivity, chargedToNeutral: chargedToNeutral, neutrinoEnergyGeV: neutrinoEnergyGeV, nside: nside),
                        inputs: ["template": .step(template.name), "fit": .step(fit.name), "published": .step(published.name)])
    }
}

struct HadronicCheckKind: StepKind {
    typealias Parameters = HadronicCheck.Parameters
    static let version = 1
    static let codeModules = ["FolioGalaxy", "FolioSky"]
    static func resultNames(_: Parameters) -> Set<String> {
        ["gammaRayFlux", "neutrinoFlux100TeV", "neutrinoE2Flux100TeV", "index", "chargedToNeutral", "neutrinoEnergy",
         "gammaRayEnergy", "upperLimitOverPrediction", "publishedOverPrediction"]   // the ratios when the inputs have them
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if !(p.emissivity.integralAboveThreshold > 0) || !(p.emissivity.thresholdGeV > 0) {
            problems.append("parameter 'emissivity' needs a positive integral and threshold")
        }
        if !(p.chargedToNeutral > 0) { problems.append("parameter 'chargedToNeutral' must be positive, found \(p.chargedToNeutral)") }
        if !(p.neutrinoEnergyGeV > 0) { problems.append("parameter 'neutrinoEnergyGeV' must be positive") }
        if (try? HEALPix(nside: p.nside)) == nil || p.nside > 256 {
            problems.append("parameter 'nside' must be a power of two up to 256, found \(p.nside)")
        }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let description = try context.readJSON(TemplateDescription.self, input: "template", file: "template.json")
        guard !description.source.hasPrefix("FITS map") else {
            throw SpecProblem("step '\(context.stepName)'", "input 'template' is a FITS map (\(description.source)); the hadronic check needs the analytic model's absolute gas column")
        }
        let index = description.templateFitIndex
        let model = DiffuseEmission(spectrum: description.spectralModel, referenceEnergyGeV: description.referenceEnergyGeV)
        let column = try model.weightedColumn(nside: p.nside, threads: context.threads)
        let emissivity = GammaRayEmissivity(integralAboveThreshold: p.emissivity.integralAboveThreshold,
                                            thresholdGeV: p.emissivity.thresholdGeV, index: index)
        let gammaRays: (Double) -> Double = { DiffuseEmission.gammaRayFlux(energyGeV: $0, weightedColumn: column, emissivity: emissivity) }
        let e = p.neutrinoEnergyGeV
        let neutrinos = PionDecayRelation.perFlavourNeutrinoFlux(neutrinoEnergyGeV: e, chargedToNeutral: p.chargedToNeutral, gammaRayFlux: gammaRays)

        context.record("gammaRayFlux", ResultValue(gammaRays(2 * e), unit: .perGeVcm2s, kind: .flux))
        context.record("neutrinoFlux100TeV", ResultValue(neutrinos, unit: .perGeVcm2s, kind: .flux))
        context.record("neutrinoE2Flux100TeV", ResultValue(neutrinos * e * e, unit: .GeVcm2s, kind: .flux))
        context.record("index", ResultValue(index, unit: .dimensionless, kind: .fitParameter))
        context.record("chargedToNeutral", ResultValue(p.chargedToNeutral, unit: .dimensionless, kind: .count))
        context.record("neutrinoEnergy", ResultValue(e / 1e3, unit: .TeV))
        context.record("gammaRayEnergy", ResultValue(2 * e / 1e3, unit: .TeV))

        let fit = try TemplateFitOutput.read(input: "fit", in: context)
        context.record("upperLimitOverPrediction", ResultValue(fit.upperLimit100TeV / neutrinos, unit: .dimensionless))
        let published = try PublishedFluxOutput.read(input: "published", in: context)
        context.record("publishedOverPrediction", ResultValue(published.flux100TeV / neutrinos, unit: .dimensionless,
                                                              minus: published.flux100TeVMinus / neutrinos,
                                                              plus: published.flux100TeVPlus / neutrinos))
    }
}

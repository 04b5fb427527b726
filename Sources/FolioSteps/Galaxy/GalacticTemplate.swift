import Foundation
import FolioGalaxy
import FolioRunner
import FolioSky

/// A Galactic-plane emission template: a HEALPix map normalised to unit integral over the sky
/// (sr⁻¹, equatorial frame) at the reference energy plus the all-sky spectrum of the model.
///
/// Analytic models share one spatial distribution (gas × cosmic rays) at the normalisation energy,
/// 10 GeV (`DiffuseEmission.normalisationEnergyGeV`), where such models are tuned to Fermi-LAT; a
/// spectral index that varies with Galactocentric radius (KRA-γ-like) then changes the map with
/// energy. Such a template also writes `template-index.fits`, the local power-law index of every
/// pixel between 1 and 100 TeV, which the template fit uses for an energy-dependent signal PDF.
/// Results: `planeFraction`, `innerGalaxyFraction` (at the reference energy), `innerGalaxyFraction1TeV`
/// and `innerGalaxyFraction1PeV`, `index1to100TeV`, `nside`, and for analytic models
/// `normalisationEnergy` (GeV) and `modelFlux100TeV`, the model's absolute all-sky per-flavour ν + ν̄
/// dN/dE at 100 TeV (GeV⁻¹ cm⁻² s⁻¹) from the Fermi-LAT local γ-ray emissivity (pp, K_π = 2).
///
/// Either computed from the analytic gas × cosmic-ray model (`FolioGalaxy.DiffuseEmission`), or
/// read from a FITS map a user supplies (e.g. the published Fermi-LAT π⁰ or KRA-γ maps), with the
/// spectrum given alongside:
/// ```swift
/// GalacticTemplate("pi0", model: .pi0)                                        // analytic proxy
/// GalacticTemplate("pi0", map: .file("templates/fermi_pi0.fits"), spectrum: .pi0) // user's map
/// ```
public struct GalacticTemplate: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "galaxy.template"
        public var spectrum: SpectralModel
        /// Resolution of the computed map (ignored for FITS input, which keeps its own nside).
        public var nside: Int
        /// Energy (GeV) at which the spatial map is evaluated and the spectrum normalised.
        public var referenceEnergyGeV: Double
        /// True when the spatial map comes from the FITS input `map`.
        public var fromFile: Bool
    }

    public let spec: StepSpec

    public init(_ name: String, model spectrum: SpectralModel, nside: Int = 64, referenceEnergyGeV: Double = 1e5) {
        spec = StepSpec(name, Parameters(spectrum: spectrum, nside: nside, referenceEnergyGeV: referenceEnergyGeV, fromFile: false))
    }

    public init(_ name: String, map: InputRef, spectrum: SpectralModel, referenceEnergyGeV: Double = 1e5) {
        spec = StepSpec(name, Parameters(spectrum: spectrum, nside: 0, referenceEnergyGeV: referenceEnergyGeV, fromFile: true),
                        inputs: ["map": map])
    }
}

/// The template's metadata, next to `template.fits` in the step's private outputs.
public struct TemplateDescription: Codable, Sendable {
    public var source: String
    public var referenceEnergyGeV: Double
    public var energiesGeV: [Double]
    /// All-sky flux relative to the reference energy, at `energiesGeV`.
    public var spectrum: [Double]
    public var spectralModel: SpectralModel
    /// The pixels' local power-law index (1–100 TeV), a private file of the step; nil: one index everywhere.
    public var localIndexFile: String? = nil
    /// The model's absolute all-sky per-flavour flux dN/dE at 100 TeV (GeV⁻¹ cm⁻² s⁻¹); nil for a FITS map.
    public var modelFlux100TeV: Double? = nil
    /// Energy (GeV) at which all analytic models share their spatial distribution.
    public var normalisationEnergyGeV: Double? = nil
}

struct GalacticTemplateKind: StepKind {
    typealias Parameters = GalacticTemplate.Parameters
    // 2: models normalised at 10 GeV (not at the reference energy); local-index map; model flux
    static let version = 2
    static let codeModules = ["FolioGalaxy", "FolioSky"]
    static func resultNames(_ p: Parameters) -> Set<String> {
        var names: Set<String> = ["planeFraction", "innerGalaxyFraction", "innerGalaxyFraction1TeV", "innerGalaxyFraction1PeV", "index1to100TeV", "nside"]
        if !p.fromFile { names.formUnion(["normalisationEnergy", "modelFlux100TeV"]) }
        return names
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if p.fromFile {
            if inputs["map"] == nil { problems.append("input 'map' (a HEALPix FITS file) is required when fromFile is true") }
        } else if (try? HEALPix(nside: p.nside)) == nil || p.nside > 512 {
            problems.append("parameter 'nside' must be a power of two up to 512, found \(p.nside)")
        }
        if !(p.referenceEnergyGeV > 0) { problems.append("parameter 'referenceEnergyGeV' must be positive") }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let map: HEALPixMap
        var description: TemplateDescription
        var computed: TemplateMap? = nil
        let model = DiffuseEmission(spectrum: p.spectrum, referenceEnergyGeV: p.referenceEnergyGeV)
        if p.fromFile {
            let url = try context.file("map")
            do {
                let read = try HEALPixMap.read(from: url).rotated(to: .equatorial)
                let total = read.integral
                guard total > 0 else { throw InputFileError(path: url.path, "the map integrates to \(total), not a positive number") }
                guard read.values.allSatisfy({ $0 >= 0 }) else { throw InputFileError(path: url.path, "the map has negative pixels") }
                map = try HEALPixMap(nside: read.nside, frame: .equatorial, values: read.values.map { $0 / total }, unit: "sr^-1")
            } catch let error as HEALPixFITSError {
                throw InputFileError(path: error.path, error.message)
            }
            let energies = stride(from: 2.0, through: 8.0, by: 0.5).map { pow(10, $0) }
            description = TemplateDescription(
                source: "FITS map \(url.lastPathComponent)", referenceEnergyGeV: p.referenceEnergyGeV, energiesGeV: energies,
                spectrum: energies.map { p.spectrum.factor(energyGeV: $0, referenceGeV: p.referenceEnergyGeV, R: 8.5) },
                spectralModel: p.spectrum)
        } else {
            let progress = context.progress
            progress.begin(total: model.integratedPixels(nside: p.nside), unit: "pixels")
            let t = try model.template(nside: p.nside, frame: .equatorial, threads: context.threads) { progress.advance(by: $0) }
            map = try HEALPixMap(nside: t.nside, frame: .equatorial, values: t.values, unit: "sr^-1")
            description = TemplateDescription(source: "analytic gas x cosmic-ray model (FolioGalaxy)", referenceEnergyGeV: p.referenceEnergyGeV,
                                              energiesGeV: t.energiesGeV, spectrum: t.spectrum, spectralModel: p.spectrum)
            computed = t
            if let integral = t.modelIntegral {
                // The model flux at the reference energy, carried to 100 TeV along the all-sky spectrum.
                let atReference = model.neutrinoFluxAtReference(modelIntegral: integral)
                description.modelFlux100TeV = atReference * t.relativeFlux(atGeV: 1e5)
            }
            description.normalisationEnergyGeV = model.normalisationEnergyGeV
            context.notice("analytic proxy template (line-of-sight gas x cosmic-ray model), not the published map of Science 380, 1338")
        }
        try FileManager.default.createDirectory(at: context.outputDirectory, withIntermediateDirectories: true)
        try map.write(to: context.outputDirectory.appendingPathComponent("template.fits"), column: "TEMPLATE")
        if let t = computed, let local = try t.localIndex(fromGeV: 1e3, toGeV: 1e5) {
            let file = "template-index.fits"
            try HEALPixMap(nside: t.nside, frame: .equatorial, values: local, unit: "1")
                .write(to: context.outputDirectory.appendingPathComponent(file), column: "INDEX")
            description.localIndexFile = file
        }
        try context.writeJSON(description, to: "template.json")

        let stats = TemplateMap(nside: map.nside, frame: .equatorial, values: map.values, referenceEnergyGeV: p.referenceEnergyGeV,
                                energiesGeV: description.energiesGeV, spectrum: description.spectrum)
        let degree = Double.pi / 180
        context.record("planeFraction", ResultValue(try stats.fraction { _, b in abs(b) < 5 * degree }, unit: .dimensionless))
        let inner: (Double, Double) -> Bool = { l, b in abs(b) < 5 * degree && (l < 60 * degree || l > 300 * degree) }
        context.record("innerGalaxyFraction", ResultValue(try stats.fraction(where: inner), unit: .dimensionless))
        // The inner Galaxy at 1 TeV and 1 PeV: equal to the above for one spectrum everywhere.
        let byEnergy = computed ?? stats
        for (name, e) in [("innerGalaxyFraction1TeV", 1e3), ("innerGalaxyFraction1PeV", 1e6)] {
            context.record(name, ResultValue(try byEnergy.fraction(atEnergyGeV: byEnergy.mapEnergiesGeV.isEmpty ? nil : e, where: inner), unit: .dimensionless))
        }
        if let flux = description.modelFlux100TeV, let e = description.normalisationEnergyGeV {
            context.record("normalisationEnergy", ResultValue(e, unit: .GeV))
            context.record("modelFlux100TeV", ResultValue(flux, unit: .perGeVcm2s, kind: .flux))
        }
        context.record("index1to100TeV", ResultValue(stats.effectiveIndex(fromGeV: 1e3, toGeV: 1e5), unit: .dimensionless, kind: .fitParameter))
        context.record("nside", ResultValue(Double(map.nside), unit: .dimensionless, kind: .count))
    }
}

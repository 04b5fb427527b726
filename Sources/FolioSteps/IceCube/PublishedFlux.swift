import Foundation
import FolioRunner

/// A published diffuse-flux measurement read from its data file, so that the comparison table
/// quotes it from a checksummed input rather than from prose: the `measurements.json` of the
/// PyPI package diffuse-neutrino-flux (see shared/data/PROVENANCE.md) and its 68% contour file.
///
/// Results: `flux100TeV` (per-flavour dN/dE at 100 TeV with the 68% band of the normalisation,
/// GeV⁻¹ cm⁻² s⁻¹), `gamma`, and the energy range listed with the measurement, `energyMin` and
/// `energyMax` (TeV).
public struct PublishedFlux: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "data.publishedFlux"
        public var entry: String
    }

    public let spec: StepSpec

    public init(_ name: String, entry: String = "gp_pi0", measurements: String = "galactic_plane_flux_points/measurements.json",
                contour: String = "galactic_plane_flux_points/gp_pi0_contour68.csv") {
        spec = StepSpec(name, Parameters(entry: entry), inputs: ["measurements": .file(measurements), "contour": .file(contour)])
    }
}

struct PublishedFluxKind: StepKind {
    typealias Parameters = PublishedFlux.Parameters
    static let version = 3  // 2: energyMin, energyMax; 3: published.json (PublishedFluxOutput)
    static func resultNames(_: Parameters) -> Set<String> {
        ["flux100TeV", "gamma", "energyMin", "energyMax"]   // the energies when the file gives a range
    }

    struct Measurement: Decodable {
        var best_fit_parameters: [Double]
        var reference_energy_gev: Double
        var energy_range_gev: [Double]?
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let url = try context.file("measurements")
        let all: [String: Measurement]
        do { all = try JSONDecoder().decode([String: Measurement].self, from: Data(contentsOf: url)) } catch {
            throw InputFileError(path: url.path, "cannot read the measurements: \(error)")
        }
        guard let m = all[p.entry], m.best_fit_parameters.count == 2 else {
            throw InputFileError(path: url.path, "no single-power-law entry '\(p.entry)'")
        }
        guard m.reference_energy_gev == 1e5 else {
            throw InputFileError(path: url.path, "entry '\(p.entry)' is normalised at \(m.reference_energy_gev) GeV, not 100 TeV")
        }
        let (gamma, norm) = (m.best_fit_parameters[0], m.best_fit_parameters[1])
        // The contour file lists (gamma, norm) points of the 68% region; with gamma fixed it is the band.
        let contourURL = try context.file("contour")
        let lines = try String(contentsOf: contourURL, encoding: .utf8).split(separator: "\n").dropFirst()
        let norms = try lines.enumerated().map { i, line -> Double in
            let fields = line.split(separator: ",")
            guard fields.count == 2, let n = Double(fields[1].trimmingCharacters(in: .whitespaces)) else {
                throw InputFileError(path: contourURL.path, line: i + 2, "expected 'gamma,norm'")
            }
            return n
        }
        guard let low = norms.min(), let high = norms.max(), low <= norm, norm <= high else {
            throw InputFileError(path: contourURL.path, "the 68% band does not contain the best fit \(norm)")
        }
        context.record("flux100TeV", ResultValue(norm, unit: .perGeVcm2s, minus: norm - low, plus: high - norm, kind: .flux))
        context.record("gamma", ResultValue(gamma, unit: .dimensionless, kind: .fitParameter))
        try PublishedFluxOutput(flux100TeV: norm, flux100TeVMinus: norm - low, flux100TeVPlus: high - norm, gamma: gamma)
            .write(in: context)
        if let range = m.energy_range_gev {
            guard range.count == 2, range[0] > 0, range[0] < range[1] else {
                throw InputFileError(path: url.path, "entry '\(p.entry)': energy_range_gev must be [low, high] in GeV, found \(range)")
            }
            context.record("energyMin", ResultValue(range[0] / 1e3, unit: .TeV))
            context.record("energyMax", ResultValue(range[1] / 1e3, unit: .TeV))
        }
    }
}

import Foundation
import FolioGalaxy
import FolioRunner
import FolioSky

/// A model-independent Galactic-plane template: uniform emission within |b| < `halfWidth` degrees
/// (optionally only over a range of longitudes), zero elsewhere, normalised to unit integral over
/// the sky (sr⁻¹, equatorial frame). Same outputs as `GalacticTemplate`, so `TemplateFit` takes it.
public struct PlaneBandTemplate: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "galaxy.planeBand"
        public var halfWidthDegrees: Double
        /// Longitudes (degrees, −180…180) the band covers; nil for all.
        public var longitudeRange: [Double]?
        public var spectralIndex: Double
        public var nside: Int
    }

    public let spec: StepSpec

    public init(_ name: String, halfWidthDegrees: Double = 5, longitudeRange: ClosedRange<Double>? = nil,
                spectralIndex: Double = 2.7, nside: Int = 64) {
        spec = StepSpec(name, Parameters(halfWidthDegrees: halfWidthDegrees, longitudeRange: longitudeRange.map { [$0.lowerBound, $0.upperBound] },
                                         spectralIndex: spectralIndex, nside: nside))
    }
}

struct PlaneBandTemplateKind: StepKind {
    typealias Parameters = PlaneBandTemplate.Parameters
    static let version = 1

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if !(p.halfWidthDegrees > 0 && p.halfWidthDegrees <= 90) { problems.append("parameter 'halfWidthDegrees' must lie in (0, 90], found \(p.halfWidthDegrees)") }
        if let r = p.longitudeRange, r.count != 2 || r[0] >= r[1] || r[0] < -180 || r[1] > 180 {
            problems.append("parameter 'longitudeRange' must be [low, high] within [-180, 180] with low < high")
        }
        if (try? HEALPix(nside: p.nside)) == nil || p.nside > 512 { problems.append("parameter 'nside' must be a power of two up to 512, found \(p.nside)") }
        if !(1...4).contains(p.spectralIndex) { problems.append("parameter 'spectralIndex' must lie in [1, 4], found \(p.spectralIndex)") }
        return problems
    }

    static func run(_ p: Parameters, in context: StepContext) async throws {
        let hp = try HEALPix(nside: p.nside)
        let toGalactic = Rotation.equatorialToGalactic
        let raw = (0..<hp.pixelCount).map { i -> Double in
            let g = toGalactic.apply(to: hp.center(of: i))
            guard abs(g.latitudeDegrees) < p.halfWidthDegrees else { return 0 }
            guard let r = p.longitudeRange else { return 1 }
            var l = g.normalized.longitudeDegrees
            if l > 180 { l -= 360 }
            return (r[0]...r[1]).contains(l) ? 1 : 0
        }
        let total = raw.reduce(0, +) * hp.pixelArea
        guard total > 0 else { throw SpecProblem("step '\(context.stepName)'", "the band contains no pixel centre at nside \(p.nside)") }
        let map = try HEALPixMap(nside: p.nside, frame: .equatorial, values: raw.map { $0 / total }, unit: "sr^-1")
        let energies = stride(from: 2.0, through: 8.0, by: 0.5).map { pow(10, $0) }
        let spectrum = SpectralModel.uniform(index: p.spectralIndex)
        try FileManager.default.createDirectory(at: context.outputDirectory, withIntermediateDirectories: true)
        try map.write(to: context.outputDirectory.appendingPathComponent("template.fits"), column: "TEMPLATE")
        try context.writeJSON(TemplateDescription(source: "uniform band |b| < \(p.halfWidthDegrees)°", referenceEnergyGeV: 1e5, energiesGeV: energies,
                                                  spectrum: energies.map { spectrum.factor(energyGeV: $0, referenceGeV: 1e5, R: 8.5) },
                                                  spectralModel: spectrum), to: "template.json")
        context.record("solidAngle", ResultValue(total, unit: .steradian))
        context.record("halfWidth", ResultValue(p.halfWidthDegrees, unit: .degrees))
    }
}

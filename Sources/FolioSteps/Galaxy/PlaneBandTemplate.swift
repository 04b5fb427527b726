import Foundation
import FolioGalaxy
import FolioRunner
import FolioSky

/// A model-independent Galactic-plane template: uniform emission within |b| < `halfWidth` degrees
/// (optionally only over a range of longitudes, e.g. the inner or the outer Galaxy), zero elsewhere, normalised to unit integral over
/// the sky (sr⁻¹, equatorial frame). Same outputs as `GalacticTemplate`, so `TemplateFit` takes it.
public struct PlaneBandTemplate: StepDeclaration {
    public struct Parameters: StepParameters {
        public static let kind = "galaxy.planeBand"
        public var halfWidthDegrees: Double
        /// Longitudes (degrees, −180…180) the band covers, [from, to] going towards increasing l;
        /// from > to wraps through l = 180° (the outer Galaxy 80° < l < 280° is [80, −80]). nil for all.
        public var longitudeRange: [Double]?
        public var spectralIndex: Double
        public var nside: Int
    }

    public let spec: StepSpec

    /// - Parameter longitudes: `(from, to)` in degrees within −180…180, towards increasing l;
    ///   `from > to` wraps through 180° (`(80, -80)` is the outer Galaxy).
    public init(_ name: String, halfWidthDegrees: Double = 5, longitudes: (from: Double, to: Double)? = nil,
                spectralIndex: Double = 2.7, nside: Int = 64) {
        spec = StepSpec(name, Parameters(halfWidthDegrees: halfWidthDegrees, longitudeRange: longitudes.map { [$0.from, $0.to] },
                                         spectralIndex: spectralIndex, nside: nside))
    }
}

struct PlaneBandTemplateKind: StepKind {
    typealias Parameters = PlaneBandTemplate.Parameters
    static let version = 1
    static let codeModules = ["FolioGalaxy", "FolioSky"]
    static func resultNames(_ p: Parameters) -> Set<String> {
        Set(["solidAngle", "halfWidth"]).union(p.longitudeRange == nil ? [] : ["longitudeFrom", "longitudeTo"])
    }

    static func validate(_ p: Parameters, inputs: [String: InputRef]) -> [String] {
        var problems: [String] = []
        if !(p.halfWidthDegrees > 0 && p.halfWidthDegrees <= 90) { problems.append("parameter 'halfWidthDegrees' must lie in (0, 90], found \(p.halfWidthDegrees)") }
        if let r = p.longitudeRange, r.count != 2 || r[0] == r[1] || r.contains(where: { !(-180...180).contains($0) }) {
            problems.append("parameter 'longitudeRange' must be [from, to], two different longitudes within [-180, 180]")
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
            let inside = r[0] < r[1] ? (r[0]...r[1]).contains(l) : (l >= r[0] || l <= r[1])
            return inside ? 1 : 0
        }
        let total = raw.reduce(0, +) * hp.pixelArea
        guard total > 0 else { throw SpecProblem("step '\(context.stepName)'", "the band contains no pixel centre at nside \(p.nside)") }
        let map = try HEALPixMap(nside: p.nside, frame: .equatorial, values: raw.map { $0 / total }, unit: "sr^-1")
        let energies = stride(from: 2.0, through: 8.0, by: 0.5).map { pow(10, $0) }
        let spectrum = SpectralModel.uniform(index: p.spectralIndex)
        try FileManager.default.createDirectory(at: context.outputDirectory, withIntermediateDirectories: true)
        try map.write(to: context.outputDirectory.appendingPathComponent("template.fits"), column: "TEMPLATE")
        let longitudes = p.longitudeRange.map { ", l from \($0[0])° to \($0[1])°" } ?? ""
        try context.writeJSON(TemplateDescription(source: "uniform band |b| < \(p.halfWidthDegrees)°\(longitudes)", referenceEnergyGeV: 1e5, energiesGeV: energies,
                                                  spectrum: energies.map { spectrum.factor(energyGeV: $0, referenceGeV: 1e5, R: 8.5) },
                                                  spectralModel: spectrum), to: "template.json")
        context.record("solidAngle", ResultValue(total, unit: .steradian))
        context.record("halfWidth", ResultValue(p.halfWidthDegrees, unit: .degrees))
        if let r = p.longitudeRange {
            // As astronomers write it: 0…360 with the start below the end (l = −80° is 280°).
            context.record("longitudeFrom", ResultValue(r[0] < 0 ? r[0] + 360 : r[0], unit: .degrees))
            context.record("longitudeTo", ResultValue(r[1] < 0 ? r[1] + 360 : r[1], unit: .degrees))
        }
    }
}

import Foundation

/// A season (detector configuration / data-taking year) of the IceCube 10-year point-source
/// release (IceTracks-DR1, 2008-2018). IC86_III..IC86_VII reuse IC86_II's instrument response
/// files, as the release readme prescribes.
public enum Season: String, CaseIterable, Sendable, Codable, Comparable {
    case ic40 = "IC40", ic59 = "IC59", ic79 = "IC79"
    case ic86I = "IC86_I", ic86II = "IC86_II", ic86III = "IC86_III", ic86IV = "IC86_IV"
    case ic86V = "IC86_V", ic86VI = "IC86_VI", ic86VII = "IC86_VII"

    /// The season whose effective area and smearing files this season uses.
    public var responseSeason: Season {
        switch self {
        case .ic86III, .ic86IV, .ic86V, .ic86VI, .ic86VII: return .ic86II
        default: return self
        }
    }

    public static func < (a: Season, b: Season) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Relative paths inside the release folder `icecube_10year_ps/`.
    public var eventsPath: String { "events/\(rawValue)_exp.csv" }
    public var uptimePath: String { "uptime/\(rawValue)_exp.csv" }
    public var effectiveAreaPath: String { "irfs/\(responseSeason.rawValue)_effectiveArea.csv" }
    public var smearingPath: String { "irfs/\(responseSeason.rawValue)_smearing.csv" }

    /// The binnings SkyLLH's public-data analysis uses for this season's background PDFs (taken
    /// over from IceCube's original point-source analysis): sin(Dec) edges and log10(E/GeV) edges.
    public var sinDecBinEdges: [Double] {
        func lin(_ a: Double, _ b: Double, _ n: Int) -> [Double] { (0...n).map { a + (b - a) * Double($0) / Double(n) } }
        func unique(_ parts: [[Double]]) -> [Double] {
            var out: [Double] = []
            for v in parts.flatMap({ $0 }).sorted() where out.last.map({ abs($0 - v) > 1e-12 }) ?? true { out.append(v) }
            return out
        }
        switch responseSeason {
        case .ic40: return unique([lin(-1, -0.25, 10), lin(-0.25, 0, 10), lin(0, 1, 10)])
        case .ic59: return unique([lin(-1, -0.95, 2), lin(-0.95, -0.25, 25), lin(-0.25, 0.05, 15), lin(0.05, 1, 10)])
        case .ic79: return lin(-1, 1, 49)
        case .ic86I:
            let b = sin(-5.0 * .pi / 180)
            return unique([lin(-1, -0.2, 10), lin(-0.2, b, 4), lin(b, 0.2, 5), lin(0.2, 1, 9)])
        default: return unique([lin(-1, -0.93, 4), lin(-0.93, -0.3, 10), lin(-0.3, 0.05, 9), lin(0.05, 1, 18)])
        }
    }

    public var log10EnergyBinEdges: [Double] {
        let start: Double
        switch responseSeason {
        case .ic40, .ic59, .ic79: start = 2.0
        case .ic86I: start = 1.0
        default: start = 0.5
        }
        let stop = responseSeason == .ic86I ? 10.5 : 9.5
        let n = Int(((stop - start) / 0.125).rounded())
        return (0...n).map { start + 0.125 * Double($0) }
    }
}

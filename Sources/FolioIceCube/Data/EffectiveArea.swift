import Foundation

/// A season's muon-neutrino effective area (`irfs/<season>_effectiveArea.csv`), averaged over
/// bins of true neutrino energy log10(E_nu/GeV) and true declination Dec_nu (deg).
public struct EffectiveArea: Sendable {
    /// Bin edges in log10(E_nu/GeV), ascending.
    public let log10EnergyEdges: [Double]
    /// Bin edges in true declination (degrees), ascending.
    public let decEdgesDegrees: [Double]
    /// A_eff in cm^2, indexed [decBin][energyBin].
    public let area: [[Double]]

    public var energyBinCount: Int { log10EnergyEdges.count - 1 }
    public var decBinCount: Int { decEdgesDegrees.count - 1 }

    /// Reads staged (`logEmin_nu logEmax_nu decmin decmax Aeff`) or official
    /// (`log10(E_nu/GeV)_min ... A_Eff[cm^2]`) headers; the rows must fill a complete grid.
    public static func read(_ url: URL) throws -> EffectiveArea {
        let t = try WhitespaceTable(contentsOf: url, columns: [
            .init("log10(E_nu/GeV)_min", "logEmin_nu"), .init("log10(E_nu/GeV)_max", "logEmax_nu"),
            .init("Dec_nu_min[deg]", "decmin"), .init("Dec_nu_max[deg]", "decmax"), .init("A_Eff[cm^2]", "Aeff"),
        ])
        try t.requireRange(column: 2, name: "Dec_nu_min[deg]", -90, 90)
        try t.requireRange(column: 3, name: "Dec_nu_max[deg]", -90, 90)
        try t.requireRange(column: 4, name: "A_Eff[cm^2]", 0, .greatestFiniteMagnitude)
        let eEdges = Array(Set(t.columns[0] + t.columns[1])).sorted()
        let dEdges = Array(Set(t.columns[2] + t.columns[3])).sorted()
        var area = [[Double]](repeating: [Double](repeating: .nan, count: eEdges.count - 1), count: dEdges.count - 1)
        for r in 0..<t.rowCount {
            guard let i = eEdges.firstIndex(of: t.columns[0][r]), eEdges[i + 1] == t.columns[1][r],
                  let j = dEdges.firstIndex(of: t.columns[2][r]), dEdges[j + 1] == t.columns[3][r] else {
                throw DataFileError(file: t.file, line: t.lineNumbers[r], "bin does not match the table's grid of edges")
            }
            area[j][i] = t.columns[4][r]
        }
        if area.contains(where: { $0.contains(where: \.isNaN) }) {
            throw DataFileError(file: t.file, "the rows do not cover the full (E_nu, Dec_nu) grid")
        }
        return EffectiveArea(log10EnergyEdges: eEdges, decEdgesDegrees: dEdges, area: area)
    }

    public init(log10EnergyEdges: [Double], decEdgesDegrees: [Double], area: [[Double]]) {
        self.log10EnergyEdges = log10EnergyEdges; self.decEdgesDegrees = decEdgesDegrees; self.area = area
    }

    /// Index of the declination bin holding `decDegrees` (lower edge inclusive; the top edge
    /// belongs to the last bin).
    public func decBin(degrees: Double) -> Int {
        var j = 0
        while j + 1 < decEdgesDegrees.count - 1 && decEdgesDegrees[j + 1] <= decDegrees(degrees) { j += 1 }
        return j
    }
    @inline(__always) private func decDegrees(_ d: Double) -> Double { d }

    /// Expected number of signal events for a power-law flux
    /// dN/dE = phi0 (E / e0)^-gamma [GeV^-1 cm^-2 s^-1] from declination `decDegrees`, over a
    /// livetime in seconds: sum over energy bins of A_eff x integral of the flux over the bin.
    public func expectedEvents(phi0: Double, gamma: Double, e0: Double = 1000, decDegrees: Double,
                               livetimeSeconds: Double) -> Double {
        let row = area[decBin(degrees: decDegrees)]
        var total = 0.0
        for i in 0..<energyBinCount where row[i] > 0 {
            let lo = pow(10, log10EnergyEdges[i]), hi = pow(10, log10EnergyEdges[i + 1])
            total += row[i] * PowerLaw.integral(gamma: gamma, e0: e0, from: lo, to: hi)
        }
        return phi0 * total * livetimeSeconds
    }
}

/// The unit-normalised power law (E/e0)^-gamma and its integrals (E in GeV).
public enum PowerLaw {
    /// Integral of (E/e0)^-gamma over [a, b] (GeV), exact including gamma = 1.
    @inlinable
    public static func integral(gamma: Double, e0: Double, from a: Double, to b: Double) -> Double {
        if abs(gamma - 1) < 1e-12 { return e0 * log(b / a) }
        let g1 = 1 - gamma
        return e0 / g1 * (pow(b / e0, g1) - pow(a / e0, g1))
    }
}

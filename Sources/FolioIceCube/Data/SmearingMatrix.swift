import Foundation

/// A season's smearing matrix (`irfs/<season>_smearing.csv`, official 5-D format): for each
/// (true log10 E_nu, true Dec_nu) bin, the fraction of simulated events in bins of reconstructed
/// log10(E/GeV), PSF angle psi (deg) and AngErr (deg). Inner bin edges vary per outer bin.
///
/// Arrays are flat, index order [trueE][trueDec][reco][psi][angErr] as in the file.
public struct SmearingMatrix: Sendable {
    public let trueLog10EnergyEdges: [Double]
    public let trueDecEdgesDegrees: [Double]
    public let recoCount: Int, psiCount: Int, angErrCount: Int
    /// [trueE][trueDec][reco]: reconstructed log10(E/GeV) bin edges.
    public let recoLower: [Double], recoUpper: [Double]
    /// [trueE][trueDec][reco][psi]: psi bin edges in degrees.
    public let psiLower: [Double], psiUpper: [Double]
    /// [trueE][trueDec][reco][psi][angErr]: AngErr bin edges in degrees.
    public let angErrLower: [Double], angErrUpper: [Double]
    /// Fractional counts, [trueE][trueDec][reco][psi][angErr]; sums to 1 per outer bin.
    public let fraction: [Double]

    public var trueEnergyBinCount: Int { trueLog10EnergyEdges.count - 1 }
    public var trueDecBinCount: Int { trueDecEdgesDegrees.count - 1 }

    @inline(__always) public func outerIndex(_ e: Int, _ d: Int) -> Int { e * trueDecBinCount + d }
    @inline(__always) public func recoIndex(_ e: Int, _ d: Int, _ r: Int) -> Int { outerIndex(e, d) * recoCount + r }
    @inline(__always) public func psiIndex(_ e: Int, _ d: Int, _ r: Int, _ p: Int) -> Int { recoIndex(e, d, r) * psiCount + p }
    @inline(__always) public func cellIndex(_ e: Int, _ d: Int, _ r: Int, _ p: Int, _ a: Int) -> Int {
        psiIndex(e, d, r, p) * angErrCount + a
    }

    /// The true-declination bin holding `decDegrees` (numpy.digitize - 1 convention).
    public func trueDecBin(degrees: Double) -> Int {
        var j = 0
        while j + 1 < trueDecEdgesDegrees.count - 1 && trueDecEdgesDegrees[j + 1] <= degrees { j += 1 }
        return j
    }

    public static func read(_ url: URL) throws -> SmearingMatrix {
        let t = try WhitespaceTable(contentsOf: url, columns: [
            .init("log10(E_nu/GeV)_min"), .init("log10(E_nu/GeV)_max"), .init("Dec_nu_min[deg]"), .init("Dec_nu_max[deg]"),
            .init("log10(E/GeV)_min"), .init("log10(E/GeV)_max"), .init("PSF_min[deg]"), .init("PSF_max[deg]"),
            .init("AngErr_min[deg]"), .init("AngErr_max[deg]"), .init("Fractional_Counts"),
        ])
        try t.requireRange(column: 2, name: "Dec_nu_min[deg]", -90, 90)
        try t.requireRange(column: 3, name: "Dec_nu_max[deg]", -90, 90)
        try t.requireRange(column: 10, name: "Fractional_Counts", 0, 1)
        let c = t.columns
        let eEdges = Array(Set(c[0] + c[1])).sorted(), dEdges = Array(Set(c[2] + c[3])).sorted()
        /// Number of inner bins: distinct increasing lower edges of non-empty bins in the leading run.
        func innerCount(_ lower: [Double], _ upper: [Double]) -> Int {
            var n = 0, last: Double? = nil
            for i in lower.indices where upper[i] - lower[i] > 0 {
                if let l = last, lower[i] < l { break }
                if last == nil || lower[i] > last! { last = lower[i]; n += 1 }
            }
            return n
        }
        let nE = eEdges.count - 1, nD = dEdges.count - 1
        let nR = innerCount(c[4], c[5]), nP = innerCount(c[6], c[7]), nA = innerCount(c[8], c[9])
        guard nE * nD * nR * nP * nA == t.rowCount else {
            throw DataFileError(file: t.file, "\(t.rowCount) rows do not fill a \(nE)x\(nD)x\(nR)x\(nP)x\(nA) grid")
        }
        let perReco = nP * nA
        return SmearingMatrix(
            trueLog10EnergyEdges: eEdges, trueDecEdgesDegrees: dEdges, recoCount: nR, psiCount: nP, angErrCount: nA,
            recoLower: stride(from: 0, to: t.rowCount, by: perReco).map { c[4][$0] },
            recoUpper: stride(from: 0, to: t.rowCount, by: perReco).map { c[5][$0] },
            psiLower: stride(from: 0, to: t.rowCount, by: nA).map { c[6][$0] },
            psiUpper: stride(from: 0, to: t.rowCount, by: nA).map { c[7][$0] },
            angErrLower: c[8], angErrUpper: c[9], fraction: c[10])
    }
}

import FolioStatistics
import Foundation

/// What a template trial with injected events needs to evaluate its data events' background densities
/// again, found once per season.
///
/// Such a trial rebuilds the background PDFs from the data's counts plus its injected events' (the
/// trial's signal is in its background, as the real signal is in the data's), so every data event's
/// spatial density (the sin Dec spline changes with the total) and, in the sin Dec rows the injected
/// events change, its energy density are evaluated anew: each a spline at the event's own coordinate.
/// Only the splines' coefficients change, never their knots (the bin centres), so each event's span
/// and basis values are found here once; a trial then takes 4 products and a `pow` (energy) and 3
/// products and an `exp` (space) per event: the same arithmetic as evaluating the splines, so the same
/// densities bit for bit.
struct InjectedTrialTables: Sendable {
    /// Per event: its sin Dec row of the energy PDF, or −1 where the energy density is 0 whatever the
    /// counts (outside the binning in sin Dec or log10 E): there the data's energy ratio holds.
    let energyRow: [Int32]
    /// Per event: span and the 4 basis values (flattened) of the energy rows' cubic splines at log10 E.
    let energySpan: [Int32], energyBasis: [Double]
    /// Per event: span and the 3 basis values (flattened) of the spatial PDF's quadratic spline at sin Dec.
    let spatialSpan: [Int32], spatialBasis: [Double]

    init(log10Energy: [Double], sinDec: [Double], energy: BackgroundEnergyPDF, spatial: BackgroundSpatialPDF) {
        let x0 = energy.xEdges[0], x1 = energy.xEdges[energy.xEdges.count - 1]
        energyRow = zip(log10Energy, sinDec).map { x, y in
            guard x >= x0 && x <= x1, let j = Histogram.bin(y, energy.yEdges) else { return -1 }
            return Int32(j)
        }
        (energySpan, energyBasis) = Self.bases(log10Energy, energy.rowFit.collocation)
        (spatialSpan, spatialBasis) = Self.bases(sinDec, spatial.collocation)
    }

    /// Each value's span and basis in the splines of collocation `c` (degree + 1 values each, flattened).
    static func bases(_ u: [Double], _ c: InterpolatingSpline.Collocation) -> ([Int32], [Double]) {
        let k = c.degree
        var spans: [Int32] = [], basis: [Double] = []
        spans.reserveCapacity(u.count); basis.reserveCapacity(u.count * (k + 1))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * (k + 1)) { buffer in
            for v in u { spans.append(Int32(c.basis(at: v, into: buffer))); basis.append(contentsOf: buffer[0...k]) }
        }
        return (spans, basis)
    }
}

extension TemplateAnalysis {
    /// X_i of the data events of season model `m` in a trial with injected events (signal-subtracted form):
    /// (S_i − S~_i) (S_E,i / D_E,i) / D_spatial,i / N with D from the trial's PDFs `energy` and `spatial`,
    /// where rows `changed` of `energy` differ from the data's; elsewhere the data's energy ratio holds.
    /// `s` holds S_i on entry, X_i on return.
    func injectedTrialTerms(_ m: Model, energy: BackgroundEnergyPDF, spatial: BackgroundSpatialPDF, changed: [Bool],
                            total: Double, s: UnsafeMutableBufferPointer<Double>) {
        let t = m.injectedTables
        let ke = energy.rowFit.collocation.degree + 1, ks = spatial.collocation.degree + 1
        t.energyRow.withUnsafeBufferPointer { row in
        t.energySpan.withUnsafeBufferPointer { energySpan in
        t.energyBasis.withUnsafeBufferPointer { energyBasis in
        t.spatialSpan.withUnsafeBufferPointer { spatialSpan in
        t.spatialBasis.withUnsafeBufferPointer { spatialBasis in
        m.signalEnergyDensity.withUnsafeBufferPointer { signalEnergy in
        m.dataEnergyRatio.withUnsafeBufferPointer { dataRatio in
        m.scrambledSignal.withUnsafeBufferPointer { tilde in
            for i in 0..<m.totalEvents {
                let r = Int(row[i])
                let e = r >= 0 && changed[r]
                    ? Self.energyRatio(signalEnergy: signalEnergy[i],
                                       density: energy.density(row: r, span: Int(energySpan[i]), basis: energyBasis.baseAddress! + ke * i))
                    : dataRatio[i]
                let d = spatial.density(span: Int(spatialSpan[i]), basis: spatialBasis.baseAddress! + ks * i)
                s[i] = (s[i] - tilde[i]) * (e / d) / total
            }
        }}}}}}}}
    }
}

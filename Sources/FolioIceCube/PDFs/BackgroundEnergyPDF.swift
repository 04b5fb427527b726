import FolioStatistics
import Foundation

/// Background energy PDF p_B(log10 E | sin Dec) of one season from the data themselves (the
/// data are background dominated): a 2-D histogram in (log10 E, sin Dec), normalised to a density
/// in log10 E within each sin Dec bin, smoothed by a moving average along log10 E (3 bins by default, as SkyLLH), and
/// interpolated in log10 of the density by a cubic not-a-knot spline along log10 E (held constant
/// in sin Dec within a bin), renormalised by 128-point Gauss-Legendre quadrature. As in SkyLLH,
/// empty histogram bins get log10 density = (smallest non-empty value) - 3, so events there get
/// a small but non-zero background density. Outside the binning the density is 0.
public struct BackgroundEnergyPDF: Sendable {
    let xEdges: [Double], yEdges: [Double]
    let columns: [InterpolatingSpline]
    let norms: [Double]
    /// [sin Dec bin][log10 E bin] density of the unsmoothed histogram, for `.histogram`.
    let binDensity: [[Double]]?
    /// Smallest log10 density of a non-empty bin (empty bins get 3 less): with the counts of a sin Dec
    /// row, all that row's density depends on.
    let minPositive: Double
    /// [sin Dec bin] the values each row's spline interpolates (log10 density at the bin centres): equal
    /// values, the same spline and norm.
    let rowValues: [[Double]]
    let smoothing: Smoothing
    /// What every row's spline and norm share (the abscissae are the same bin centres).
    let rowFit: RowFit

    /// How the histogram is smoothed along log10 E before interpolation.
    public enum Smoothing: Sendable, Equatable {
        /// Moving average of the density over 2 h + 1 bins (h = 1: SkyLLH's BlockSmoothingFilter(nbins=1)).
        case linear(halfWidth: Int)
        /// Moving average of log density over 2 h + 1 non-empty bins: exact for a locally
        /// power-law spectrum, so it does not raise a steeply falling tail as `.linear` does.
        case logarithmic(halfWidth: Int)
        case none
        /// No smoothing and no interpolation: the density is the normalised histogram's value in
        /// the event's bin (piecewise constant). Every event's own bin is non-empty, so an event of
        /// the sample never gets the empty-bin value and the density never undershoots.
        case histogram
    }

    public init(events: EventSample, log10EnergyEdges xEdges: [Double], sinDecEdges yEdges: [Double],
                smoothing: Smoothing = .linear(halfWidth: 1)) {
        self.init(log10Energy: events.log10Energy, sinDec: events.sinDec, log10EnergyEdges: xEdges, sinDecEdges: yEdges,
                  smoothing: smoothing)
    }

    /// The PDF of events given as parallel arrays (e.g. a trial's data plus injected events).
    public init(log10Energy: [Double], sinDec: [Double], log10EnergyEdges xEdges: [Double], sinDecEdges yEdges: [Double],
                smoothing: Smoothing = .linear(halfWidth: 1)) {
        precondition(log10Energy.count == sinDec.count)
        var h = Self.emptyCounts(log10EnergyEdges: xEdges, sinDecEdges: yEdges)
        Self.count(log10Energy: log10Energy, sinDec: sinDec, log10EnergyEdges: xEdges, sinDecEdges: yEdges, into: &h)
        self.init(counts: h, log10EnergyEdges: xEdges, sinDecEdges: yEdges, smoothing: smoothing)
    }

    /// [sin Dec bin][log10 E bin] zero counts.
    static func emptyCounts(log10EnergyEdges xEdges: [Double], sinDecEdges yEdges: [Double]) -> [[Double]] {
        [[Double]](repeating: [Double](repeating: 0, count: xEdges.count - 1), count: yEdges.count - 1)
    }

    /// Adds the events to histogram counts `h` ([sin Dec bin][log10 E bin]); events outside are skipped.
    static func count(log10Energy: [Double], sinDec: [Double], log10EnergyEdges xEdges: [Double], sinDecEdges yEdges: [Double],
                      into h: inout [[Double]]) {
        for i in log10Energy.indices {
            guard let ix = Histogram.bin(log10Energy[i], xEdges), let iy = Histogram.bin(sinDec[i], yEdges) else { continue }
            h[iy][ix] += 1
        }
    }

    /// The PDF of histogram counts (whole numbers, so counts added in any order give the same PDF: a
    /// trial adds its injected events to the data's counts instead of binning every event again).
    init(counts h: [[Double]], log10EnergyEdges xEdges: [Double], sinDecEdges yEdges: [Double], smoothing: Smoothing) {
        self.init(counts: h, log10EnergyEdges: xEdges, sinDecEdges: yEdges, smoothing: smoothing,
                  rowFit: RowFit(log10EnergyEdges: xEdges), base: nil)
    }

    /// The PDF of the counts `h` on `base`'s binning and smoothing (a trial's: the data's counts plus its
    /// injected events'): rows whose spline values equal the base's reuse its spline and norm, the others are
    /// fitted on the base's factored collocation. The same PDF as `init(counts:...)`, bit for bit.
    init(counts h: [[Double]], reusing base: BackgroundEnergyPDF) {
        self.init(counts: h, log10EnergyEdges: base.xEdges, sinDecEdges: base.yEdges, smoothing: base.smoothing,
                  rowFit: base.rowFit, base: base)
    }

    private init(counts h: [[Double]], log10EnergyEdges xEdges: [Double], sinDecEdges yEdges: [Double], smoothing: Smoothing,
                 rowFit: RowFit, base: BackgroundEnergyPDF?) {
        self.xEdges = xEdges; self.yEdges = yEdges; self.smoothing = smoothing; self.rowFit = rowFit
        let nx = xEdges.count - 1, ny = yEdges.count - 1
        var logDensity = h
        var minPositive = Double.infinity
        for j in 0..<ny {
            let total = h[j].reduce(0, +)
            var dens = (0..<nx).map { h[j][$0] / (total * (xEdges[$0 + 1] - xEdges[$0])) }
            let raw = dens
            switch smoothing {
            case .none, .histogram: break
            case .linear(let h):  // block average; edge bins average what exists
                dens = (0..<nx).map { i in
                    let lo = max(0, i - h), hi = min(nx - 1, i + h)
                    return (lo...hi).reduce(0) { $0 + raw[$1] } / Double(hi - lo + 1)
                }
            case .logarithmic(let h):
                dens = (0..<nx).map { i in
                    guard raw[i] > 0 else { return raw[i] }
                    let used = (max(0, i - h)...min(nx - 1, i + h)).filter { raw[$0] > 0 }
                    return exp(used.reduce(0) { $0 + log(raw[$1]) } / Double(used.count))
                }
            }
            for i in 0..<nx where dens[i] > 0 { minPositive = min(minPositive, log10(dens[i])) }
            logDensity[j] = dens
        }
        var splines: [InterpolatingSpline] = [], norms: [Double] = [], values: [[Double]] = []
        for j in 0..<ny {
            let z = logDensity[j].map { $0 > 0 ? log10($0) : minPositive - 3 }
            values.append(z)
            if let base, base.rowValues[j] == z {
                splines.append(base.columns[j]); norms.append(base.norms[j])
            } else {
                let s = rowFit.collocation.spline(y: z)
                splines.append(s); norms.append(rowFit.norm(s))
            }
        }
        columns = splines; self.norms = norms; rowValues = values
        binDensity = smoothing == .histogram ? logDensity : nil
        self.minPositive = minPositive
    }

    /// The spline machinery every row shares: the collocation through the log10 E bin centres (clamped
    /// outside, as `bispev`), and each row's norm, ∫ 10^spline over the binning by 128-point Gauss-Legendre,
    /// with the splines' basis at the quadrature's abscissae found once.
    struct RowFit: Sendable {
        static let quadrature = GaussLegendre(order: 128)
        let collocation: InterpolatingSpline.Collocation
        let lower: Double, upper: Double
        /// Per abscissa of the norm's quadrature: the span and the 4 basis values (flattened).
        let nodeSpans: [Int], nodeBasis: [Double]

        init(log10EnergyEdges xEdges: [Double]) {
            let nx = xEdges.count - 1
            let xc = (0..<nx).map { 0.5 * (xEdges[$0] + xEdges[$0 + 1]) }
            let collocation = InterpolatingSpline.Collocation(x: xc, degree: 3, outside: .clamp)
            self.collocation = collocation
            lower = xEdges[0]; upper = xEdges[nx]
            let k = collocation.degree, abscissae = Self.quadrature.abscissae(lower, upper)
            var spans: [Int] = [], basis: [Double] = []
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * (k + 1)) { buffer in
                for u in abscissae {
                    spans.append(collocation.basis(at: u, into: buffer)); basis.append(contentsOf: buffer[0...k])
                }
            }
            nodeSpans = spans; nodeBasis = basis
        }

        /// ∫ 10^s(x) dx over the binning (what `GaussLegendre.integrate` gives with `s(x)` at each abscissa).
        func norm(_ s: InterpolatingSpline) -> Double {
            let k = collocation.degree
            return nodeBasis.withUnsafeBufferPointer { basis in
                Self.quadrature.integrate(lower, upper, valueAt: { i in pow(10, s.value(span: nodeSpans[i], basis: basis.baseAddress! + i * (k + 1))) })
            }
        }
    }

    /// Density per unit log10 E at (log10 E, sin Dec); 0 outside the binning.
    public func density(log10Energy x: Double, sinDec y: Double) -> Double {
        guard x >= xEdges[0] && x <= xEdges[xEdges.count - 1], let j = Histogram.bin(y, yEdges) else { return 0 }
        if let binDensity { return binDensity[j][Histogram.bin(x, xEdges)!] }
        return pow(10, columns[j](x)) / norms[j]
    }

    /// `density(log10Energy:sinDec:)` of an event inside the binning, in sin Dec row `row`, from its basis
    /// in the rows' splines (`rowFit.collocation.basis(at: log10 E, ...)`); not for `.histogram`.
    @inline(__always)
    func density(row: Int, span: Int, basis: UnsafePointer<Double>) -> Double {
        pow(10, columns[row].value(span: span, basis: basis)) / norms[row]
    }
}

/// Histogram bin lookup with numpy.histogram's convention (last bin includes its upper edge).
enum Histogram {
    @inline(__always)
    static func bin(_ v: Double, _ edges: [Double]) -> Int? {
        let n = edges.count - 1
        guard v >= edges[0] && v <= edges[n] else { return nil }
        if v == edges[n] { return n - 1 }
        var lo = 0, hi = n
        while hi - lo > 1 { let mid = (lo + hi) >> 1; if edges[mid] <= v { lo = mid } else { hi = mid } }
        return lo
    }
}

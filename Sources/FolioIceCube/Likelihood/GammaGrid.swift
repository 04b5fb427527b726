/// The grid of spectral indices on which energy PDF ratios are tabulated: 0.9 ... 4.1 in steps of
/// 0.1 (the fit range [1, 4] plus one extra point on each side), with SkyLLH's parabolic
/// interpolation between grid points: around the grid point x1 nearest to gamma, the ratio is the
/// parabola through (x1 - 0.1, x1, x1 + 0.1).
public enum GammaGrid {
    public static let lower = 0.9, step = 0.1, count = 33
    public static var values: [Double] { (0..<count).map { lower + step * Double($0) } }

    /// Index of the grid point nearest to gamma (ties to even, as numpy.around), kept one point away
    /// from both ends so the parabola's neighbours exist.
    @inline(__always)
    public static func nearestIndex(_ gamma: Double) -> Int {
        let k = Int(((gamma - lower) / step).rounded(.toNearestOrEven))
        return min(max(k, 1), count - 2)
    }

    /// Where gamma falls on the grid: the nearest grid index and gamma's offset from that grid
    /// point. Computed once to interpolate many rows at the same gamma.
    public struct Position: Sendable {
        public let index: Int
        public let offset: Double
        @inline(__always)
        public init(_ gamma: Double) {
            index = GammaGrid.nearestIndex(gamma)
            offset = gamma - (GammaGrid.lower + GammaGrid.step * Double(index))
        }
    }

    /// Parabolic interpolation of a row of `count` tabulated values at gamma: value and d/dgamma.
    @inline(__always)
    public static func interpolate(_ row: UnsafePointer<Double>, gamma: Double) -> (value: Double, derivative: Double) {
        let p = Position(gamma)
        let (a, b, m1) = parabola(row, p.index)
        let t = p.offset
        return (a * t * t + b * t + m1, 2 * a * t + b)
    }

    /// The interpolated value alone (the same expression as `interpolate`'s value).
    @inline(__always)
    public static func value(_ row: UnsafePointer<Double>, at p: Position) -> Double {
        let (a, b, m1) = parabola(row, p.index)
        let t = p.offset
        return a * t * t + b * t + m1
    }

    /// Coefficients of the parabola a t^2 + b t + m1 through the grid points k - 1, k, k + 1.
    @inline(__always)
    static func parabola(_ row: UnsafePointer<Double>, _ k: Int) -> (a: Double, b: Double, m1: Double) {
        let m0 = row[k - 1], m1 = row[k], m2 = row[k + 1]
        return (0.5 * (m0 - 2 * m1 + m2) / (step * step), 0.5 * (m2 - m0) / step, m1)
    }
}

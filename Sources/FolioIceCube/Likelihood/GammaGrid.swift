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

    /// Parabolic interpolation of a row of `count` tabulated values at gamma: value and d/dgamma.
    @inline(__always)
    public static func interpolate(_ row: UnsafePointer<Double>, gamma: Double) -> (value: Double, derivative: Double) {
        let k = nearestIndex(gamma)
        let m0 = row[k - 1], m1 = row[k], m2 = row[k + 1]
        let a = 0.5 * (m0 - 2 * m1 + m2) / (step * step), b = 0.5 * (m2 - m0) / step
        let t = gamma - (lower + step * Double(k))
        return (a * t * t + b * t + m1, 2 * a * t + b)
    }
}

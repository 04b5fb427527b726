import FolioStatistics
import Foundation

/// A HEALPix (RING, equatorial J2000) template of the expected signal flux per steradian, and its
/// versions smoothed with the signal point-spread function on a grid of angular errors.
///
/// Smoothing: M_sigma(p) = sum_q T(q) K_sigma(psi_pq) / sum_q K_sigma(psi_pq), with K the spherical
/// Rayleigh kernel of `RayleighSignalSpatialPDF` cut at 5 sigma. Dividing by the kernel sum keeps
/// every map a weighted mean of T, exact where the kernel is narrower than a pixel. The per-event
/// value is the pixel's value interpolated linearly in sigma between the two nearest grid maps.
public struct SkyTemplate: Sendable {
    let grid: HealpixGrid
    /// Template values per pixel (any positive units; normalised by the analysis).
    public let values: [Double]
    public var nside: Int { grid.nside }
    /// Memoised per-band smoothing sums, shared by copies (see `BandSmoothingCache`).
    let bandCache: BandSmoothingCache?

    public init(nside: Int, values: [Double]) {
        grid = HealpixGrid(nside: nside)
        precondition(values.count == grid.pixelCount, "a template for nside \(nside) needs \(grid.pixelCount) values")
        precondition(values.allSatisfy { $0 >= 0 && $0.isFinite }, "template values must be finite and >= 0")
        self.values = values
        bandCache = nil
    }

    private init(grid: HealpixGrid, values: [Double], bandCache: BandSmoothingCache?) {
        self.grid = grid; self.values = values; self.bandCache = bandCache
    }

    /// The same template with smoothing memoised for densities that are the template times a
    /// weight constant on declination bands (`BandSmoothingCache`): analyses of this template that
    /// differ only in such a weight (e.g. the acceptance at another spectral index) then share the
    /// expensive kernel sums. Use the effective area's declination bin edges.
    public func cachingSmoothing(bandEdgesDegrees: [Double]) -> SkyTemplate {
        SkyTemplate(grid: grid, values: values, bandCache: BandSmoothingCache(bandEdgesDegrees: bandEdgesDegrees))
    }

    /// A template from a function of (ra, dec) in radians evaluated at pixel centres.
    public init(nside: Int, _ f: (Double, Double) -> Double) {
        let g = HealpixGrid(nside: nside)
        self.init(nside: nside, values: (0..<g.pixelCount).map { f(g.ra[$0], g.dec[$0]) })
    }

    /// `values` weighted per pixel by `weight(dec)` and normalised to a density: sum x area = 1.
    func normalised(weight: (Double) -> Double) -> [Double] {
        let w = values.indices.map { values[$0] * weight(grid.dec[$0]) }
        let total = w.reduce(0, +) * grid.pixelArea
        precondition(total > 0, "the template has no weight where the detector sees")
        return w.map { $0 / total }
    }

    /// Smoothed copies of `density` for each sigma (radians) in `sigmas`.
    func smoothed(_ density: [Double], sigmas: [Double]) -> [[Double]] {
        if let bandCache, let maps = bandCache.smoothed(density, sigmas: sigmas, template: self) { return maps }
        let n = grid.pixelCount
        let x = (0..<n).map { cos(grid.dec[$0]) * cos(grid.ra[$0]) }
        let y = (0..<n).map { cos(grid.dec[$0]) * sin(grid.ra[$0]) }
        let z = (0..<n).map { sin(grid.dec[$0]) }
        return sigmas.map { sigma in
            let cut = min(5 * sigma, Double.pi), cosCut = cos(cut)
            var out = [Double](repeating: 0, count: n)
            for p in 0..<n {
                let range = grid.pixelRange(decFrom: grid.dec[p] - cut, to: grid.dec[p] + cut)
                var num = 0.0, den = 0.0
                for q in range {
                    let c = x[p] * x[q] + y[p] * y[q] + z[p] * z[q]
                    guard c >= cosCut else { continue }
                    let psi = q == p ? 0 : acos(min(1, c))
                    // Kernel per unit solid angle; at psi = 0 its limit 1 / (2 pi sigma^2).
                    let k = psi < 1e-12 ? 1 / (2 * .pi * sigma * sigma) : RayleighSignalSpatialPDF.density(psi: psi, sigma: sigma)
                    num += density[q] * k; den += k
                }
                out[p] = den > 0 ? num / den : density[p]
            }
            return out
        }
    }
}

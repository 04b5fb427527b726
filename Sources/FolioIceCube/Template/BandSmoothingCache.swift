import Foundation

/// Memoised smoothing for densities of the form D(q) = T(q) · w(band(q)): a template times a weight
/// that is constant on declination bands, which is what `TemplateAnalysis` smooths (the template
/// times the detector acceptance, piecewise constant on the effective area's declination bins).
///
/// Smoothing is linear, so with per-band kernel sums N_b(p) = Σ_{q ∈ b} T(q) K_σ(ψ_pq) and
/// K(p) = Σ_q K_σ(ψ_pq), the smoothed density is M(p) = Σ_b w_b N_b(p) / K(p) for any weights. The
/// sums are computed once per σ grid (the cost of one smoothing); every further density with other
/// band weights (another spectral index γ) costs one weighted sum per pixel. Equal to the direct
/// smoothing up to floating-point reassociation (~1e-15 relative). Densities not of this form fall
/// back to the direct computation. Thread-safe: the first caller computes, concurrent callers wait.
public final class BandSmoothingCache: @unchecked Sendable {
    // @unchecked: `stored` is only touched under `lock`.
    /// Declination band edges in radians, increasing.
    let edges: [Double]
    private let lock = NSLock()
    private var stored: (sigmas: [Double], maps: [BandSums])?

    /// Per σ: for pixel p, bands first[p] ..< first[p] + count[p] with sums at offset[p].
    struct BandSums {
        var first: [Int32], count: [Int32], offset: [Int], sums: [Double], kernel: [Double]
    }

    /// - Parameter bandEdgesDegrees: declination band edges (any order, duplicates ignored).
    public init(bandEdgesDegrees: [Double]) {
        edges = Array(Set(bandEdgesDegrees)).sorted().map { $0 * .pi / 180 }
    }

    /// The band of declination `dec` (radians), as `EffectiveArea.decBin`: the last edge ≤ dec,
    /// clamped to the first and last band.
    func band(_ dec: Double) -> Int {
        var j = 0
        while j + 1 < edges.count - 1 && edges[j + 1] <= dec { j += 1 }
        return j
    }

    /// w_b with D(q) = T(q) · w_b for every pixel (relative tolerance 1e-12), or nil.
    func bandWeights(of density: [Double], template: SkyTemplate) -> [Double]? {
        let bandCount = max(1, edges.count - 1)
        var w = [Double?](repeating: nil, count: bandCount)
        for q in density.indices {
            let t = template.values[q], d = density[q]
            if t == 0 { if d != 0 { return nil }; continue }
            let b = band(template.dec[q])
            if let wb = w[b] {
                if abs(d - t * wb) > 1e-12 * abs(d) { return nil }
            } else {
                w[b] = d / t
            }
        }
        return w.map { $0 ?? 0 }
    }

    /// M_σ(p) for every σ, or nil when `density` is not template × band weights.
    func smoothed(_ density: [Double], sigmas: [Double], template: SkyTemplate) -> [[Double]]? {
        guard edges.count >= 2, let w = bandWeights(of: density, template: template) else { return nil }
        let maps = sums(sigmas: sigmas, template: template)
        return maps.map { m in
            (0..<template.pixelCount).map { p in
                guard m.kernel[p] > 0 else { return density[p] }
                var s = 0.0
                let first = Int(m.first[p]), base = m.offset[p]
                for i in 0..<Int(m.count[p]) { s += w[first + i] * m.sums[base + i] }
                return s / m.kernel[p]
            }
        }
    }

    private func sums(sigmas: [Double], template: SkyTemplate) -> [BandSums] {
        lock.lock(); defer { lock.unlock() }
        if let stored, stored.sigmas == sigmas { return stored.maps }
        let maps = sigmas.map { Self.bandSums(sigma: $0, template: template, band: band) }
        stored = (sigmas, maps)
        return maps
    }

    /// The kernel loop of `SkyTemplate.smoothed`, accumulating T(q) K per band of q.
    private static func bandSums(sigma: Double, template: SkyTemplate, band: (Double) -> Int) -> BandSums {
        let grid = template, n = grid.pixelCount
        let x = (0..<n).map { cos(grid.dec[$0]) * cos(grid.ra[$0]) }
        let y = (0..<n).map { cos(grid.dec[$0]) * sin(grid.ra[$0]) }
        let z = (0..<n).map { sin(grid.dec[$0]) }
        let bandOf = (0..<n).map { band(grid.dec[$0]) }
        let cut = min(5 * sigma, Double.pi), cosCut = cos(cut)
        var out = BandSums(first: [], count: [], offset: [], sums: [], kernel: [])
        out.first.reserveCapacity(n); out.count.reserveCapacity(n); out.offset.reserveCapacity(n); out.kernel.reserveCapacity(n)
        var local: [Double] = []
        for p in 0..<n {
            let range = grid.pixelRange(decFrom: grid.dec[p] - cut, to: grid.dec[p] + cut)
            // RING order: dec decreases along the range, so bands run from bandOf[last] to bandOf[first].
            let lo = range.isEmpty ? 0 : min(bandOf[range.lowerBound], bandOf[range.upperBound - 1])
            let hi = range.isEmpty ? -1 : max(bandOf[range.lowerBound], bandOf[range.upperBound - 1])
            local = [Double](repeating: 0, count: max(0, hi - lo + 1))
            var den = 0.0
            for q in range {
                let c = x[p] * x[q] + y[p] * y[q] + z[p] * z[q]
                guard c >= cosCut else { continue }
                let k = SkyTemplate.kernel(cosine: c, samePixel: q == p, sigma: sigma)
                local[bandOf[q] - lo] += template.values[q] * k
                den += k
            }
            out.first.append(Int32(lo)); out.count.append(Int32(local.count)); out.offset.append(out.sums.count)
            out.sums += local
            out.kernel.append(den)
        }
        return out
    }
}

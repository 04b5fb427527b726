import Dispatch
import FolioSky
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
    /// The tessellation (FolioSky's chealpix wrapper).
    public let healpix: HEALPix
    /// Template values per pixel (any positive units; normalised by the analysis).
    public let values: [Double]
    /// Pixel-centre declination and right ascension (radians), RING order (declination falls
    /// with the index).
    let dec: [Double], ra: [Double]
    public var nside: Int { healpix.nside }
    var pixelCount: Int { healpix.pixelCount }
    /// Pixel solid angle, sr.
    var pixelArea: Double { healpix.pixelArea }
    /// Memoised per-band smoothing sums, shared by copies (see `BandSmoothingCache`).
    let bandCache: BandSmoothingCache?
    /// Per pixel, the index γ of the local power-law flux E^−γ when the spectrum varies across the sky
    /// (KRA-γ-like); `values` are then the flux at 1 TeV. nil: one spectrum everywhere, the analysis's γ.
    public let localIndex: [Double]?

    public init(nside: Int, values: [Double], localIndex: [Double]? = nil) {
        guard let hp = try? HEALPix(nside: nside) else { preconditionFailure("nside must be a power of 2, got \(nside)") }
        precondition(values.count == hp.pixelCount, "a template for nside \(nside) needs \(hp.pixelCount) values")
        precondition(values.allSatisfy { $0 >= 0 && $0.isFinite }, "template values must be finite and >= 0")
        if let localIndex {
            precondition(localIndex.count == hp.pixelCount, "a local-index map for nside \(nside) needs \(hp.pixelCount) values")
            precondition(localIndex.allSatisfy(\.isFinite), "local indices must be finite")
        }
        healpix = hp
        self.values = values
        self.localIndex = localIndex
        (dec, ra) = Self.pixelCentres(hp)
        bandCache = nil
    }

    private init(_ template: SkyTemplate, bandCache: BandSmoothingCache?) {
        healpix = template.healpix; values = template.values; dec = template.dec; ra = template.ra
        localIndex = template.localIndex
        self.bandCache = bandCache
    }

    /// The same template with smoothing memoised for densities that are the template times a
    /// weight constant on declination bands (`BandSmoothingCache`): analyses of this template that
    /// differ only in such a weight (e.g. the acceptance at another spectral index) then share the
    /// expensive kernel sums. Use the effective area's declination bin edges.
    public func cachingSmoothing(bandEdgesDegrees: [Double]) -> SkyTemplate {
        SkyTemplate(self, bandCache: BandSmoothingCache(bandEdgesDegrees: bandEdgesDegrees))
    }

    /// A template from a function of (ra, dec) in radians evaluated at pixel centres.
    public init(nside: Int, _ f: (Double, Double) -> Double) {
        guard let hp = try? HEALPix(nside: nside) else { preconditionFailure("nside must be a power of 2, got \(nside)") }
        let (dec, ra) = Self.pixelCentres(hp)
        self.init(nside: nside, values: (0..<hp.pixelCount).map { f(ra[$0], dec[$0]) })
    }

    static func pixelCentres(_ hp: HEALPix) -> (dec: [Double], ra: [Double]) {
        var dec = [Double](repeating: 0, count: hp.pixelCount), ra = dec
        for p in 0..<hp.pixelCount {
            let a = hp.angles(of: p)
            dec[p] = .pi / 2 - a.theta; ra[p] = a.phi
        }
        return (dec, ra)
    }

    /// RING pixel holding (ra, dec) in radians.
    @inline(__always)
    func pixel(ra: Double, dec: Double) -> Int {
        healpix.pixel(theta: min(.pi, max(0, .pi / 2 - dec)), phi: ra)
    }

    /// Index range of pixels whose centre declination lies in [lo, hi] (radians).
    func pixelRange(decFrom lo: Double, to hi: Double) -> Range<Int> {
        // dec is non-increasing in the RING index.
        var a = 0, b = pixelCount
        while a < b { let m = (a + b) / 2; if dec[m] > hi { a = m + 1 } else { b = m } }
        var c = a, d = pixelCount
        while c < d { let m = (c + d) / 2; if dec[m] >= lo { c = m + 1 } else { d = m } }
        return a..<c
    }

    /// `values` weighted per pixel by `weight(dec)` and normalised to a density: sum x area = 1.
    func normalised(weight: (Double) -> Double) -> [Double] {
        let w = values.indices.map { values[$0] * weight(dec[$0]) }
        let total = w.reduce(0, +) * pixelArea
        precondition(total > 0, "the template has no weight where the detector sees")
        return w.map { $0 / total }
    }

    /// The smoothing kernel K_σ per unit solid angle between two pixels whose centres have angle
    /// cosine `c` (the Rayleigh PSF; at ψ = 0 its limit 1 / (2π σ²)).
    @inline(__always)
    static func kernel(cosine c: Double, samePixel: Bool, sigma: Double) -> Double {
        let psi = samePixel ? 0 : acos(min(1, c))
        return psi < 1e-12 ? 1 / (2 * .pi * sigma * sigma) : RayleighSignalSpatialPDF.density(psi: psi, sigma: sigma)
    }

    /// Smoothed copies of `density` for each sigma (radians) in `sigmas`.
    func smoothed(_ density: [Double], sigmas: [Double]) -> [[Double]] {
        smoothed(bands: [density], sigmas: sigmas)[0]
    }

    /// Smoothed copies of each density in `bands` ([band][sigma][pixel]). The kernel K_σ(ψ_pq) of a
    /// pixel pair is computed once for all densities (an energy-dependent template has one density per
    /// energy band), and pixels are spread over the cores; each output value is the same sum in the
    /// same order as for one density alone, so the result does not depend on either.
    func smoothed(bands densities: [[Double]], sigmas: [Double]) -> [[[Double]]] {
        if let bandCache {
            let cached = densities.compactMap { bandCache.smoothed($0, sigmas: sigmas, template: self) }
            if cached.count == densities.count { return cached }
        }
        let n = pixelCount, bandCount = densities.count
        let x = (0..<n).map { cos(dec[$0]) * cos(ra[$0]) }
        let y = (0..<n).map { cos(dec[$0]) * sin(ra[$0]) }
        let z = (0..<n).map { sin(dec[$0]) }
        // Pixel-major copy: the densities of pixel q for every band side by side.
        var pixelMajor = [Double](repeating: 0, count: n * bandCount)
        for b in 0..<bandCount { for q in 0..<n { pixelMajor[q * bandCount + b] = densities[b][q] } }
        let byPixel = pixelMajor
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: bandCount * sigmas.count * n)
        defer { out.deallocate() }
        nonisolated(unsafe) let target = out   // every (band, sigma, pixel) slot is written by one block
        let blocks = min(n, 64)
        for (si, sigma) in sigmas.enumerated() {
            let cut = min(5 * sigma, Double.pi), cosCut = cos(cut)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                var num = [Double](repeating: 0, count: bandCount)
                for p in (block * n / blocks)..<((block + 1) * n / blocks) {
                    let range = pixelRange(decFrom: dec[p] - cut, to: dec[p] + cut)
                    for b in 0..<bandCount { num[b] = 0 }
                    var den = 0.0
                    for q in range {
                        let c = x[p] * x[q] + y[p] * y[q] + z[p] * z[q]
                        guard c >= cosCut else { continue }
                        let k = Self.kernel(cosine: c, samePixel: q == p, sigma: sigma)
                        for b in 0..<bandCount { num[b] += byPixel[q * bandCount + b] * k }
                        den += k
                    }
                    for b in 0..<bandCount {
                        target[(b * sigmas.count + si) * n + p] = den > 0 ? num[b] / den : byPixel[p * bandCount + b]
                    }
                }
            }
        }
        return (0..<bandCount).map { b in (0..<sigmas.count).map { si in Array(out[((b * sigmas.count + si) * n)..<((b * sigmas.count + si + 1) * n)]) } }
    }
}

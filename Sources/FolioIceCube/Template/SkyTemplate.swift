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

    /// `kernel(cosine:samePixel:sigma:)` split into what depends only on the pixel pair (ψ, and the
    /// Rayleigh density's factors 0.5 / (π sin ψ) and −ψ²/2, one acos and one sin per pair) and what
    /// depends on σ: `value(sigma:)` repeats `RayleighSignalSpatialPDF.density`'s operations in its
    /// order, so each σ gets the same bits as the plain kernel.
    struct PairKernel {
        let psi: Double, front: Double, halfMinusPsiSquared: Double

        @inline(__always)
        init(cosine c: Double, samePixel: Bool) {
            psi = samePixel ? 0 : acos(min(1, c))
            front = psi < 1e-12 ? 0 : 0.5 / (Double.pi * sin(psi))
            halfMinusPsiSquared = -0.5 * psi * psi
        }

        /// K_σ(ψ); `s2` is σ · σ and `atZero` is 1 / (2π σ σ), precomputed per σ.
        @inline(__always)
        func value(s2: Double, atZero: Double) -> Double {
            psi < 1e-12 ? atZero : front * (psi / s2) * exp(halfMinusPsiSquared / s2)
        }
    }

    /// Smoothed copies of `density` for each sigma (radians) in `sigmas`.
    func smoothed(_ density: [Double], sigmas: [Double]) -> [[Double]] {
        smoothed(bands: [density], sigmas: sigmas)[0]
    }

    /// Smoothed copies of each density in `bands` ([band][sigma][pixel]). The kernel K_σ(ψ_pq) of a
    /// pixel pair is computed once for all densities (an energy-dependent template has one density per
    /// energy band) and its angle once for all σ; pixels are spread over the cores. Each output value
    /// is the same sum in the same order as for one density and one σ alone (the pixels q of σ's own
    /// declination range with ψ_pq within 5σ, in RING order), so the result depends on neither.
    func smoothed(bands densities: [[Double]], sigmas: [Double]) -> [[[Double]]] {
        if let bandCache {
            let cached = densities.compactMap { bandCache.smoothed($0, sigmas: sigmas, template: self) }
            if cached.count == densities.count { return cached }
        }
        let n = pixelCount, bandCount = densities.count, sigmaCount = sigmas.count
        let x = (0..<n).map { cos(dec[$0]) * cos(ra[$0]) }
        let y = (0..<n).map { cos(dec[$0]) * sin(ra[$0]) }
        let z = (0..<n).map { sin(dec[$0]) }
        // Pixel-major copy: the densities of pixel q for every band side by side.
        var pixelMajor = [Double](repeating: 0, count: n * bandCount)
        for b in 0..<bandCount { for q in 0..<n { pixelMajor[q * bandCount + b] = densities[b][q] } }
        let byPixel = pixelMajor
        let cuts = sigmas.map { min(5 * $0, Double.pi) }, cosCuts = cuts.map { cos($0) }
        let s2 = sigmas.map { $0 * $0 }, atZero = sigmas.map { 1 / (2 * .pi * $0 * $0) }
        let widest = cuts.indices.max { cuts[$0] < cuts[$1] }
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: bandCount * sigmaCount * n)
        defer { out.deallocate() }
        nonisolated(unsafe) let target = out   // every (band, sigma, pixel) slot is written by one block
        let blocks = min(n, 64)
        DispatchQueue.concurrentPerform(iterations: sigmaCount == 0 ? 0 : blocks) { block in
            var num = [Double](repeating: 0, count: sigmaCount * bandCount), den = [Double](repeating: 0, count: sigmaCount)
            var ranges = [Range<Int>](repeating: 0..<0, count: sigmaCount)
            for p in (block * n / blocks)..<((block + 1) * n / blocks) {
                // σ's range is one of nested RING index ranges (wider cut, wider range).
                for si in 0..<sigmaCount { ranges[si] = pixelRange(decFrom: dec[p] - cuts[si], to: dec[p] + cuts[si]) }
                for i in num.indices { num[i] = 0 }
                for si in 0..<sigmaCount { den[si] = 0 }
                for q in ranges[widest!] {
                    let c = x[p] * x[q] + y[p] * y[q] + z[p] * z[q]
                    guard c >= cosCuts[widest!] else { continue }
                    let pair = PairKernel(cosine: c, samePixel: q == p)
                    for si in 0..<sigmaCount where c >= cosCuts[si] && ranges[si].contains(q) {
                        let k = pair.value(s2: s2[si], atZero: atZero[si])
                        for b in 0..<bandCount { num[si * bandCount + b] += byPixel[q * bandCount + b] * k }
                        den[si] += k
                    }
                }
                for si in 0..<sigmaCount {
                    for b in 0..<bandCount {
                        target[(b * sigmaCount + si) * n + p] = den[si] > 0 ? num[si * bandCount + b] / den[si] : byPixel[p * bandCount + b]
                    }
                }
            }
        }
        return (0..<bandCount).map { b in (0..<sigmas.count).map { si in Array(out[((b * sigmas.count + si) * n)..<((b * sigmas.count + si + 1) * n)]) } }
    }
}

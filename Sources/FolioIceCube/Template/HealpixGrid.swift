import CChealpix
import Foundation

/// The one place FolioIceCube talks to chealpix (RING ordering): pixel lookup and pixel centres.
/// Kept small so it can later be swapped for FolioSky's HEALPix type.
struct HealpixGrid: Sendable {
    let nside: Int
    let pixelCount: Int
    /// Pixel-centre declination and right ascension (radians), RING order (declination falls
    /// with the index).
    let dec: [Double], ra: [Double]
    /// Pixel solid angle, sr.
    var pixelArea: Double { 4 * .pi / Double(pixelCount) }

    init(nside: Int) {
        precondition(nside > 0 && nside & (nside - 1) == 0, "nside must be a power of 2")
        self.nside = nside
        pixelCount = Int(nside2npix(nside))
        var dec = [Double](repeating: 0, count: pixelCount), ra = dec
        for p in 0..<pixelCount {
            var theta = 0.0, phi = 0.0
            pix2ang_ring(nside, p, &theta, &phi)
            dec[p] = .pi / 2 - theta; ra[p] = phi
        }
        self.dec = dec; self.ra = ra
    }

    /// RING pixel holding (ra, dec) in radians.
    @inline(__always)
    func pixel(ra: Double, dec: Double) -> Int {
        var p = 0
        ang2pix_ring(nside, .pi / 2 - dec, ra, &p)
        return p
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
}

import FolioSky
import Foundation

/// The iso-latitude rings of a HEALPix grid in RING ordering (Górski et al. 2005, ApJ 622, 759,
/// eqs. 4-9): ring i = 1 ... 4 nside - 1 from north to south, its first pixel and pixel count.
/// Every pixel of a ring has the same declination, which is what lets the all-sky scan build one
/// likelihood per ring.
struct HEALPixRings: Sendable {
    struct Ring: Sendable {
        /// Declination of the ring's pixel centres (equatorial), radians.
        let declination: Double
        let pixels: Range<Int>
    }

    let grid: HEALPix
    let rings: [Ring]

    init(_ grid: HEALPix) {
        self.grid = grid
        let n = grid.nside, npix = grid.pixelCount
        var rings: [Ring] = []
        rings.reserveCapacity(4 * n - 1)
        for i in 1...(4 * n - 1) {
            let first: Int, count: Int
            if i < n {
                first = 2 * i * (i - 1); count = 4 * i
            } else if i <= 3 * n {
                first = 2 * n * (n - 1) + 4 * n * (i - n); count = 4 * n
            } else {
                let k = 4 * n - i
                first = npix - 2 * k * (k + 1); count = 4 * k
            }
            let theta = grid.angles(of: first).theta
            rings.append(Ring(declination: .pi / 2 - theta, pixels: first..<(first + count)))
        }
        self.rings = rings
    }

    /// Right ascension (radians) of a pixel centre.
    func rightAscension(of pixel: Int) -> Double { grid.angles(of: pixel).phi }
}

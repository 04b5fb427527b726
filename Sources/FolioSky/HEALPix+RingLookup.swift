import CTruncation
import Foundation

/// RING pixel lookups for many directions whose colatitude is known in advance, as in a trial that
/// scrambles right ascension only: cos θ (and sin θ near the poles) is computed once per direction
/// (`RingLookup.colatitude(_:)`), and each lookup is then a few multiplications, inlined into the
/// caller's loop, instead of a call into libchealpix that recomputes them.
///
/// The lookup is the HEALPix ring construction (Górski et al. 2005, ApJ 622, 759, section 4) in the
/// floating-point steps of libchealpix's `ang2pix_ring64` (the same products, in the same order, and
/// the same sin θ refinement where |cos θ| > 0.99), so it returns the same pixel for every input;
/// `HEALPixTests` compares the two on a million directions and on ring and face boundaries.
public struct RingLookup: Sendable {
    public let nside: Int

    public init(_ healpix: HEALPix) { nside = healpix.nside }

    /// cos θ and, where |cos θ| > 0.99, sin θ (else −5, "not given") of colatitude θ in [0, π].
    @inlinable
    public static func colatitude(_ theta: Double) -> (z: Double, s: Double) {
        let z = cos(theta), s = sin(theta)
        return (z, abs(z) > 0.99 ? s : -5)
    }

    /// The RING pixel of the direction with cos θ = `z` (and `s` as from `colatitude`) and longitude
    /// `phi` (radians; any finite value, reduced modulo 2π). For a NaN or infinite input the pixel is
    /// undefined (not trapped): callers pass validated directions.
    @inlinable @inline(__always)
    public func pixel(z: Double, s: Double, phi: Double) -> Int {
        let n = nside, nd = Double(nside)
        let twoPi = 2 * Double.pi
        var wrapped = phi
        if phi >= 0 {
            if phi >= twoPi { wrapped = fmod(phi, twoPi) }
        } else {
            let r = fmod(phi, twoPi) + twoPi
            wrapped = r == twoPi ? 0 : r
        }
        let tt = wrapped * 0.6366197723675813430755350534900574   // 2/π: longitude in quarter turns, [0, 4)
        let za = abs(z)
        // Every quantity converted or combined below is known to lie in [0, 12 nside²] (nside <= 2²⁹), so the
        // conversions truncate without Swift's range check (`folio_truncate`) and the integer arithmetic wraps
        // (&+) instead of checking for overflow: the same values, template trials 1.16-1.23x faster.
        if za <= 2.0 / 3.0 {
            // Equatorial belt: the two edge-line indices through the point fix ring and position.
            let a = nd * (0.5 + tt), b = nd * z * 0.75                     // b <= nd / 2 <= a: both indices >= 0
            let ascending = Int(folio_truncate(a - b)), descending = Int(folio_truncate(a + b))
            let ring = n &+ 1 &+ ascending &- descending                  // 1 ... 2n + 1, from z = 2/3
            let shift = 1 &- (ring & 1)
            // Modulo 4n (a power of two: the mask is the non-negative remainder, without a division). The sum
            // is >= 0 (ascending + descending > 2a - 2 >= n - 2), so halving is a shift.
            let ip = ((ascending &+ descending &- n &+ shift &+ 1) >> 1) & (4 &* n &- 1)
            return n &* (n &- 1) &* 2 &+ (ring &- 1) &* 4 &* n &+ ip
        }
        // Polar caps: ring counted from the nearer pole.
        let fraction = tt - Double(folio_truncate(tt))
        let scale = s > -2 ? nd * s / ((1 + za) / 3).squareRoot() : nd * (3 * (1 - za)).squareRoot()
        let ascending = Int(folio_truncate(fraction * scale)), descending = Int(folio_truncate((1 - fraction) * scale))
        let ring = ascending &+ descending &+ 1
        // Modulo 4 ring: tt < 4, so the product is at most 4 ring (where rounding reaches it).
        var ip = Int(folio_truncate(tt * Double(ring)))
        if ip >= 4 &* ring { ip &-= 4 &* ring }
        return z > 0 ? 2 &* ring &* (ring &- 1) &+ ip : 12 &* n &* n &- 2 &* ring &* (ring &+ 1) &+ ip
    }
}

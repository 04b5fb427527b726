import Foundation
import CChealpix

/// A HEALPix tessellation of the sphere (Górski et al. 2005, ApJ 622, 759) in **RING** ordering.
///
/// Pixels are numbered 0..<12·nside² from the north pole down, ring by ring, increasing in longitude
/// within a ring. Centres and pixel lookups call Debian's libchealpix (64-bit API); pixel
/// boundaries follow the HEALPix face-coordinate construction (see ``boundary(of:stepsPerSide:)``).
/// Angles: θ is colatitude in [0, π], φ is longitude in [0, 2π), radians.
///
/// ```swift
/// let hp = try HEALPix(nside: 64)
/// let p = hp.pixel(theta: 1.0, phi: 2.0)
/// let c = hp.center(of: p)   // SkyCoordinate of the pixel centre
/// ```
public struct HEALPix: Hashable, Codable, Sendable {
    /// Resolution parameter: a power of two, 1 ... 2²⁹.
    public let nside: Int

    public enum Error: Swift.Error, CustomStringConvertible, Equatable {
        case invalidNside(Int)
        case invalidPixelCount(Int)
        public var description: String {
            switch self {
            case .invalidNside(let n): return "HEALPix nside must be a power of two in 1...2^29, got \(n)"
            case .invalidPixelCount(let n):
                return "a HEALPix map needs 12*nside^2 values with nside a power of two, got \(n) values"
            }
        }
    }

    public init(nside: Int) throws {
        guard nside >= 1, nside <= (1 << 29), nside & (nside - 1) == 0 else { throw Error.invalidNside(nside) }
        self.nside = nside
    }

    /// The tessellation whose pixel count is `count` (12·nside²), e.g. for a map read from a file.
    public init(pixelCount count: Int) throws {
        let n = Int((Double(count) / 12).squareRoot().rounded())
        guard n >= 1, 12 * n * n == count, n & (n - 1) == 0 else { throw Error.invalidPixelCount(count) }
        try self.init(nside: n)
    }

    /// Number of pixels, 12·nside².
    public var pixelCount: Int { 12 * nside * nside }

    /// Solid angle of every pixel in sr, 4π / (12·nside²).
    public var pixelArea: Double { 4 * .pi / Double(pixelCount) }

    /// The RING pixel containing colatitude θ and longitude φ (radians).
    @inlinable
    public func pixel(theta: Double, phi: Double) -> Int {
        var p: Int64 = 0
        ang2pix_ring64(Int64(nside), theta, phi, &p)
        return Int(p)
    }

    /// The RING pixel containing a direction (longitude/latitude in radians, any frame).
    public func pixel(of c: SkyCoordinate) -> Int {
        pixel(theta: max(0, min(.pi, c.colatitude)), phi: c.normalized.longitude)
    }

    /// The RING pixel containing equatorial (RA, Dec) given in **degrees**.
    public func pixel(ra: Double, dec: Double) -> Int {
        pixel(of: SkyCoordinate(longitudeDegrees: ra, latitudeDegrees: dec))
    }

    /// Colatitude θ and longitude φ (radians) of a pixel centre.
    public func angles(of pixel: Int) -> (theta: Double, phi: Double) {
        var t = 0.0, p = 0.0
        pix2ang_ring64(Int64(nside), Int64(pixel), &t, &p)
        return (t, p)
    }

    /// The centre of a pixel as longitude/latitude (radians).
    public func center(of pixel: Int) -> SkyCoordinate {
        let a = angles(of: pixel)
        return SkyCoordinate(longitude: a.phi, latitude: .pi / 2 - a.theta)
    }

    /// The centre of a pixel as a unit vector.
    public func centerVector(of pixel: Int) -> UnitVector {
        var v = [0.0, 0.0, 0.0]
        pix2vec_ring64(Int64(nside), Int64(pixel), &v)
        return UnitVector(x: v[0], y: v[1], z: v[2])
    }

    /// Points along the pixel's boundary, counter-clockwise seen from outside the sphere,
    /// starting at the north corner; `stepsPerSide` points per edge (1 gives the 4 corners).
    ///
    /// Construction: the pixel's NESTED face index f and in-face indices (ix, iy) give the face
    /// coordinates of its corners, (ix+½±½, iy+½±½)/nside; edges are straight in face coordinates
    /// (they are curves on the sphere), mapped to (z, φ) with the HEALPix projection's inverse.
    public func boundary(of pixel: Int, stepsPerSide: Int = 1) -> [SkyCoordinate] {
        let (face, ix, iy) = faceCoordinates(ofRing: pixel)
        let n = Double(nside)
        let xc = (Double(ix) + 0.5) / n, yc = (Double(iy) + 0.5) / n, dc = 0.5 / n
        let steps = max(1, stepsPerSide)
        let d = 1 / (Double(steps) * n)
        var out: [SkyCoordinate] = []
        out.reserveCapacity(4 * steps)
        for i in 0..<steps { out.append(Self.location(x: xc + dc - Double(i) * d, y: yc + dc, face: face)) }
        for i in 0..<steps { out.append(Self.location(x: xc - dc, y: yc + dc - Double(i) * d, face: face)) }
        for i in 0..<steps { out.append(Self.location(x: xc - dc + Double(i) * d, y: yc - dc, face: face)) }
        for i in 0..<steps { out.append(Self.location(x: xc + dc, y: yc - dc + Double(i) * d, face: face)) }
        return out
    }

    /// (face, ix, iy) of a RING pixel: converted to NESTED by libchealpix, then the interleaved
    /// bits of the in-face index are split into ix (even bits) and iy (odd bits).
    func faceCoordinates(ofRing pixel: Int) -> (face: Int, ix: Int, iy: Int) {
        var nest: Int64 = 0
        ring2nest64(Int64(nside), Int64(pixel), &nest)
        let npface = nside * nside
        let face = Int(nest) / npface
        var inFace = Int(nest) % npface
        var ix = 0, iy = 0, bit = 0
        while inFace > 0 {
            ix |= (inFace & 1) << bit
            iy |= ((inFace >> 1) & 1) << bit
            inFace >>= 2
            bit += 1
        }
        return (face, ix, iy)
    }

    // Face layout of the HEALPix base pixels: ring index (in units of the equatorial ring spacing)
    // and longitude offset (in units of π/4) of each face's southern corner.
    private static let faceRing: [Double] = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]
    private static let facePhi: [Double] = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7]

    /// Maps face coordinates (x, y ∈ [0,1]) on base face `face` to a direction (the HEALPix
    /// projection's inverse: polar caps where the ring index jr < 1 or > 3, equatorial belt otherwise).
    static func location(x: Double, y: Double, face: Int) -> SkyCoordinate {
        let jr = faceRing[face] - x - y
        let nr: Double, z: Double
        if jr < 1 {
            nr = jr; z = 1 - nr * nr / 3
        } else if jr > 3 {
            nr = 4 - jr; z = nr * nr / 3 - 1
        } else {
            nr = 1; z = (2 - jr) * 2 / 3
        }
        var t = facePhi[face] * nr + x - y
        if t < 0 { t += 8 }
        if t >= 8 { t -= 8 }
        let phi = nr < 1e-15 ? 0 : (.pi / 4 * t) / nr
        return SkyCoordinate(longitude: phi, latitude: asin(max(-1, min(1, z))))
    }
}

import Testing
import Foundation
@testable import FolioSky

@Suite struct HEALPixTests {
    @Test func rejectsBadNside() {
        #expect(throws: HEALPix.Error.invalidNside(3)) { try HEALPix(nside: 3) }
        #expect(throws: HEALPix.Error.invalidNside(0)) { try HEALPix(nside: 0) }
        #expect(throws: HEALPix.Error.invalidPixelCount(100)) { try HEALPix(pixelCount: 100) }
    }

    @Test func pixelCounts() throws {
        #expect(try HEALPix(nside: 1).pixelCount == 12)
        #expect(try HEALPix(nside: 128).pixelCount == 196_608)
        #expect(try HEALPix(pixelCount: 49_152).nside == 64)
    }

    /// Known values of the RING scheme: pixel 0 is the first of the 4 pixels of the north polar
    /// ring (θ = acos(1 − 1/(3 nside²)), φ = π/4); the last pixel mirrors it in the south.
    @Test func knownCentres() throws {
        let hp = try HEALPix(nside: 4)
        let a = hp.angles(of: 0)
        #expect(abs(a.theta - acos(1 - 1.0 / 48)) < 1e-12)
        #expect(abs(a.phi - .pi / 4) < 1e-12)
        let z = hp.angles(of: hp.pixelCount - 1)
        #expect(abs(z.theta - (.pi - acos(1 - 1.0 / 48))) < 1e-12)
        #expect(abs(z.phi - 7 * .pi / 4) < 1e-12)
        // Equator (ring 2·nside): centres are shifted by half a pixel, at φ = (j − ½)·π/(2 nside),
        // so the pixel containing (θ=π/2, φ≈0) has its centre on the equator at φ = ±π/16.
        let eq = hp.pixel(theta: .pi / 2, phi: 1e-9)
        let c = hp.center(of: eq)
        #expect(abs(c.latitude) < 1e-12)
        #expect(abs(min(c.longitude, 2 * .pi - c.longitude) - .pi / 16) < 1e-12)
    }

    @Test func centreRoundTripAllNsides() throws {
        for nside in [1, 2, 8, 64] {
            let hp = try HEALPix(nside: nside)
            for p in stride(from: 0, to: hp.pixelCount, by: max(1, hp.pixelCount / 997)) {
                #expect(hp.pixel(of: hp.center(of: p)) == p)
                let v = hp.centerVector(of: p), c = hp.center(of: p).unitVector
                #expect(abs(v.dot(c) - 1) < 1e-12)
            }
        }
    }

    @Test func raDecInDegrees() throws {
        let hp = try HEALPix(nside: 16)
        #expect(hp.pixel(ra: 0, dec: 90) < 4)
        #expect(hp.pixel(ra: 0, dec: -90) >= hp.pixelCount - 4)
    }

    /// The boundary construction is independent of libchealpix; check it against it:
    /// (1) the face-coordinate centre equals libchealpix's pixel centre;
    /// (2) points pulled 10% from each boundary point towards the centre fall in the pixel;
    /// (3) points pushed 10% outwards do not.
    @Test func boundariesAgreeWithLibrary() throws {
        for nside in [1, 2, 4, 32] {
            let hp = try HEALPix(nside: nside)
            for p in stride(from: 0, to: hp.pixelCount, by: max(1, hp.pixelCount / 301)) {
                let (f, ix, iy) = hp.faceCoordinates(ofRing: p)
                let centre = HEALPix.location(x: (Double(ix) + 0.5) / Double(nside), y: (Double(iy) + 0.5) / Double(nside), face: f)
                #expect(centre.angularDistance(to: hp.center(of: p)) < 1e-10, "centre of pixel \(p) nside \(nside)")
                let c = hp.centerVector(of: p)
                for b in hp.boundary(of: p, stepsPerSide: 3) {
                    let v = b.unitVector
                    func mix(_ t: Double) -> UnitVector {
                        UnitVector(x: c.x + t * (v.x - c.x), y: c.y + t * (v.y - c.y), z: c.z + t * (v.z - c.z)).normalized
                    }
                    #expect(hp.pixel(of: mix(0.9).coordinate) == p, "inside point of pixel \(p) nside \(nside)")
                    #expect(hp.pixel(of: mix(1.1).coordinate) != p, "outside point of pixel \(p) nside \(nside)")
                }
            }
        }
    }

    @Test func boundaryCornersOfBasePixelZero() throws {
        // nside=1, pixel 0: corners at the north pole, (z=2/3, φ=0), equator φ=π/4, (z=2/3, φ=π/2).
        let b = try HEALPix(nside: 1).boundary(of: 0)
        #expect(b.count == 4)
        #expect(abs(b[0].latitude - .pi / 2) < 1e-12)
        #expect(abs(sin(b[2].latitude)) < 1e-12 && abs(b[2].longitude - .pi / 4) < 1e-12)
        let zs = [b[1], b[3]].map { sin($0.latitude) }
        for z in zs { #expect(abs(z - 2.0 / 3) < 1e-12) }
        #expect(Set([b[1], b[3]].map { ($0.longitude / (.pi / 2)).rounded() }) == [0, 1])
    }
}

/// `RingLookup` (cos θ precomputed) gives libchealpix's RING pixel for every direction.
@Suite struct RingLookupTests {
    @Test func agreesWithLibchealpix() throws {
        var state: UInt64 = 12345
        func uniform() -> Double {   // SplitMix64, enough for test directions
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
        for nside in [1, 4, 16, 64, 1024] {
            let hp = try HEALPix(nside: nside), lookup = RingLookup(hp)
            var thetas = (0..<200_000).map { _ in acos(1 - 2 * uniform()) }
            // Ring and belt boundaries, the poles and points next to them.
            thetas += [0, Double.pi, acos(2.0 / 3), acos(-2.0 / 3), acos(0.99), acos(-0.99), Double.pi / 2, 1e-9, Double.pi - 1e-9]
            thetas += (0...(4 * nside)).map { hp.angles(of: min(hp.pixelCount - 1, $0 * 3 * nside)).theta }
            var mismatches = 0
            for theta in thetas {
                let c = RingLookup.colatitude(theta)
                let phis: [Double] = [uniform() * 2 * Double.pi, 0, 2 * Double.pi, -0.3, 7.5, Double.pi / 2, 2 * Double.pi - 1e-15]
                for phi in phis where lookup.pixel(z: c.z, s: c.s, phi: phi) != hp.pixel(theta: theta, phi: phi) {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "nside \(nside): \(mismatches) of \(7 * thetas.count) directions differ from libchealpix")
        }
    }
}

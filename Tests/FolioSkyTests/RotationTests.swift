import Testing
import Foundation
@testable import FolioSky

@Suite struct RotationTests {
    /// Tolerance: the Hipparcos matrix is given to 16 digits; published reference positions to
    /// ~1e-5 degrees, so 1e-4 degrees is a fair comparison.
    let tolDeg = 1e-4

    @Test func galacticCentreInEquatorial() {
        let gc = Rotation.galacticToEquatorial.apply(to: SkyCoordinate(longitude: 0, latitude: 0))
        #expect(abs(gc.longitudeDegrees - 266.40499) < tolDeg)
        #expect(abs(gc.latitudeDegrees - (-28.93617)) < tolDeg)
    }

    @Test func northGalacticPole() {
        let ngp = Rotation.galacticToEquatorial.apply(to: SkyCoordinate(longitude: 0, latitude: .pi / 2))
        #expect(abs(ngp.longitudeDegrees - 192.85948) < tolDeg)
        #expect(abs(ngp.latitudeDegrees - 27.12825) < tolDeg)
    }

    @Test func crabNebulaToGalactic() {
        // Crab: RA 83.63308, Dec 22.01450 -> l 184.5575, b -5.7843 (SIMBAD).
        let g = Rotation.equatorialToGalactic.apply(to: SkyCoordinate(longitudeDegrees: 83.63308, latitudeDegrees: 22.01450))
        #expect(abs(g.longitudeDegrees - 184.5575) < 1e-3)
        #expect(abs(g.latitudeDegrees - (-5.7843)) < 1e-3)
    }

    @Test func matrixIsOrthogonal() {
        let p = Rotation.equatorialToGalactic.then(.galacticToEquatorial)
        for r in 0..<3 { for c in 0..<3 { #expect(abs(p.m[r][c] - (r == c ? 1 : 0)) < 1e-15) } }
    }

    @Test func roundTripManyDirections() {
        var worst = 0.0
        for i in 0..<500 {
            let lon = Double(i) * 0.7137 .truncatingRemainder(dividingBy: 2 * .pi)
            let lat = asin(-1 + 2 * Double((i * 37) % 500) / 499)
            let c = SkyCoordinate(longitude: lon, latitude: lat)
            let back = Rotation.galacticToEquatorial.apply(to: Rotation.equatorialToGalactic.apply(to: c))
            worst = max(worst, back.angularDistance(to: c))
        }
        #expect(worst < 1e-12)
    }

    @Test func angularDistance() {
        let a = SkyCoordinate(longitudeDegrees: 10, latitudeDegrees: 0)
        let b = SkyCoordinate(longitudeDegrees: 10, latitudeDegrees: 30)
        #expect(abs(a.angularDistance(to: b) * 180 / .pi - 30) < 1e-12)
        let pole = SkyCoordinate(longitudeDegrees: 123, latitudeDegrees: 90)
        #expect(abs(a.angularDistance(to: pole) * 180 / .pi - 90) < 1e-12)
        let anti = SkyCoordinate(longitudeDegrees: 190, latitudeDegrees: 0)
        #expect(abs(a.angularDistance(to: anti) - .pi) < 1e-12)
        // Tiny separations stay accurate (1 mas).
        let c = SkyCoordinate(longitudeDegrees: 10, latitudeDegrees: 1.0 / 3_600_000)
        #expect(abs(a.angularDistance(to: c) * 180 / .pi * 3_600_000 - 1) < 1e-6)
    }

    @Test func smallCirclePointsAreAtTheRadius() {
        for center in [SkyCoordinate(longitudeDegrees: 40, latitudeDegrees: 10),
                       SkyCoordinate(longitudeDegrees: 0, latitudeDegrees: 89.9)] {
            let r = 5.0 * .pi / 180
            let pts = SmallCircle.points(around: center, radius: r, count: 36)
            #expect(pts.count == 36)
            for p in pts { #expect(abs(p.angularDistance(to: center) - r) < 1e-12) }
        }
    }
}

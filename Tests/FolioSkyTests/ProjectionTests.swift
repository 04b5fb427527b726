import Testing
import Foundation
@testable import FolioSky

@Suite struct ProjectionTests {
    @Test(arguments: SkyProjection.allCases)
    func roundTrip(_ projection: SkyProjection) {
        var worst = 0.0
        for i in -35...35 {
            for j in -17...17 {
                let lon = Double(i) * 5 * .pi / 180, lat = Double(j) * 5 * .pi / 180
                let xy = projection.project(longitude: lon, latitude: lat)
                guard let back = projection.inverse(x: xy.x, y: xy.y) else {
                    Issue.record("inverse nil at \(lon), \(lat)"); continue
                }
                let a = SkyCoordinate(longitude: lon, latitude: lat)
                let b = SkyCoordinate(longitude: back.longitude, latitude: back.latitude)
                worst = max(worst, a.angularDistance(to: b))
            }
        }
        #expect(worst < 1e-9, "worst round-trip error \(worst) rad")
    }

    @Test(arguments: SkyProjection.allCases)
    func knownPoints(_ projection: SkyProjection) {
        let o = projection.project(longitude: 0, latitude: 0)
        #expect(abs(o.x) < 1e-15 && abs(o.y) < 1e-15)
        let np = projection.project(longitude: 0.3, latitude: .pi / 2)
        #expect(abs(np.x) < 1e-12 && abs(np.y - 2.0.squareRoot()) < 1e-12)
        let edge = projection.project(longitude: .pi, latitude: 0)
        #expect(abs(edge.x - 2 * 2.0.squareRoot()) < 1e-12 && abs(edge.y) < 1e-12)
        #expect(projection.inverse(x: 2.9, y: 0) == nil)
        #expect(projection.inverse(x: 0, y: 1.5) == nil)
    }

    /// The auxiliary angle solves 2θ + sin 2θ = π sin φ at every latitude, including near the poles,
    /// and the forward map is x = (2√2/π) λ cos θ, y = √2 sin θ.
    @Test func mollweideAuxiliaryAngle() {
        for latDeg in [-89.9, -60.0, -10.0, 0.0, 23.4, 45.0, 80.0, 90.0] {
            let phi = latDeg * .pi / 180
            let t = Mollweide.auxiliaryAngle(latitude: phi)
            #expect(abs(2 * t + sin(2 * t) - .pi * sin(phi)) < 1e-10)
            let p = Mollweide.project(lambda: -.pi / 2, phi: phi)
            #expect(abs(p.x - (-2.0.squareRoot() * cos(t))) < 1e-12)
            #expect(abs(p.y - 2.0.squareRoot() * sin(t)) < 1e-12)
        }
    }

    /// Equal area: the ellipse's area π·2√2·√2 = 4π equals the sphere's, so the projected area of
    /// a latitude band equals its solid angle; checked by counting grid points (0.5% tolerance
    /// covers the grid's discretisation of the band edges).
    @Test(arguments: SkyProjection.allCases)
    func equalArea(_ projection: SkyProjection) {
        // Ellipse area π·2√2·√2 = 4π equals the sphere's area, so areas map 1:1.
        // Count grid points in the plane whose inverse latitude is in [20°, 30°].
        // A fine grid (the band is ~0.2 high in y, so rows must be much finer than that).
        let nx = 300, ny = 6000
        var count = 0
        let a = SkyProjection.halfWidth, b = SkyProjection.halfHeight
        for i in 0..<nx { for j in 0..<ny {
            let x = -a + (Double(i) + 0.5) * 2 * a / Double(nx)
            let y = -b + (Double(j) + 0.5) * 2 * b / Double(ny)
            if let s = projection.inverse(x: x, y: y), s.latitude >= 20 * .pi / 180, s.latitude < 30 * .pi / 180 { count += 1 }
        } }
        let area = Double(count) * (2 * a / Double(nx)) * (2 * b / Double(ny))
        let expected = 2 * Double.pi * (sin(30 * Double.pi / 180) - sin(20 * Double.pi / 180))
        #expect(abs(area / expected - 1) < 0.005)
    }
}

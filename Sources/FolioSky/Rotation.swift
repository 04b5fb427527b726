import Foundation

/// A proper rotation of the sphere, stored as a 3×3 orthogonal matrix (row-major).
///
/// Applying it to a unit vector gives the same direction expressed in the rotated frame:
/// `v' = M v`. The inverse is the transpose.
///
/// ```swift
/// let gc = Rotation.galacticToEquatorial.apply(to: SkyCoordinate(longitude: 0, latitude: 0))
/// // gc ≈ (RA 266.405°, Dec −28.936°)
/// ```
public struct Rotation: Hashable, Codable, Sendable {
    /// Row-major matrix elements m[row][column].
    public var m: [[Double]]

    public init(rows: [[Double]]) {
        precondition(rows.count == 3 && rows.allSatisfy { $0.count == 3 }, "a rotation is a 3x3 matrix")
        m = rows
    }

    public static let identity = Rotation(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])

    /// Equatorial J2000 (ICRS) to Galactic, the matrix A_G of the Hipparcos catalogue
    /// (ESA 1997, Vol. 1, Sect. 1.5.3, Eq. 1.5.11), which realises the IAU 1958 definition in J2000:
    /// the north Galactic pole at (RA 192.85948°, Dec 27.12825°) and the Galactic centre direction
    /// at position angle 122.93192° from it.
    public static let equatorialToGalactic = Rotation(rows: [
        [-0.0548755604162154, -0.8734370902348850, -0.4838350155487132],
        [+0.4941094278755837, -0.4448296299600112, +0.7469822444972189],
        [-0.8676661490190047, -0.1980763734312015, +0.4559837761750669],
    ])

    /// Galactic to equatorial J2000: the transpose of ``equatorialToGalactic``.
    public static let galacticToEquatorial = equatorialToGalactic.inverse

    /// The inverse rotation (the transpose of an orthogonal matrix).
    public var inverse: Rotation {
        Rotation(rows: (0..<3).map { r in (0..<3).map { c in m[c][r] } })
    }

    /// The composition: first `self`, then `next`.
    public func then(_ next: Rotation) -> Rotation {
        Rotation(rows: (0..<3).map { r in
            (0..<3).map { c in (0..<3).reduce(0.0) { $0 + next.m[r][$1] * m[$1][c] } }
        })
    }

    /// Rotates a vector: v' = M v.
    @inlinable
    public func apply(to v: UnitVector) -> UnitVector {
        UnitVector(x: m[0][0] * v.x + m[0][1] * v.y + m[0][2] * v.z,
                   y: m[1][0] * v.x + m[1][1] * v.y + m[1][2] * v.z,
                   z: m[2][0] * v.x + m[2][1] * v.y + m[2][2] * v.z)
    }

    /// Rotates a direction given as longitude/latitude (radians); the result's longitude is in [0, 2π).
    public func apply(to c: SkyCoordinate) -> SkyCoordinate {
        apply(to: c.unitVector).coordinate
    }

    /// A flat copy of the matrix for hot loops (avoids nested-array indexing).
    public var flat: [Double] { m.flatMap { $0 } }
}

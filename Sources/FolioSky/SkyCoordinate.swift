import Foundation

/// A direction on the celestial sphere as a longitude/latitude pair in **radians**.
///
/// The pair is frame-agnostic: in the equatorial frame `longitude` is right ascension and `latitude`
/// is declination; in the Galactic frame they are l and b. Which frame a value lives in is carried
/// by the code that holds it (see ``CoordinateFrame``).
///
/// ```swift
/// let crab = SkyCoordinate(longitudeDegrees: 83.633, latitudeDegrees: 22.014)
/// let galactic = Rotation.equatorialToGalactic.apply(to: crab)
/// ```
public struct SkyCoordinate: Hashable, Codable, Sendable {
    /// Longitude in radians (RA or l); any value, normalised to [0, 2π) by ``normalized``.
    public var longitude: Double
    /// Latitude in radians (Dec or b), in [-π/2, π/2].
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Builds a coordinate from degrees (the unit of every catalogue and data file).
    public init(longitudeDegrees: Double, latitudeDegrees: Double) {
        self.init(longitude: longitudeDegrees * .pi / 180, latitude: latitudeDegrees * .pi / 180)
    }

    public var longitudeDegrees: Double { longitude * 180 / .pi }
    public var latitudeDegrees: Double { latitude * 180 / .pi }

    /// The HEALPix colatitude θ = π/2 − latitude, in radians, in [0, π].
    public var colatitude: Double { .pi / 2 - latitude }

    /// The same direction with longitude wrapped into [0, 2π).
    public var normalized: SkyCoordinate {
        var lon = longitude.truncatingRemainder(dividingBy: 2 * .pi)
        if lon < 0 { lon += 2 * .pi }
        if lon >= 2 * .pi { lon = 0 }
        return SkyCoordinate(longitude: lon, latitude: latitude)
    }

    /// The Cartesian unit vector (x towards lon=0,lat=0; z towards the pole).
    @inlinable
    public var unitVector: UnitVector {
        let c = cos(latitude)
        return UnitVector(x: c * cos(longitude), y: c * sin(longitude), z: sin(latitude))
    }

    /// Great-circle distance to `other` in radians, in [0, π].
    ///
    /// Uses the Vincenty form (atan2 of cross and dot products), accurate for tiny and
    /// antipodal separations alike, unlike the arccos of the dot product.
    public func angularDistance(to other: SkyCoordinate) -> Double {
        unitVector.angle(to: other.unitVector)
    }
}

/// A Cartesian unit vector on the sphere. Components are dimensionless.
public struct UnitVector: Hashable, Codable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    /// Stores the components as given; callers promise x² + y² + z² = 1 (see ``normalized``).
    @inlinable
    public init(x: Double, y: Double, z: Double) {
        self.x = x; self.y = y; self.z = z
    }

    /// The vector scaled to unit length.
    public var normalized: UnitVector {
        let n = (x * x + y * y + z * z).squareRoot()
        return UnitVector(x: x / n, y: y / n, z: z / n)
    }

    /// Longitude (atan2(y, x), wrapped to [0, 2π)) and latitude (asin z) in radians.
    @inlinable
    public var coordinate: SkyCoordinate {
        var lon = atan2(y, x)
        if lon < 0 { lon += 2 * .pi }
        let lat = asin(max(-1, min(1, z)))
        return SkyCoordinate(longitude: lon, latitude: lat)
    }

    @inlinable
    public func dot(_ o: UnitVector) -> Double { x * o.x + y * o.y + z * o.z }

    /// The (not normalised) cross product self × o.
    @inlinable
    public func cross(_ o: UnitVector) -> UnitVector {
        UnitVector(x: y * o.z - z * o.y, y: z * o.x - x * o.z, z: x * o.y - y * o.x)
    }

    /// Angle between two unit vectors in radians, atan2(|a×b|, a·b).
    @inlinable
    public func angle(to o: UnitVector) -> Double {
        let c = cross(o)
        return atan2((c.x * c.x + c.y * c.y + c.z * c.z).squareRoot(), dot(o))
    }
}

/// The celestial reference frames Folio uses.
public enum CoordinateFrame: String, Hashable, Codable, Sendable, CaseIterable {
    /// Equatorial ICRS/J2000: longitude = right ascension, latitude = declination.
    case equatorial
    /// IAU 1958 Galactic coordinates (l, b) as defined from J2000 by the Hipparcos matrix.
    case galactic

    /// The rotation taking unit vectors from `self` into `target`.
    public func rotation(to target: CoordinateFrame) -> Rotation {
        switch (self, target) {
        case (.equatorial, .galactic): return .equatorialToGalactic
        case (.galactic, .equatorial): return .galacticToEquatorial
        default: return .identity
        }
    }
}

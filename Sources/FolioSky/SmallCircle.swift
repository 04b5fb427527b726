import Foundation

/// Points on the sky at fixed angular distance from a centre (a "small circle"), e.g. the circle
/// of an event's angular uncertainty.
public enum SmallCircle {
    /// `count` points at angular radius `radius` (radians) around `center`, in the centre's frame.
    ///
    /// Built by rotating the circle drawn around the pole into place, so it is exact for any
    /// radius and any centre, including near the poles.
    public static func points(around center: SkyCoordinate, radius: Double, count: Int = 48) -> [SkyCoordinate] {
        let c = center.unitVector
        // Orthonormal basis (e1, e2) perpendicular to c.
        let helper = abs(c.z) < 0.9 ? UnitVector(x: 0, y: 0, z: 1) : UnitVector(x: 1, y: 0, z: 0)
        let e1 = helper.cross(c).normalized
        let e2 = c.cross(e1)
        let cr = cos(radius), sr = sin(radius)
        return (0..<count).map { i in
            let a = 2 * Double.pi * Double(i) / Double(count)
            let ca = cos(a), sa = sin(a)
            return UnitVector(x: cr * c.x + sr * (ca * e1.x + sa * e2.x),
                              y: cr * c.y + sr * (ca * e1.y + sa * e2.y),
                              z: cr * c.z + sr * (ca * e1.z + sa * e2.z)).coordinate
        }
    }
}

import Foundation
import FolioSky

/// Where the sky lands in a panel: the projection's ellipse placed in a rectangle, with longitude
/// increasing to the left. Pure geometry, shared by the renderer and the tests.
public struct SkyGeometry: Sendable {
    public let projection: SkyProjection
    /// The map's frame; inputs in other frames are rotated into it.
    public let frame: CoordinateFrame
    /// Central longitude in radians.
    public let centerLongitude: Double
    /// The ellipse's bounding box in points (origin top left, y down).
    public let originX: Double
    public let originY: Double
    public let width: Double
    public let height: Double

    public init(projection: SkyProjection, frame: CoordinateFrame, centerLongitudeDegrees: Double,
                originX: Double, originY: Double, width: Double, height: Double) {
        self.projection = projection; self.frame = frame
        self.centerLongitude = centerLongitudeDegrees * .pi / 180
        self.originX = originX; self.originY = originY; self.width = width; self.height = height
    }

    /// Device position (points) of a direction given in the panel's frame (radians).
    @inlinable
    public func point(_ c: SkyCoordinate) -> (x: Double, y: Double) {
        let lambda = SkyProjection.wrap(c.longitude - centerLongitude)
        let p = projection.project(longitude: lambda, latitude: c.latitude)
        return planeToDevice(p.x, p.y)
    }

    /// Device position of a direction in `frame` given in **degrees**.
    public func point(longitude: Double, latitude: Double, in inputFrame: CoordinateFrame) -> (x: Double, y: Double) {
        let c = SkyCoordinate(longitudeDegrees: longitude, latitudeDegrees: latitude)
        return point(inputFrame == frame ? c : inputFrame.rotation(to: frame).apply(to: c))
    }

    /// Projection plane (x right = increasing λ) to device: x flipped so longitude grows leftwards.
    @inlinable
    public func planeToDevice(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (originX + width / 2 - x / SkyProjection.halfWidth * width / 2,
         originY + height / 2 - y / SkyProjection.halfHeight * height / 2)
    }

    @inlinable
    public func deviceToPlane(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
        (-(x - originX - width / 2) / (width / 2) * SkyProjection.halfWidth,
         -(y - originY - height / 2) / (height / 2) * SkyProjection.halfHeight)
    }

    /// Splits a path on the sky (panel frame) into pieces that do not cross the map's edge
    /// (the meridian opposite the centre), each as device points.
    func polylines(_ points: [SkyCoordinate]) -> [[(x: Double, y: Double)]] {
        var out: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        var previousLambda: Double?
        for c in points {
            let lambda = SkyProjection.wrap(c.longitude - centerLongitude)
            if let pl = previousLambda, abs(lambda - pl) > .pi {
                if current.count > 1 { out.append(current) }
                current = []
            }
            let p = projection.project(longitude: lambda, latitude: c.latitude)
            current.append(planeToDevice(p.x, p.y))
            previousLambda = lambda
        }
        if current.count > 1 { out.append(current) }
        return out
    }
}

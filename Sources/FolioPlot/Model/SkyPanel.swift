import Foundation
import FolioSky

/// A whole-sky map: a HEALPix layer, event scatters with angular-error circles and named sources,
/// drawn in an equal-area projection with a graticule. Longitude increases to the **left**.
///
/// All positions are in **degrees** and carry their own frame; they are rotated into the panel's
/// frame with the J2000 matrix of ``Rotation``.
public struct SkyPanel: Codable, Hashable, Sendable {
    public var title: String?
    public var projection: SkyProjection
    public var frame: CoordinateFrame
    /// Longitude at the centre of the map, degrees (0 puts RA = 0 or l = 0 in the middle).
    public var centerLongitude: Double
    /// Graticule spacing in degrees (meridians, parallels); nil hides the graticule.
    public var graticule: Graticule?
    /// Draws the Galactic plane on equatorial maps and the celestial equator on Galactic maps.
    public var showReferencePlane: Bool
    public var map: HEALPixLayer?
    public var events: [SkyEvents]
    public var sources: [SkySource]
    public var legend: LegendPlacement

    public init(title: String? = nil, projection: SkyProjection = .mollweide, frame: CoordinateFrame = .equatorial,
                centerLongitude: Double = 0, graticule: Graticule? = Graticule(), showReferencePlane: Bool = true,
                map: HEALPixLayer? = nil, events: [SkyEvents] = [], sources: [SkySource] = [],
                legend: LegendPlacement = .none) {
        self.title = title; self.projection = projection; self.frame = frame
        self.centerLongitude = centerLongitude; self.graticule = graticule
        self.showReferencePlane = showReferencePlane; self.map = map; self.events = events
        self.sources = sources; self.legend = legend
    }
}

/// Graticule spacing in degrees, and whether to label it.
public struct Graticule: Codable, Hashable, Sendable {
    public var meridianSpacing: Double
    public var parallelSpacing: Double
    public var labels: Bool
    public init(meridianSpacing: Double = 30, parallelSpacing: Double = 30, labels: Bool = true) {
        self.meridianSpacing = meridianSpacing; self.parallelSpacing = parallelSpacing; self.labels = labels
    }
}

/// A full-sky HEALPix map in RING ordering: `values.count` = 12·nside², nside a power of two.
/// Pixels with healpy's UNSEEN value (−1.6375e30), NaN, or ≤ 0 on a log10 colour scale are drawn
/// grey. Use UNSEEN rather than NaN: JSON (the runner's hashing format) has no NaN.
public struct HEALPixLayer: Codable, Hashable, Sendable {
    public var values: [Double]
    /// The frame the map's pixels are defined in.
    public var frame: CoordinateFrame
    public var colorScale: ColorScale
    /// Colour bar label (Pango markup), e.g. "−log<sub>10</sub> p".
    public var colorBarLabel: String?
    /// Draws the horizontal colour bar below the map.
    public var showColorBar: Bool
    public init(values: [Double], frame: CoordinateFrame = .equatorial, colorScale: ColorScale = ColorScale(),
                colorBarLabel: String? = nil, showColorBar: Bool = true) {
        self.values = values; self.frame = frame; self.colorScale = colorScale; self.colorBarLabel = colorBarLabel
        self.showColorBar = showColorBar
    }
}

/// Events on the sky (degrees), each optionally with a circle of its angular error (degrees).
public struct SkyEvents: Codable, Hashable, Sendable {
    public var label: String?
    public var frame: CoordinateFrame
    public var longitudes: [Double]
    public var latitudes: [Double]
    /// Radius of each event's error circle in degrees (drawn as an exact small circle on the sky).
    public var errorRadii: [Double]?
    public var color: Color?
    /// Marker diameter in points.
    public var markerSize: Double
    public init(label: String? = nil, frame: CoordinateFrame = .equatorial, longitudes: [Double], latitudes: [Double],
                errorRadii: [Double]? = nil, color: Color? = nil, markerSize: Double = 3) {
        self.label = label; self.frame = frame; self.longitudes = longitudes; self.latitudes = latitudes
        self.errorRadii = errorRadii; self.color = color; self.markerSize = markerSize
    }
}

/// A named source marker (degrees).
public struct SkySource: Codable, Hashable, Sendable {
    public var name: String
    public var frame: CoordinateFrame
    public var longitude: Double
    public var latitude: Double
    public var marker: Marker
    public var color: Color
    /// Draws the marker as an outline, so the map under it (a hot spot, say) stays visible.
    public var hollow: Bool
    /// A legend row for this source (Pango markup), e.g. its full name and TS; nil: no row.
    public var legendLabel: String?
    public init(_ name: String, frame: CoordinateFrame = .equatorial, longitude: Double, latitude: Double,
                marker: Marker = .star, color: Color = .black, hollow: Bool = false, legendLabel: String? = nil) {
        self.name = name; self.frame = frame; self.longitude = longitude; self.latitude = latitude
        self.marker = marker; self.color = color; self.hollow = hollow; self.legendLabel = legendLabel
    }

    private enum CodingKeys: String, CodingKey { case name, frame, longitude, latitude, marker, color, hollow, legendLabel }

    // Figures written before `hollow` and `legendLabel` existed still decode.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(String.self, forKey: .name), frame: try c.decode(CoordinateFrame.self, forKey: .frame),
                  longitude: try c.decode(Double.self, forKey: .longitude), latitude: try c.decode(Double.self, forKey: .latitude),
                  marker: try c.decode(Marker.self, forKey: .marker), color: try c.decode(Color.self, forKey: .color),
                  hollow: try c.decodeIfPresent(Bool.self, forKey: .hollow) ?? false,
                  legendLabel: try c.decodeIfPresent(String.self, forKey: .legendLabel))
    }
}

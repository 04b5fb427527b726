/// FolioSky: sky geometry as pure maths, no drawing.
///
/// - ``SkyCoordinate`` / ``UnitVector``: directions in radians, angular distances.
/// - ``Rotation`` and ``CoordinateFrame``: equatorial J2000 <-> Galactic with the Hipparcos matrix.
/// - ``HEALPix``: RING-ordered pixelisation (libchealpix), centres, lookups and exact boundaries.
/// - ``SkyProjection``: Mollweide and Hammer–Aitoff, forward and inverse.
/// - ``SmallCircle``: circles of given angular radius (e.g. event error circles).
public enum FolioSkyModule {}

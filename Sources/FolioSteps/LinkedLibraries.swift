import FolioPlot
import FolioSky

/// Versions of the C libraries linked into this build of Folio, for the manifest's toolchain.
/// (libchealpix has no version call; its Debian package is pinned by the machine image.)
public enum LinkedLibraries {
    public static var versions: [String: String] {
        RenderingLibraries.versions.merging(["cfitsio": FITSLibrary.version]) { a, _ in a }
    }
}

/// Versions of the C libraries linked into this build of Folio, for the manifest's toolchain.
/// Filled in as the plotting, FITS and HEALPix modules land.
public enum LinkedLibraries {
    public static var versions: [String: String] { [:] }
}

import CCairo
import CPangoCairo

/// Versions of the C libraries figures are drawn with, for build manifests.
public enum RenderingLibraries {
    public static var versions: [String: String] {
        ["cairo": String(cString: cairo_version_string()), "pango": String(cString: pango_version_string())]
    }
}

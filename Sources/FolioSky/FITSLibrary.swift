import Foundation
import CFitsio

/// The version of cfitsio that reads and writes HEALPix maps, for build manifests.
public enum FITSLibrary {
    public static var version: String {
        var v: Float = 0
        _ = ffvers(&v)
        return String(format: "%.3f", v)
    }
}

import CFitsio
import CChealpix
import Foundation

/// A problem reading or writing a HEALPix FITS file, naming the file.
public struct HEALPixFITSError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

extension HEALPixMap {
    /// healpy's marker for "no data" (hp.UNSEEN).
    public static let unseen = -1.6375e30

    /// Reads the first column of the first binary-table extension of a HEALPix FITS file, as written
    /// by healpy, HEALPix IDL/Fortran or `write(to:)`. NESTED maps are converted to RING;
    /// COORDSYS 'C' (celestial) and 'G' (Galactic) are understood; UNSEEN pixels become 0.
    public static func read(from url: URL) throws -> HEALPixMap {
        let path = url.path
        func fail(_ message: String) -> HEALPixFITSError { HEALPixFITSError(path: path, message: message) }
        var status: Int32 = 0
        var fptr: UnsafeMutablePointer<fitsfile>? = nil
        guard FileManager.default.fileExists(atPath: path) else { throw fail("file not found") }
        ffopen(&fptr, path, 0 /* READONLY */, &status)
        guard status == 0, let fptr else { throw fail("not a FITS file (\(fitsMessage(status)))") }
        defer { var s: Int32 = 0; ffclos(fptr, &s) }
        var hduType: Int32 = 0
        ffmahd(fptr, 2, &hduType, &status)
        guard status == 0 else { throw fail("no binary-table extension holding a HEALPix map (\(fitsMessage(status)))") }
        guard hduType == 2 /* BINARY_TBL */ else { throw fail("extension 1 is not a binary table") }

        func keyword(_ name: String) -> String? {
            var value = [CChar](repeating: 0, count: 72)
            var s: Int32 = 0
            ffgkys(fptr, name, &value, nil, &s)
            guard s == 0 else { return nil }
            return String(cString: value).trimmingCharacters(in: .whitespaces).uppercased()
        }
        if let pixtype = keyword("PIXTYPE"), pixtype != "HEALPIX" { throw fail("PIXTYPE is '\(pixtype)', not HEALPIX") }
        var nsideValue = 0
        var s: Int32 = 0
        ffgkyj(fptr, "NSIDE", &nsideValue, nil, &s)
        guard s == 0 else { throw fail("keyword NSIDE is missing") }
        guard let grid = try? HEALPix(nside: nsideValue) else { throw fail("NSIDE = \(nsideValue) is not a power of two") }
        let ordering = keyword("ORDERING") ?? "RING"
        guard ordering == "RING" || ordering == "NESTED" else { throw fail("ORDERING '\(ordering)' is neither RING nor NESTED") }
        let frame: CoordinateFrame
        switch keyword("COORDSYS") ?? "C" {
        case "C", "Q", "EQUATORIAL", "CELESTIAL": frame = .equatorial
        case "G", "GALACTIC": frame = .galactic
        case let other: throw fail("COORDSYS '\(other)' is not supported (use C or G)")
        }
        var typecode: Int32 = 0, repeatCount = 0, width = 0
        ffgtcl(fptr, 1, &typecode, &repeatCount, &width, &status)
        var rows: Int64 = 0
        ffgnrwll(fptr, &rows, &status)
        guard status == 0 else { throw fail("cannot read the table layout (\(fitsMessage(status)))") }
        let count = Int(rows) * repeatCount
        guard count == grid.pixelCount else {
            throw fail("column 1 holds \(count) values, but NSIDE \(nsideValue) needs \(grid.pixelCount)")
        }
        var values = [Double](repeating: 0, count: count)
        var anyNull: Int32 = 0
        ffgcvd(fptr, 1, 1, 1, Int64(count), 0, &values, &anyNull, &status)
        guard status == 0 else { throw fail("cannot read the map values (\(fitsMessage(status)))") }
        if let bad = values.firstIndex(where: { !$0.isFinite }) { throw fail("pixel \(bad) is not a finite number") }
        values = values.map { abs($0 - unseen) < 1e25 ? 0 : $0 }
        if ordering == "NESTED" {
            var ring = [Double](repeating: 0, count: count)
            for nest in 0..<count {
                var r: Int64 = 0
                nest2ring64(Int64(nsideValue), Int64(nest), &r)
                ring[Int(r)] = values[nest]
            }
            values = ring
        }
        var unit = [CChar](repeating: 0, count: 72)
        var us: Int32 = 0
        ffgkys(fptr, "TUNIT1", &unit, nil, &us)
        return try HEALPixMap(nside: nsideValue, frame: frame, values: values, unit: us == 0 ? String(cString: unit) : "")
    }

    /// Pixel ordering in a FITS file. Folio works in RING; NESTED is accepted on input and output.
    public enum Ordering: String, Sendable { case ring = "RING", nested = "NESTED" }

    /// Writes the map as healpy does (a BINTABLE of 1024 values per row, PIXTYPE/ORDERING/NSIDE/
    /// COORDSYS keywords) to a temporary file that is then renamed over `url`. No DATE keyword is
    /// written, so the same map always gives the same bytes.
    public func write(to url: URL, column: String = "T", ordering: Ordering = .ring) throws {
        let path = url.path
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try? FileManager.default.removeItem(at: temporary)
        func check(_ status: Int32, _ what: String) throws {
            if status != 0 { throw HEALPixFITSError(path: path, message: "\(what) failed (\(fitsMessage(status)))") }
        }
        var status: Int32 = 0
        var fptr: UnsafeMutablePointer<fitsfile>? = nil
        ffinit(&fptr, temporary.path, &status)
        try check(status, "creating the file")
        defer { if let fptr { var s: Int32 = 0; ffclos(fptr, &s) } }
        ffcrim(fptr, 8, 0, nil, &status)  // empty primary HDU
        let perRow = values.count >= 1024 ? 1024 : 1
        var ttype = [strdup(column)], tform = [strdup("\(perRow)D")], tunit = [strdup(unit)]
        defer { (ttype + tform + tunit).forEach { free($0) } }
        ffcrtb(fptr, 2 /* BINARY_TBL */, Int64(values.count / perRow), 1, &ttype, &tform, &tunit, "xtension", &status)
        ffpkys(fptr, "PIXTYPE", "HEALPIX", "HEALPIX pixelisation", &status)
        ffpkys(fptr, "ORDERING", ordering.rawValue, "Pixel ordering scheme", &status)
        ffpkyj(fptr, "NSIDE", Int64(nside), "Resolution parameter of HEALPIX", &status)
        ffpkyj(fptr, "FIRSTPIX", 0, "First pixel # (0 based)", &status)
        ffpkyj(fptr, "LASTPIX", Int64(values.count - 1), "Last pixel # (0 based)", &status)
        ffpkys(fptr, "INDXSCHM", "IMPLICIT", "Indexing: IMPLICIT or EXPLICIT", &status)
        ffpkys(fptr, "OBJECT", "FULLSKY", "Sky coverage", &status)
        ffpkys(fptr, "COORDSYS", frame == .galactic ? "G" : "C", "Ecliptic, Galactic or Celestial (equatorial)", &status)
        try check(status, "writing the header")
        var data = values
        if ordering == .nested {
            for ring in 0..<values.count {
                var nest: Int64 = 0
                ring2nest64(Int64(nside), Int64(ring), &nest)
                data[Int(nest)] = values[ring]
            }
        }
        ffpcld(fptr, 1, 1, 1, Int64(data.count), &data, &status)
        try check(status, "writing the values")
        ffclos(fptr, &status)
        fptr = nil
        try check(status, "closing the file")
        if rename(temporary.path, path) != 0 {
            throw HEALPixFITSError(path: path, message: "cannot rename the temporary file into place (errno \(errno))")
        }
    }
}

private func fitsMessage(_ status: Int32) -> String {
    var text = [CChar](repeating: 0, count: 32)
    ffgerr(status, &text)
    return "cfitsio status \(status): \(String(cString: text))"
}

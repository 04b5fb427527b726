import Foundation
import CCairo

// MARK: - Public API

/// Draws `figure` and writes it to `url` atomically (a temporary file in the same folder, flushed,
/// then renamed over the destination), so readers never see a half-written figure.
///
/// Output is byte-deterministic: the same figure value gives the same bytes in every format
/// (PDF creation/modification dates are fixed; PNG and SVG carry no timestamps).
/// - Throws: ``FigureError`` if the figure cannot be drawn (naming the panel and series), or a
///   file-system error.
public func render(_ figure: Figure, format: FigureFormat, to url: URL) throws {
    let data = try render(figure, format: format)
    try writeAtomically(data, to: url)
}

/// Draws `figure` into memory and returns the encoded PNG, SVG or PDF bytes.
public func render(_ figure: Figure, format: FigureFormat) throws -> Data {
    try figure.validate()
    let width = figure.width * 72, height = figure.height * 72
    switch format {
    case .png(let dpi):
        guard dpi > 0, dpi.isFinite else {
            throw FigureError(figure: figure.name, location: "", problem: "PNG resolution must be positive, got \(dpi) dpi")
        }
        let image = try rasterize(figure, dpi: dpi)
        defer { cairo_surface_destroy(image) }
        return try encodePNG(image, figure: figure.name)
    case .svg, .pdf:
        let sink = ByteSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer
        if format == .svg {
            surface = cairo_svg_surface_create_for_stream(ByteSink.write, context, width, height)
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        } else {
            surface = cairo_pdf_surface_create_for_stream(ByteSink.write, context, width, height)
            // Fixed dates: Cairo 1.16 otherwise stamps the current time (and ignores SOURCE_DATE_EPOCH).
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Folio")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, figure.name)
        }
        let cr = cairo_create(surface)!
        let canvas = Canvas(cr: cr, deviceScale: 1)
        // HEALPix maps embedded in vector output are rasterised at 200 dpi.
        FigureRenderer(figure: figure, canvas: canvas, rasterScale: 200.0 / 72).draw()
        let status = cairo_status(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let surfaceStatus = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS, surfaceStatus == CAIRO_STATUS_SUCCESS else {
            let s = status != CAIRO_STATUS_SUCCESS ? status : surfaceStatus
            throw FigureError(figure: figure.name, location: "", problem: "cairo failed: \(String(cString: cairo_status_to_string(s)))")
        }
        return format == .svg ? canonicalSVGIdentifiers(sink.data) : sink.data
    }
}

// MARK: - Internals

/// Cairo numbers some SVG element ids (images, surfaces, patterns, clips) from process-wide
/// counters, so the same figure rendered after another one gets different ids. Renumbering each
/// id family in order of first appearance makes the document depend only on the figure.
func canonicalSVGIdentifiers(_ data: Data) -> Data {
    let text = String(decoding: data, as: UTF8.self)
    let families = ["image", "surface", "source", "pattern", "clip", "mask", "linear", "radial", "filter"]
    var mapping: [String: [Substring: Int]] = [:]
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var i = text.startIndex
    // Scan for tokens introduced by id=" or #, followed by a family name and digits.
    while i < text.endIndex {
        let c = text[i]
        var prefixEnd: String.Index?
        if c == "#" { prefixEnd = text.index(after: i) }
        else if c == "\"", i > text.startIndex, text[text.index(before: i)] == "=",
                text[..<i].hasSuffix("id=") { prefixEnd = text.index(after: i) }
        guard let start = prefixEnd else { out.append(c); i = text.index(after: i); continue }
        var matched = false
        for family in families where text[start...].hasPrefix(family) {
            let digitsStart = text.index(start, offsetBy: family.count)
            var j = digitsStart
            while j < text.endIndex, text[j].isASCII, text[j].isNumber { j = text.index(after: j) }
            guard j > digitsStart else { continue }
            let old = text[digitsStart..<j]
            var table = mapping[family, default: [:]]
            let new = table[old] ?? table.count
            table[old] = new
            mapping[family] = table
            out.append(contentsOf: text[i..<start]); out.append(family); out.append(String(new))
            i = j
            matched = true
            break
        }
        if !matched { out.append(c); i = text.index(after: i) }
    }
    return Data(out.utf8)
}

/// Draws the figure on an ARGB32 image surface at `dpi` (caller destroys it). Tests read pixels back from it.
func rasterize(_ figure: Figure, dpi: Double) throws -> OpaquePointer {
    let scale = dpi / 72
    let w = Int32((figure.width * dpi).rounded()), h = Int32((figure.height * dpi).rounded())
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h)!
    let cr = cairo_create(surface)!
    cairo_scale(cr, scale, scale)
    let canvas = Canvas(cr: cr, deviceScale: scale)
    FigureRenderer(figure: figure, canvas: canvas, rasterScale: scale).draw()
    let status = cairo_status(cr)
    cairo_destroy(cr)
    cairo_surface_flush(surface)
    guard status == CAIRO_STATUS_SUCCESS else {
        cairo_surface_destroy(surface)
        throw FigureError(figure: figure.name, location: "", problem: "cairo failed: \(String(cString: cairo_status_to_string(status)))")
    }
    return surface
}

func encodePNG(_ surface: OpaquePointer, figure: String) throws -> Data {
    let sink = ByteSink()
    let status = cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
    guard status == CAIRO_STATUS_SUCCESS else {
        throw FigureError(figure: figure, location: "", problem: "PNG encoding failed: \(String(cString: cairo_status_to_string(status)))")
    }
    return sink.data
}

/// Collects the bytes Cairo streams out.
final class ByteSink {
    var data = Data()
    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}

/// Writes to a temporary sibling file, fsyncs it, and renames it over `url`.
func writeAtomically(_ data: Data, to url: URL) throws {
    let dir = url.deletingLastPathComponent()
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
    guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: tmp.path])
    }
    do {
        let handle = try FileHandle(forWritingTo: tmp)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        guard rename(tmp.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                         NSLocalizedDescriptionKey: "rename failed: \(String(cString: strerror(errno)))"])
        }
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw error
    }
}

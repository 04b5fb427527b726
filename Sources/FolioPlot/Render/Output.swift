import Foundation
import FolioCache
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
    try AtomicFile.write(data, to: url)
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
    // Works on UTF-8 bytes: figures embed megabytes of base64 images, too slow to walk as Characters.
    let bytes = [UInt8](data)
    let families = ["image", "surface", "source", "pattern", "clip", "mask", "linear", "radial", "filter"].map { Array($0.utf8) }
    let hash = UInt8(ascii: "#"), quote = UInt8(ascii: "\""), idEquals = Array("id=".utf8)
    var mapping: [[UInt8]: [ArraySlice<UInt8>: Int]] = [:]
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    // Scan for tokens introduced by id=" or #, followed by a family name and digits.
    while i < bytes.count {
        let c = bytes[i]
        var start: Int?
        if c == hash { start = i + 1 }
        else if c == quote, i >= 3, Array(bytes[(i - 3)..<i]) == idEquals { start = i + 1 }
        guard let start else { out.append(c); i += 1; continue }
        var matched = false
        for family in families where start + family.count <= bytes.count && bytes[start..<(start + family.count)].elementsEqual(family) {
            let digitsStart = start + family.count
            var j = digitsStart
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39 { j += 1 }
            guard j > digitsStart else { continue }
            let old = bytes[digitsStart..<j]
            var table = mapping[family, default: [:]]
            let new = table[old] ?? table.count
            table[old] = new
            mapping[family] = table
            out.append(contentsOf: bytes[i..<start]); out.append(contentsOf: family); out.append(contentsOf: Array(String(new).utf8))
            i = j
            matched = true
            break
        }
        if !matched { out.append(c); i += 1 }
    }
    return Data(out)
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


import Foundation
import FolioModel
import CCairo
import CPangoCairo
import Ink

/// Typesets a ``ResolvedReport`` as an A4 paper with Pango on a Cairo PDF surface.
///
/// Fonts are embedded (subset) by Cairo, text stays selectable, figures are drawn as vectors from
/// their SVG by librsvg, and the bytes are deterministic: the PDF dates are fixed and nothing else
/// in the file depends on the clock.
struct PDFRenderer {
    let report: ResolvedReport
    let inputs: ReportInputs
    var style = PDFStyle()

    /// The creation and modification date written into every report (cairo 1.16 ignores
    /// SOURCE_DATE_EPOCH and would otherwise stamp the current time).
    static let fixedDate = "2000-01-01T00:00:00Z"

    func render() throws -> Data {
        let sink = ByteSink()
        let write: cairo_write_func_t = { closure, bytes, length in
            let sink = Unmanaged<ByteSink>.fromOpaque(closure!).takeUnretainedValue()
            sink.data.append(bytes!, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        let surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(),
                                                          style.pageWidth, style.pageHeight)!
        defer { cairo_surface_destroy(surface) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, report.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, report.authors.map(\.name).joined(separator: ", "))
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Folio \(inputs.buildInfo.folioVersion)")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, Self.fixedDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, Self.fixedDate)

        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        let context = pango_cairo_create_context(cr)!
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        pango_cairo_context_set_resolution(context, 72) // 1 Pango point = 1 PDF unit
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context, options)
        pango_cairo_context_set_shape_renderer(context, InlineObject.renderer, nil, nil)
        try Self.requireFont(style.serif, package: "fonts-texgyre", context: context)
        try Self.requireFont(style.mono, package: "fonts-dejavu-core", context: context)
        cairo_font_options_destroy(options)
        cairo_set_source_rgb(cr, 0.07, 0.07, 0.07)

        let builder = FlowBuilder(report: report, inputs: inputs, style: style, context: context)
        let items = try builder.items()
        let runningTitle = try TextBox(context: context, markup: "<i>\(HTMLEscaping.escape(report.title))</i>",
                                       font: style.font(8.5), width: style.textWidth, alignment: PANGO_ALIGN_CENTER)
        let composer = PageComposer(cr: cr, surface: surface, style: style,
            header: { page in page == 1 ? nil : runningTitle },
            footer: { page in
                // A failure here would be a bug in fixed markup; fall back to nothing drawn.
                (try? TextBox(context: context, markup: String(page), font: style.font(9.5), width: style.textWidth,
                              alignment: PANGO_ALIGN_CENTER))!
            })
        composer.compose(items)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ReportOutputError(path: "report.pdf", message: "cairo: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }
}

extension PDFRenderer {
    /// Fontconfig silently substitutes a missing family, which would change the layout and the
    /// bytes of the PDF from one machine to the next; a missing face is an error instead.
    static func requireFont(_ family: String, package: String, context: OpaquePointer) throws {
        let description = pango_font_description_from_string("\(family) 10")
        defer { pango_font_description_free(description) }
        guard let font = pango_context_load_font(context, description) else {
            throw ReportOutputError(path: "report.pdf", message: "no font could be loaded for '\(family)'")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        let loaded = pango_font_describe(font)
        defer { pango_font_description_free(loaded) }
        let name = pango_font_description_get_family(loaded).map { String(cString: $0) } ?? ""
        guard name.caseInsensitiveCompare(family) == .orderedSame else {
            throw ReportOutputError(path: "report.pdf",
                message: "font '\(family)' is not installed (Debian package \(package)); fontconfig offered '\(name)'")
        }
    }
}

/// Collects the bytes Cairo streams out.
private final class ByteSink {
    var data = Data()
}

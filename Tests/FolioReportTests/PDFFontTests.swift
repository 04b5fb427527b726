import Testing
import CPangoCairo
@testable import FolioReport

@Suite struct PDFFontTests {
    @Test func aMissingFontIsAnErrorNamingItsPackage() throws {
        let context = pango_font_map_create_context(pango_cairo_font_map_get_default())!
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        try PDFRenderer.requireFont("TeX Gyre Pagella", package: "fonts-texgyre", context: context)
        do {
            try PDFRenderer.requireFont("Folio Nonexistent Serif", package: "fonts-folio", context: context)
            Issue.record("expected an error")
        } catch let error as ReportOutputError {
            #expect(error.message.hasPrefix("font 'Folio Nonexistent Serif' is not installed (Debian package fonts-folio)"))
            // The runner prints it as "error: step 'report': <description>": one "error:", not two.
            #expect(error.description == "report.pdf: \(error.message)")
        }
    }
}

/// Page geometry and type for the PDF, in PostScript points (1/72 in).
///
/// A4 with a 153 mm single column at 11 pt (about 85 characters a line), TeX Gyre Pagella
/// (Debian `fonts-texgyre`) for text, DejaVu Sans Mono (`fonts-dejavu-core`) for code.
struct PDFStyle {
    var pageWidth = 595.276
    var pageHeight = 841.890
    var marginLeft = 80.0
    var marginTop = 72.0
    var marginBottom = 78.0
    var textWidth: Double { pageWidth - 2 * marginLeft }
    var textTop: Double { marginTop }
    var textBottom: Double { pageHeight - marginBottom }

    var serif = "TeX Gyre Pagella"
    var mono = "DejaVu Sans Mono"
    var bodySize = 11.0
    var smallSize = 9.5
    var lineSpacing = 1.15
    var paragraphGap = 5.0
    var floatGap = 14.0
    var linkColor = "#1a4f8b"

    func font(_ size: Double, bold: Bool = false, italic: Bool = false, family: String? = nil) -> String {
        var s = family ?? serif
        if bold { s += " Bold" }
        if italic { s += " Italic" }
        return s + " " + String(size)
    }
}

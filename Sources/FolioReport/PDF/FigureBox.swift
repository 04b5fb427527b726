import Foundation
import CCairo
import CPangoCairo
import CRsvg

/// A figure drawn as vectors from its SVG by librsvg, centred, with its caption below.
final class FigureBox: FloatBox {
    private let handle: UnsafeMutablePointer<RsvgHandle>
    private let caption: TextBox
    private let imageWidth: Double
    private let imageHeight: Double
    private let textWidth: Double
    private let destination: String
    private let gap = 8.0

    var height: Double { imageHeight + gap + caption.height }

    /// - Parameter maximumHeight: the image is scaled down to stay below this (pt).
    init(svg: URL, widthFraction: Double, caption: TextBox, textWidth: Double, maximumHeight: Double,
         destination: String) throws {
        var error: UnsafeMutablePointer<GError>?
        guard let handle = rsvg_handle_new_from_file(svg.path, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            g_error_free(error)
            throw ReportOutputError(path: svg.path, message: "librsvg cannot read the figure: \(message)")
        }
        self.handle = handle
        var w = 0.0, h = 0.0
        if rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) == 0 || w <= 0 || h <= 0 {
            // No width/height attributes: take the aspect ratio from the viewBox.
            var hasW: gboolean = 0, hasH: gboolean = 0, hasBox: gboolean = 0
            var lw = RsvgLength(), lh = RsvgLength(), box = RsvgRectangle()
            rsvg_handle_get_intrinsic_dimensions(handle, &hasW, &lw, &hasH, &lh, &hasBox, &box)
            guard hasBox != 0, box.width > 0, box.height > 0 else {
                g_object_unref(UnsafeMutableRawPointer(handle))
                throw ReportOutputError(path: svg.path, message: "figure has neither a size nor a viewBox")
            }
            (w, h) = (box.width, box.height)
        }
        var width = textWidth * widthFraction
        var height = width * h / w
        if height > maximumHeight {
            width *= maximumHeight / height
            height = maximumHeight
        }
        self.imageWidth = width
        self.imageHeight = height
        self.caption = caption
        self.textWidth = textWidth
        self.destination = destination
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    func draw(_ cr: OpaquePointer, x: Double, y: Double) {
        cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='\(destination)' x=\(Int(x)) y=\(Int(max(y - 6, 0)))")
        cairo_tag_end(cr, CAIRO_TAG_DEST)
        var viewport = RsvgRectangle(x: x + (textWidth - imageWidth) / 2, y: y, width: imageWidth, height: imageHeight)
        cairo_save(cr)
        var error: UnsafeMutablePointer<GError>?
        if rsvg_handle_render_document(handle, cr, &viewport, &error) == 0 { g_error_free(error) }
        cairo_restore(cr)
        caption.draw(cr, x: x, y: y + imageHeight + gap)
    }
}

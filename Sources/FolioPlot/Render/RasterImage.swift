import Foundation
import CCairo

/// A rendered figure as plain pixels (premultiplied ARGB32, row-major, no padding), for tests and
/// tools that inspect what was drawn.
struct RasterImage {
    let width: Int
    let height: Int
    let pixels: [UInt32]

    func pixel(_ x: Int, _ y: Int) -> UInt32 { pixels[y * width + x] }

    init(figure: Figure, dpi: Double) throws {
        try figure.validate()
        let surface = try rasterize(figure, dpi: dpi)
        defer { cairo_surface_destroy(surface) }
        self.init(surface: surface)
    }

    /// Copies an ARGB32 image surface's pixels, dropping the row padding.
    private init(surface: OpaquePointer) {
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!.withMemoryRebound(to: UInt32.self, capacity: stride * height) { $0 }
        var px = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height { for x in 0..<width { px[y * width + x] = data[y * stride + x] } }
        pixels = px
    }

    init(width: Int, height: Int, pixels: [UInt32]) {
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// Decodes a PNG file (for golden-image comparison).
    init(png url: URL) throws {
        let surface = cairo_image_surface_create_from_png(url.path)!
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        let converted = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface))!
        defer { cairo_surface_destroy(converted) }
        let cr = cairo_create(converted)!
        cairo_set_source_surface(cr, surface, 0, 0); cairo_paint(cr); cairo_destroy(cr)
        self.init(surface: converted)
    }

    /// Encodes as PNG bytes.
    func pngData() throws -> Data {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let data = cairo_image_surface_get_data(surface)!.withMemoryRebound(to: UInt32.self, capacity: stride * height) { $0 }
        for y in 0..<height { for x in 0..<width { data[y * stride + x] = pixels[y * width + x] } }
        cairo_surface_mark_dirty(surface)
        return try encodePNG(surface, figure: "raster")
    }
}

extension Canvas {
    /// A canvas on a 1×1 image, for measuring text outside of drawing (tests, layout tools).
    /// The surface is kept alive by the returned closure's owner.
    static func measuring() -> (canvas: Canvas, release: () -> Void) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)!
        let cr = cairo_create(surface)!
        let canvas = Canvas(cr: cr, deviceScale: 1)
        return (canvas, { cairo_destroy(cr); cairo_surface_destroy(surface) })
    }
}

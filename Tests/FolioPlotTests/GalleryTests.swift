import Testing
import Foundation
@testable import FolioPlot

/// Renders every gallery figure in all three formats. Set FOLIO_GALLERY_DIR to keep the files
/// (e.g. to look at them); otherwise they go to a temporary folder that is removed.
@Suite struct GalleryTests {
    @Test func everyGalleryFigureRendersInEveryFormat() throws {
        let keep = ProcessInfo.processInfo.environment["FOLIO_GALLERY_DIR"]
        let dir = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("folio-gallery-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        let figures = GalleryFigures.all()
        #expect(figures.count >= 8)
        #expect(Set(figures.map(\.name)).count == figures.count, "gallery names must be unique")
        for (name, figure) in figures {
            for format in [FigureFormat.png(dpi: 150), .svg, .pdf] {
                let url = dir.appendingPathComponent("\(name).\(format.fileExtension)")
                try render(figure, format: format, to: url)
                let data = try Data(contentsOf: url)
                switch format {
                case .png: #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is a PNG")
                case .svg: #expect(String(decoding: data.prefix(100), as: UTF8.self).contains("<?xml"), "\(name).svg is XML")
                case .pdf: #expect(data.starts(with: Array("%PDF".utf8)), "\(name).pdf is a PDF")
                }
            }
        }
    }
}

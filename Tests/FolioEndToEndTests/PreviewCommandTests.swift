import Foundation
import Testing
import FolioTestSupport

/// `folio preview` in a real browser: headless Chromium keeps the served page open (DevTools
/// protocol) while the test edits a watched input, and reads what the page shows.
@Suite(.serialized) struct PreviewCommandTests {
    /// The watched input the test edits, relative to the temporary project. Once the toy's prose
    /// lives in Markdown, make this "analyses/Toy/report.md": the edit appends a paragraph.
    static let editedInput = "templates/report.html.mustache"

    /// An edit that breaks the build, and the text the error must show.
    static let breakingEdit = (file: "templates/report.html.mustache", append: "\n{{#unclosed}}\n", expected: "report.html.mustache")

    /// A running preview of the toy on a temporary copy of the project: `analyses/` (for its
    /// Markdown) and `templates/` (Folio's own, through FOLIO_HOME), with output in the copy.
    final class Preview {
        let dir = TemporaryDirectory("folio-preview")
        let process: BackgroundFolio
        let url: String
        let browser: HeadlessChromium
        let page: String

        init() throws {
            for folder in ["templates", "analyses"] {
                try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(folder), to: dir.path(folder))
            }
            try FileManager.default.createDirectory(at: dir.path("output"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: try PreviewCommandTests.toyCache.get(), to: dir.path("output/.cache"))
            process = try BackgroundFolio(["preview", "toy", "--port", "0"], in: dir, label: "preview",
                                          environment: ["FOLIO_HOME": dir.url.path, "FOLIO_DATA": dir.path("data").path])
            let announced = "folio preview: toy at "
            guard process.waitFor(announced, timeout: 30),
                  let line = process.stderr.split(separator: "\n").first(where: { $0.hasPrefix(announced) }),
                  let address = line.dropFirst(announced.count).split(separator: " ").first else {
                process.kill()
                throw PreviewTestError("preview did not start: \(process.stderr)")
            }
            url = String(address)
            // The page may load while the first build runs and reload by itself; the edits below
            // are timed from a finished build (HTML, then PDF).
            guard Self.builds(process, count: 1) else {
                process.kill()
                throw PreviewTestError("first build did not finish: \(process.stderr)")
            }
            do {
                browser = try HeadlessChromium()
                page = try browser.open(url)
            } catch {
                process.kill()
                throw error
            }
        }

        deinit {
            browser.close()
            process.kill()
        }

        /// Waits until `count` complete builds (the HTML, then the PDF) have finished.
        func builds(count: Int, timeout: Double = 120) -> Bool { Self.builds(process, count: count, timeout: timeout) }

        static func builds(_ process: BackgroundFolio, count: Int, timeout: Double = 120) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if process.stderr.components(separatedBy: "(html, pdf)").count - 1 >= count { return true }
                usleep(20_000)
            }
            return false
        }

        func shows(_ text: String, timeout: Double = 20) throws -> Double? {
            try browser.waitUntil("document.body !== null && document.body.innerText.includes(\(Self.quoted(text)))", session: page, timeout: timeout)
        }

        func append(_ text: String, to file: String) throws {
            let handle = try FileHandle(forWritingTo: dir.path(file))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }

        static func quoted(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
        }
    }

    /// The toy's cache, built once for the suite in a copy like the tests' (keys depend on the
    /// contents of inputs, not their paths): each preview then starts from it and the tests time
    /// edits rather than 2000 background trials.
    static let toyCache = Result<URL, any Error> {
        let folder = packageRoot.appendingPathComponent(".build/preview-test-toy")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for copied in ["templates", "analyses"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(copied), to: folder.appendingPathComponent(copied))
        }
        let build = try runProcess(folioExecutable, ["build", "toy"], in: folder,
                                   environment: ["FOLIO_HOME": folder.path, "FOLIO_DATA": folder.appendingPathComponent("data").path])
        guard build.status == 0 else { throw PreviewTestError("folio build toy failed: \(build.stderr)") }
        return folder.appendingPathComponent("output/.cache")
    }

    struct PreviewTestError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func anEditShowsInTheOpenPageWithoutAManualReload() throws {
        let preview = try Preview()
        #expect(try preview.shows("A toy peak search") != nil, "\(preview.process.stderr)")
        // A mark that a reload clears: the test never reloads, so only the page's own script can.
        try preview.browser.evaluate("window.folioTestMark = 1", session: preview.page)

        let marker = "FolioPreviewMarker\(UInt32.random(in: 100_000...999_999))"
        try preview.append("\n\n\(marker)\n", to: Self.editedInput)
        let seconds = try preview.shows(marker)
        #expect(seconds != nil, "the page never showed the edit: \(preview.process.stderr)")
        print("folio preview: edit of \(Self.editedInput) to reloaded page: \(String(format: "%.2f", seconds ?? -1)) s")
        #expect(try preview.browser.evaluate("window.folioTestMark === undefined", session: preview.page) as? Bool == true)

        // On disk, report.html is what `folio build` writes: no reload script, and a build
        // afterwards finds every step cached and the same bytes.
        #expect(preview.builds(count: 2), "the build after the edit did not finish: \(preview.process.stderr)")
        let report = preview.dir.path("output/toy/report.html")
        let before = try Data(contentsOf: report)
        #expect(String(decoding: before, as: UTF8.self).contains(marker))
        #expect(!String(decoding: before, as: UTF8.self).contains("folio-preview"))
        preview.process.kill()
        let build = try runProcess(folioExecutable, ["build", "toy"], in: preview.dir.url,
                                   environment: ["FOLIO_HOME": preview.dir.url.path, "FOLIO_DATA": preview.dir.path("data").path])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("toy: 6 steps, 0 ran, 6 cached"), "\(build.stdout)")
        #expect(try Data(contentsOf: report) == before)
        #expect(FileManager.default.fileExists(atPath: preview.dir.path("output/toy/report.pdf").path))
    }

    @Test func aBrokenInputShowsItsErrorInThePageUntilFixed() throws {
        let preview = try Preview()
        #expect(try preview.shows("A toy peak search") != nil, "\(preview.process.stderr)")
        let file = preview.dir.path(Self.breakingEdit.file)
        let original = try Data(contentsOf: file)
        try preview.append(Self.breakingEdit.append, to: Self.breakingEdit.file)

        let errorShown = "(document.getElementById('folio-preview-error') || {textContent: ''}).textContent.includes(\(Preview.quoted(Self.breakingEdit.expected)))"
        #expect(try preview.browser.waitUntil(errorShown, session: preview.page, timeout: 20) != nil, "\(preview.process.stderr)")
        #expect(preview.process.stderr.contains("error: "), "the terminal shows the error too")
        // The last good report stays readable under the error.
        #expect(try preview.shows("A toy peak search", timeout: 1) != nil)

        try original.write(to: file)
        let recovered = "document.getElementById('folio-preview-error') === null && document.body.innerText.includes('A toy peak search')"
        #expect(try preview.browser.waitUntil(recovered, session: preview.page, timeout: 20) != nil, "\(preview.process.stderr)")
    }
}

import Foundation
import Testing
import FolioTestSupport

/// `folio preview` in a real browser: headless Chromium keeps the served page open (DevTools
/// protocol) while the test edits a watched input, and reads what the page shows.
@Suite(.serialized) struct PreviewCommandTests {
    /// The watched input the test edits, relative to the temporary project: the toy's prose, to
    /// which the edit appends a paragraph.
    static let editedInput = "analyses/Toy/report.md"

    /// An edit that breaks the build, and the text the error must show.
    static let breakingEdit = (file: "analyses/Toy/report.md", append: "\nThe fit gives {{ results.fit.noSuchResult }}.\n", expected: "report.md:")

    /// A running preview on a temporary copy of the project: `analyses/` (for its Markdown) and
    /// `templates/` (Folio's own, through FOLIO_HOME), with output in the copy. Its cache is a copy
    /// of `cache`, or the folder itself when `linkCache` (to time an analysis built in this checkout).
    final class Preview {
        let dir = TemporaryDirectory("folio-preview")
        let process: BackgroundFolio
        let url: String
        let browser: HeadlessChromium
        let page: String

        init(_ analysis: String = "toy", cache: URL? = nil, linkCache: Bool = false, dataRoot: URL? = nil) throws {
            // Copies of what the tests edit; links to the rest (project-file inputs such as datasets/).
            for entry in try FileManager.default.contentsOfDirectory(atPath: packageRoot.path) where !entry.hasPrefix(".") && entry != "output" {
                let source = packageRoot.appendingPathComponent(entry)
                if entry == "templates" || entry == "analyses" {
                    try FileManager.default.copyItem(at: source, to: dir.path(entry))
                } else {
                    try FileManager.default.createSymbolicLink(at: dir.path(entry), withDestinationURL: source)
                }
            }
            try FileManager.default.createDirectory(at: dir.path("output"), withIntermediateDirectories: true)
            let cache = try cache ?? PreviewCommandTests.toyCache.get()
            if linkCache {
                try FileManager.default.createSymbolicLink(at: dir.path("output/.cache"), withDestinationURL: cache)
            } else {
                try FileManager.default.copyItem(at: cache, to: dir.path("output/.cache"))
            }
            process = try BackgroundFolio(["preview", analysis, "--port", "0"], in: dir, label: "preview",
                                          environment: ["FOLIO_HOME": dir.url.path, "FOLIO_DATA": (dataRoot ?? dir.path("data")).path])
            let announced = "folio preview: \(analysis) at "
            guard process.waitFor(announced, timeout: 30),
                  let line = process.stderr.split(separator: "\n").first(where: { $0.hasPrefix(announced) }),
                  let address = line.dropFirst(announced.count).split(separator: " ").first else {
                process.kill()
                throw PreviewTestError("preview did not start: \(process.stderr)")
            }
            url = String(address)
            // The page may load while the first build runs and reload by itself; the edits below
            // are timed from a finished build (HTML, then PDF).
            guard Self.builds(process, count: 1, timeout: linkCache ? 3600 : 120) else {
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
                let log = process.stderr
                if log.components(separatedBy: "(html, pdf)").count - 1 >= count { return true }
                if log.hasPrefix("error: ") || log.contains("\nerror: ") || !process.process.isRunning { return false }
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
        // Marks that a new page clears: the test never reloads, so only the page's own script can
        // replace the body; it does so in place, so the window's mark stays.
        try preview.browser.evaluate("window.folioTestMark = 1; document.body.dataset.folioTestMark = '1'", session: preview.page)

        let marker = "FolioPreviewMarker\(UInt32.random(in: 100_000...999_999))"
        try preview.append("\n\n\(marker)\n", to: Self.editedInput)
        let seconds = try preview.shows(marker)
        #expect(seconds != nil, "the page never showed the edit: \(preview.process.stderr)")
        print("folio preview: edit of \(Self.editedInput) to reloaded page: \(String(format: "%.2f", seconds ?? -1)) s")
        #expect(try preview.browser.evaluate("document.body.dataset.folioTestMark === undefined", session: preview.page) as? Bool == true)
        #expect(try preview.browser.evaluate("window.folioTestMark === 1", session: preview.page) as? Bool == true, "updated in place")
        // Unchanged figures keep their versioned links; the page loads each figure that it shows.
        #expect(try preview.browser.evaluate("[...document.querySelectorAll('figure img')].every(i => i.complete && i.naturalWidth > 0 && i.src.includes('?v='))",
                                             session: preview.page) as? Bool == true)

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

    /// Edit-to-reload times of an analysis already built in this checkout (its cache is used in
    /// place), e.g. `FOLIO_PREVIEW_MEASURE=galactic-plane-quick swift test --filter PreviewCommandTests`:
    /// five edits of `editedInput`, each timed from the write to the page showing it.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_PREVIEW_MEASURE"] != nil))
    func editToReloadTimes() throws {
        let analysis = ProcessInfo.processInfo.environment["FOLIO_PREVIEW_MEASURE"]!
        let environment = ProcessInfo.processInfo.environment
        let data = environment["FOLIO_DATA"].map { URL(fileURLWithPath: $0) } ?? packageRoot.appendingPathComponent("../shared/data").standardizedFileURL
        let preview = try Preview(analysis, cache: packageRoot.appendingPathComponent("output/.cache"), linkCache: true, dataRoot: data)
        #expect(try preview.browser.waitUntil("document.querySelector('h1.title') !== null", session: preview.page, timeout: 30) != nil)
        var times: [Double] = []
        var published: [Double] = []
        for round in 1...5 {
            let marker = "FolioPreviewMeasure\(round)x\(UInt32.random(in: 100_000...999_999))"
            let start = Date()
            try preview.append("\n\n\(marker)\n", to: Self.editedInput)
            // Also when the HTML build finished (the terminal's "(html)" line): the rest is the
            // page's long poll, reload and rendering.
            var builtAt: Double?
            var shownAt: Double?
            while Date().timeIntervalSince(start) < 60, shownAt == nil {
                if builtAt == nil, preview.process.stderr.components(separatedBy: "(html)\n").count - 1 > round {
                    builtAt = Date().timeIntervalSince(start)
                }
                if (try? preview.browser.evaluate("document.body !== null && document.body.innerText.includes('\(marker)')",
                                                  session: preview.page)) as? Bool == true {
                    shownAt = Date().timeIntervalSince(start)
                }
                usleep(10_000)
            }
            guard let shownAt else {
                Issue.record("round \(round): the page never showed the edit: \(preview.process.stderr.suffix(2000))")
                return
            }
            times.append(shownAt)
            published.append(builtAt ?? .nan)
            #expect(preview.builds(count: round + 1, timeout: 300))  // the PDF too, before the next edit
        }
        print("HTML published after: " + published.map { String(format: "%.2f", $0) }.joined(separator: ", ") + " s")
        let sorted = times.sorted()
        print("folio preview \(analysis): edit to reloaded page, 5 edits: " + times.map { String(format: "%.2f", $0) }.joined(separator: ", ")
              + String(format: " s (median %.2f s)", sorted[2]))
        let lines = preview.process.stderr.split(separator: "\n").filter { $0.hasPrefix("\(analysis):") }
        print(lines.joined(separator: "\n"))
    }
}

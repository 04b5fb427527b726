import Foundation
import Testing
import FolioTestSupport
@testable import FolioCommandLine

/// The parts of `folio preview` on their own: the watcher, the served page's rewriting, the
/// compiler-log digest, the restart arguments and the long poll.
@Suite struct PreviewPartsTests {
    @Test func watcherSeesEditsReplacementsNewAndRemovedFilesAndOnlyWatchedSuffixes() throws {
        let dir = TemporaryDirectory()
        let sources = dir.path("analyses/Toy")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try "let a = 1\n".write(to: sources.appendingPathComponent("Toy.swift"), atomically: false, encoding: .utf8)
        try "prose\n".write(to: sources.appendingPathComponent("report.md"), atomically: false, encoding: .utf8)
        try "x".write(to: sources.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        try "a,b\n".write(to: dir.path("data.csv"), atomically: false, encoding: .utf8)
        var list = WatchList()
        list.add(tree: dir.path("analyses"), suffixes: [".swift", ".md"])
        list.add(file: dir.path("data.csv"))
        list.add(file: dir.path("missing.json"))
        let watcher = FileWatcher(list: list)
        let before = watcher.snapshot()
        #expect(Set(before.keys) == Set(["analyses/Toy/Toy.swift", "analyses/Toy/report.md", "data.csv"].map { dir.path($0).path }))

        // File times tick in jiffies (a few ms), so a rewrite in place is told here by its size;
        // a replacement by rename by its inode.
        try "prose!\n".write(to: sources.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)  // replaced by rename
        try "b,a,c\n".write(to: dir.path("data.csv"), atomically: false, encoding: .utf8)                        // rewritten in place
        try "y".write(to: sources.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)        // not watched
        try "{}".write(to: dir.path("missing.json"), atomically: false, encoding: .utf8)                          // appears
        try FileManager.default.removeItem(at: sources.appendingPathComponent("Toy.swift"))                       // removed
        let changes = FileWatcher.changes(from: before, to: watcher.snapshot())
        #expect(changes == ["analyses/Toy/Toy.swift", "analyses/Toy/report.md", "data.csv", "missing.json"].map { dir.path($0).path })
        #expect(changes.filter(PreviewWatchList.needsCompile) == [dir.path("analyses/Toy/Toy.swift").path])
    }

    @Test func servedPagesVersionPublishedLinksAndCarryTheScriptBeforeTheBodyEnds() {
        let html = #"<html><head><link rel="stylesheet" href="assets/report.css"></head><body><img src="figures/a.png" alt="a"><a href="https://x.org/figures/a.png">x</a><p>src="figures/a.png"</p></body></html>"#
        let files = ["figures/a.png": String(repeating: "ab", count: 32), "assets/report.css": String(repeating: "cd", count: 32)]
        let versioned = LiveReload.versioningLinks(html, files: files)
        #expect(versioned.contains(#"href="assets/report.css?v=cdcdcdcdcdcdcdcd""#))
        #expect(versioned.contains(#"<img src="figures/a.png?v=abababababababab" alt="a">"#))
        #expect(versioned.contains(#"href="https://x.org/figures/a.png""#), "links that are not published files stay")
        let page = LiveReload.inject(into: versioned, version: "v1")
        #expect(page.hasSuffix("</script>\n</body></html>"))
        #expect(page.contains(#"<script id="folio-preview" data-version="v1">"#))
        #expect(LiveReload.inject(into: "<p>no body end</p>", version: "").hasPrefix("<p>no body end</p><script id=\"folio-preview\""))
    }

    @Test func compilerLogBecomesEachErrorOnceWithItsExcerpt() {
        let log = """
            [1/3] Compiling Analyses ToyAnalysis.swift
            /p/analyses/Toy/ToyAnalysis.swift:18:37: error: expected expression after operator
            16 |
            18 |         title: "A toy" +,
               |                         `- error: expected expression after operator
            error: emit-module command failed with exit code 1 (use -v to see invocation)
            /p/analyses/Toy/ToyAnalysis.swift:18:37: error: expected expression after operator
            16 |
            18 |         title: "A toy" +,
               |                         `- error: expected expression after operator
            [2/3] Compiling Analyses GalacticPlane.swift
            """
        #expect(SelfRebuild.errorLines(log) == [
            "/p/analyses/Toy/ToyAnalysis.swift:18:37: error: expected expression after operator",
            "16 |",
            "18 |         title: \"A toy\" +,",
            "   |                         `- error: expected expression after operator",
        ])
        #expect(SelfRebuild.errorLines("a\nb\nld: cannot find -lfoo") == ["a", "b", "ld: cannot find -lfoo"])
    }

    @Test func restartKeepsThePortInUse() {
        #expect(PreviewCommand.arguments(["preview", "--port", "0", "toy", "--output", "o"], port: 40123)
                == ["preview", "toy", "--output", "o", "--port", "40123"])
        #expect(PreviewCommand.arguments(["preview", "toy", "--port=8765"], port: 8765) == ["preview", "toy", "--port", "8765"])
    }

    @Test func selfRebuildBuildsTheRunningProductInItsConfigurationAndFolder() {
        let rebuild = SelfRebuild(packageRoot: URL(fileURLWithPath: "/p"), executable: "/p/.build/x86_64-unknown-linux-gnu/release/folio")
        #expect(rebuild.buildArguments == ["build", "--product", "folio", "-c", "release", "--scratch-path", "/p/.build"])
    }

    @Test func aWaitingPageHearsOfTheNextChangeAndAnIdleOneTimesOut() async throws {
        let state = PreviewState(published: PublishedFiles())
        let first = await state.status
        async let waited = state.next(after: first.token, timeout: 10)
        try await Task.sleep(nanoseconds: 50_000_000)
        await state.update { $0.error = "error: broken" }
        let next = await waited
        #expect(next.error == "error: broken" && next.token != first.token)
        // Nothing new: the poll returns the same state after its timeout.
        let started = Date()
        let idle = await state.next(after: next.token, timeout: 0.2)
        #expect(idle == next && Date().timeIntervalSince(started) >= 0.2)
        // An update that changes nothing wakes nobody and keeps the token.
        await state.update { $0.error = "error: broken" }
        #expect(await state.status.token == next.token)
    }
}

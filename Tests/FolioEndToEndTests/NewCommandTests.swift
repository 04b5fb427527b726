import Foundation
import Testing
import FolioTestSupport

/// `folio new` writes a package that depends on this checkout. Building it compiles Folio again in
/// the new package (minutes), so that is CI's job (`.ci/run` scaffolds into a temporary folder and
/// runs `swift build` and `swift test` there); this test checks what is written.
@Suite struct NewCommandTests {
    @Test func scaffoldsAPackageWithAnAnalysisAKindAReportAndTests() throws {
        let dir = TemporaryDirectory()
        let result = try folio(["new", "spectral-fit"], in: dir.url)
        #expect(result.status == 0, "\(result.stderr)")
        let root = dir.path("spectral-fit")
        let expected = ["Package.swift", ".gitignore", "README.md", "Sources/folio/main.swift",
                        "Sources/SpectralFitAnalyses/SpectralFitAnalysis.swift", "Sources/SpectralFitAnalyses/PowerLawFit.swift",
                        "Tests/SpectralFitAnalysesTests/SpectralFitTests.swift"]
        for file in expected {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file)")
        }
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        // By default the dependency is this very checkout, by absolute path.
        #expect(manifest.contains(#".package(name: "Folio", path: "\#(packageRoot.standardizedFileURL.path)")"#), "\(manifest)")
        #expect(manifest.contains(#".executableTarget(name: "folio""#))
        #expect(!manifest.contains("unsafeFlags"))
        let main = try String(contentsOf: root.appendingPathComponent("Sources/folio/main.swift"), encoding: .utf8)
        #expect(main.contains("FolioCommand.main(analyses: SpectralFitAnalyses.all, kinds: SpectralFitAnalyses.kinds,"))
        #expect(main.contains("code: FolioCodeFingerprints.modules"))
        // The executable applies the plugin that generates FolioCodeFingerprints.
        #expect(manifest.contains(#"plugins: [.plugin(name: "FolioFingerprint", package: "Folio")]"#), "\(manifest)")
        let analysis = try String(contentsOf: root.appendingPathComponent("Sources/SpectralFitAnalyses/SpectralFitAnalysis.swift"), encoding: .utf8)
        #expect(analysis.contains(#"Analysis("spectral-fit""#))
        #expect(analysis.contains("Report(document: document)"))
        #expect(!analysis.contains("{{Name}}") && !analysis.contains("{{Module}}"))
    }

    @Test func urlDependencyAndRefusals() throws {
        let dir = TemporaryDirectory()
        let byURL = try folio(["new", "x", "--path", "pkg", "--folio-url", "file:///tmp/folio-clone.git"], in: dir.url)
        #expect(byURL.status == 0, "\(byURL.stderr)")
        let manifest = try String(contentsOf: dir.path("pkg/Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".package(url: "file:///tmp/folio-clone.git", branch: "main")"#))
        #expect(manifest.contains(#".product(name: "Folio", package: "folio-clone")"#))

        let again = try folio(["new", "x", "--path", "pkg"], in: dir.url)
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists and is not empty"))
        let badName = try folio(["new", "1x"], in: dir.url)
        #expect(badName.status != 0)
    }
}

import Foundation
import Testing
import FolioModel
import FolioSteps
import FolioTestSupport
import ZIPFoundation

/// `folio archive --include-source` and `folio verify BUNDLE --bundled-folio` from the command line.
@Suite(.serialized) struct SourceBundleCLITests {
    /// A small JSON analysis in a fresh folder (no Folio clone there).
    func project(_ dir: TemporaryDirectory = TemporaryDirectory()) throws -> TemporaryDirectory {
        let analysis = Analysis("s", title: "Source bundle tests", seed: 8) {
            ToySample("sample", events: 200)
            ToyFit("fit", on: "sample")
            ToyTrials("background", of: "fit", trials: 60, chunkSize: 20)
        }
        try analysis.jsonData().write(to: dir.path("s.json"))
        return dir
    }

    func git(_ arguments: [String], in directory: URL) throws -> String {
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: directory)
        #expect(r.status == 0, "git \(arguments): \(r.stderr)")
        return r.stdout
    }

    func entries(_ bundle: URL) throws -> [String: Data] {
        let archive = try Archive(url: bundle, accessMode: .read)
        var out: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            out[entry.path] = data
        }
        return out
    }

    /// This checkout's version as a build records it: describe, -dirty with uncommitted changes.
    func checkoutVersion() throws -> String {
        let described = try git(["describe", "--always", "--tags"], in: packageRoot).trimmingCharacters(in: .whitespacesAndNewlines)
        let tracked = try git(["status", "--porcelain", "--untracked-files=no"], in: packageRoot)
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "--", "Package.swift", "Sources/", "Plugins/", "analyses/",
                                 "templates/", "datasets/"], in: packageRoot)
        return described + (tracked.isEmpty && untracked.isEmpty ? "" : "-dirty")
    }

    @Test func theBundleCarriesThisCheckoutAsBuilt() throws {
        let dir = try project()
        let built = try folio(["build", "s.json"], in: dir.url)
        #expect(built.status == 0, "\(built.stderr)")
        let version = try checkoutVersion()
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.path("output/s/manifest.json"))) as! [String: Any]
        #expect(manifest["folioVersion"] as? String == version)
        let log = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.path("output/s/build.json"))) as! [String: Any]
        let recorded = (log["sources"] as? [String: Any])?["folio"] as? [String: Any]
        #expect(recorded?["version"] as? String == version)

        let a = try folio(["archive", "s.json", "--include-source", "--bundle", "a.folio.zip"], in: dir.url)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.contains("with source of folio \(version)"))
        // The same build archived again under the same name (README.txt names the file): the same bytes.
        try FileManager.default.createDirectory(at: dir.path("first"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: dir.path("a.folio.zip"), to: dir.path("first/a.folio.zip"))
        let b = try folio(["archive", "s.json", "--include-source", "--bundle", "a.folio.zip"], in: dir.url)
        #expect(b.status == 0)
        #expect(try Data(contentsOf: dir.path("a.folio.zip")) == Data(contentsOf: dir.path("first/a.folio.zip")), "two archives differ")

        let files = try entries(dir.path("a.folio.zip"))
        let description = try JSONSerialization.jsonObject(with: files["folio-bundle.json"]!) as! [String: Any]
        let folio = (description["source"] as? [String: Any])?["folio"] as? [String: Any]
        #expect(folio?["version"] as? String == version)
        #expect(folio?["sha256"] as? String == recorded?["sha256"] as? String)
        // Every tracked file of this checkout that exists, with its working-tree bytes; nothing under .build.
        let tracked = try git(["ls-files", "-z"], in: packageRoot).split(separator: "\0").map(String.init)
        var checked = 0
        for path in tracked where FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(path).path) {
            #expect(files["source/folio/\(path)"] == (try Data(contentsOf: packageRoot.appendingPathComponent(path))), "\(path)")
            checked += 1
        }
        #expect(checked > 300)
        #expect(!files.keys.contains { $0.hasPrefix("source/folio/.build") || $0.hasPrefix("source/folio/output/s/") })
        #expect(files["source/project.sha256"] == nil)  // a JSON spec in a plain folder is not a package
        #expect(files["Package.resolved"] != nil)       // Folio's own pins, which build the bundled folio
        let toolchain = try JSONSerialization.jsonObject(with: files["toolchain.json"]!) as! [String: Any]
        #expect((toolchain["swiftVersion"] as? String)?.hasPrefix("Swift version") == true)
        #expect((toolchain["debianPackages"] as? [String: String])?["libcfitsio-dev"] != nil)
        let recipe = String(decoding: files["Containerfile"]!, as: UTF8.self)
        #expect(recipe.contains("FROM docker.io/library/swift:\(toolchain["swift"] as! String)-\(toolchain["codename"] as! String)"))
        let cairo = (toolchain["debianPackages"] as! [String: String])["libcairo2-dev"]!
        #expect(recipe.contains("libcairo2-dev=\(cairo) \\"))
    }

    /// A separate analysis package (a git checkout with a Package.swift): its uncommitted changes
    /// make it `-dirty`, travel in source/project, and an archive after a further edit is refused.
    @Test func aSeparatePackageTravelsWithItsChanges() throws {
        let dir = try project()
        try "// swift-tools-version:6.1\n// depends on Folio by path\n".write(to: dir.path("Package.swift"), atomically: true, encoding: .utf8)
        _ = try git(["init", "-q"], in: dir.url)
        try "output/\n".write(to: dir.path(".gitignore"), atomically: true, encoding: .utf8)
        _ = try git(["add", "Package.swift", ".gitignore", "s.json"], in: dir.url)
        _ = try git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "p"], in: dir.url)
        let commit = try git(["rev-parse", "--short", "HEAD"], in: dir.url).trimmingCharacters(in: .whitespacesAndNewlines)
        try "// swift-tools-version:6.1\n// edited\n".write(to: dir.path("Package.swift"), atomically: true, encoding: .utf8)
        #expect(try folio(["build", "s.json"], in: dir.url).status == 0)
        let a = try folio(["archive", "s.json", "--include-source", "--bundle", "p.folio.zip"], in: dir.url)
        #expect(a.status == 0, "\(a.stderr)")
        let files = try entries(dir.path("p.folio.zip"))
        #expect(files["source/project/Package.swift"] == Data("// swift-tools-version:6.1\n// edited\n".utf8))
        #expect(files["source/project/s.json"] != nil)
        let description = try JSONSerialization.jsonObject(with: files["folio-bundle.json"]!) as! [String: Any]
        let projectState = (description["source"] as? [String: Any])?["project"] as? [String: Any]
        #expect(projectState?["version"] as? String == "\(commit)-dirty")

        try "// swift-tools-version:6.1\n// edited again\n".write(to: dir.path("Package.swift"), atomically: true, encoding: .utf8)
        let refused = try folio(["archive", "s.json", "--include-source", "--bundle", "q.folio.zip"], in: dir.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("the project sources changed since the build of 's'"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("q.folio.zip").path))
    }

    @Test func bundledFolioNeedsABundleWithSources() throws {
        let dir = try project()
        #expect(try folio(["build", "s.json"], in: dir.url).status == 0)
        #expect(try folio(["archive", "s.json", "--bundle", "plain.folio.zip"], in: dir.url).status == 0)
        let r = try folio(["verify", "plain.folio.zip", "--bundled-folio"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("the bundle carries no sources; archive it with `folio archive s --include-source`"))
    }

    /// The archivist's loop in full: compiles the bundled Folio (5-15 min on 2 cores), so it runs
    /// only with FOLIO_BUNDLE_TESTS=1 (scripts/bundle-roundtrip.sh does the same for the toy and
    /// the quick flagship with every clone out of reach).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_BUNDLE_TESTS"] == "1", "compiles Folio; set FOLIO_BUNDLE_TESTS=1"))
    func bundledFolioVerifiesBitIdentical() throws {
        let dir = try project()
        #expect(try folio(["build", "s.json"], in: dir.url).status == 0)
        #expect(try folio(["archive", "s.json", "--include-source", "--include-data", "--bundle", "s.folio.zip"], in: dir.url).status == 0)
        let fresh = TemporaryDirectory()
        try FileManager.default.moveItem(at: dir.path("s.folio.zip"), to: fresh.path("s.folio.zip"))
        try FileManager.default.removeItem(at: dir.url)
        let r = try folio(["verify", "s.folio.zip", "--bundled-folio"], in: fresh.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("sources match the bundle"))
        #expect(r.stdout.contains("verifying with folio \(try checkoutVersion()) (/"))
        #expect(r.stdout.contains("verdict: bit-identical"))
    }
}

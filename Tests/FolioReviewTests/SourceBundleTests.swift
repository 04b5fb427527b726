import Foundation
import Testing
import FolioCache
import FolioModel
import FolioTestSupport
@testable import FolioReview

/// `folio archive --include-source`: the snapshot of a checkout (committed files plus uncommitted
/// changes), its dirty state and hash, toolchain.json, the Containerfile and a deterministic bundle.
@Suite(.serialized) struct SourceBundleTests {
    /// A git checkout with a package, a script (executable), a README and an ignored build folder.
    func checkout() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory("folio-source")
        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(at: dir.path(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: dir.path(path), atomically: true, encoding: .utf8)
        }
        try write("Package.swift", "// swift-tools-version:6.1\n")
        try write("Sources/A/a.swift", "let a = 1\n")
        try write("Sources/A/old.swift", "let old = 0\n")
        try write("scripts/run.sh", "#!/bin/sh\necho hi\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path("scripts/run.sh").path)
        try write("README.md", "# A\n")
        try write(".gitignore", ".build/\n")
        try write(".build/debug/junk.o", "binary\n")
        try git(dir, ["init", "-q"])
        try git(dir, ["add", "-A"])
        try git(dir, ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first"])
        return dir
    }

    @discardableResult
    func git(_ dir: TemporaryDirectory, _ arguments: [String]) throws -> String {
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, in: dir.url)
        #expect(r.status == 0, "git \(arguments): \(r.stderr)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aCleanCheckoutIsItsCommit() throws {
        let dir = try checkout()
        let commit = try git(dir, ["rev-parse", "--short", "HEAD"])
        let s = try SourceSnapshot.capture(dir.url)
        #expect(s.version == commit)
        #expect(!s.isDirty)
        #expect(s.files.map(\.path) == [".gitignore", "Package.swift", "README.md", "Sources/A/a.swift", "Sources/A/old.swift", "scripts/run.sh"])
        #expect(s.files.first { $0.path == "scripts/run.sh" }?.executable == true)
        #expect(s.files.first { $0.path == "README.md" }?.executable == false)
        // Untracked files outside the build paths neither dirty the tree nor travel.
        try "notes".write(to: dir.path("notes.txt"), atomically: true, encoding: .utf8)
        try "zip".write(to: dir.path("toy.folio.zip"), atomically: true, encoding: .utf8)
        let again = try SourceSnapshot.capture(dir.url)
        #expect(again.version == commit && again.files == s.files && again.sha256 == s.sha256)
    }

    @Test func uncommittedChangesAreDirtyAndTravel() throws {
        let dir = try checkout()
        let commit = try git(dir, ["rev-parse", "--short", "HEAD"])
        let clean = try SourceSnapshot.capture(dir.url)
        try "let a = 2\n".write(to: dir.path("Sources/A/a.swift"), atomically: true, encoding: .utf8)   // modified
        try FileManager.default.removeItem(at: dir.path("Sources/A/old.swift"))                           // deleted
        try "let b = 3\n".write(to: dir.path("Sources/A/b.swift"), atomically: true, encoding: .utf8)   // untracked, under Sources/
        let s = try SourceSnapshot.capture(dir.url)
        #expect(s.version == "\(commit)-dirty")
        #expect(s.isDirty)
        #expect(s.files.map(\.path) == [".gitignore", "Package.swift", "README.md", "Sources/A/a.swift", "Sources/A/b.swift", "scripts/run.sh"])
        #expect(s.files.first { $0.path == "Sources/A/a.swift" }?.data == Data("let a = 2\n".utf8))
        #expect(s.sha256 != clean.sha256)
        #expect(SourceSnapshot.describe(dir.url) == "\(commit)-dirty")

        // Only an untracked source file: dirty too (the commit alone lacks it).
        try git(dir, ["checkout", "-q", "--", "."])
        #expect(SourceSnapshot.describe(dir.url) == "\(commit)-dirty")
        try FileManager.default.removeItem(at: dir.path("Sources/A/b.swift"))
        #expect(SourceSnapshot.describe(dir.url) == commit)
        // A mode change alone moves the hash.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir.path("scripts/run.sh").path)
        let modeChanged = try SourceSnapshot.capture(dir.url)
        #expect(modeChanged.isDirty && modeChanged.sha256 != clean.sha256)
    }

    @Test func aFolderHashesLikeItsSnapshot() throws {
        let dir = try checkout()
        try "let b = 3\n".write(to: dir.path("Sources/A/b.swift"), atomically: true, encoding: .utf8)
        let s = try SourceSnapshot.capture(dir.url)
        let copy = TemporaryDirectory("folio-source-copy")
        for f in s.files {
            let url = copy.path(f.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try f.data.write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: f.executable ? 0o755 : 0o644], ofItemAtPath: url.path)
        }
        #expect(try SourceSnapshot.sha256(ofFolder: copy.url) == s.sha256)
        try "let b = 4\n".write(to: copy.path("Sources/A/b.swift"), atomically: true, encoding: .utf8)
        #expect(try SourceSnapshot.sha256(ofFolder: copy.url) != s.sha256)
        // The listing is what `sha256sum -c` checks.
        #expect(s.listing.contains("\(ContentHash.sha256(Data("let b = 3\n".utf8)))  Sources/A/b.swift\n"))
        #expect(s.listing.contains("# x scripts/run.sh\n"))
    }

    @Test func notAGitCheckoutIsNamed() throws {
        let dir = TemporaryDirectory("folio-no-git")
        #expect(SourceSnapshot.describe(dir.url) == nil)
        #expect(throws: InputFileError.self) { try SourceSnapshot.capture(dir.url) }
    }

    @Test func setupScriptPackagesAreRead() throws {
        let names = try ToolchainRecord.debianPackageNames(setupScript: packageRoot.appendingPathComponent("scripts/setup.sh"))
        for expected in ["pkg-config", "libcairo2-dev", "libchealpix-dev", "libcfitsio-dev", "fonts-texgyre", "chromium", "python3"] {
            #expect(names.contains(expected), "\(expected) not in \(names)")
        }
        #expect(!names.contains { $0.hasPrefix("#") || $0.contains("(") || $0.contains(")") })
        #expect(ToolchainRecord.swiftRelease("Swift version 6.3.1 (swift-6.3.1-RELEASE)") == "6.3.1")
    }

    @Test func thisMachinesToolchainIsRecorded() throws {
        let build = Toolchain(swift: "6.3.1", os: "Debian x86_64", libraries: ["cairo": "1.16.0"])
        let t = try ToolchainRecord.current(build: build, setupScript: packageRoot.appendingPathComponent("scripts/setup.sh"))
        #expect(t.swiftVersion.hasPrefix("Swift version "))
        #expect(t.swift.split(separator: ".").count >= 2 && t.swift.allSatisfy { $0.isNumber || $0 == "." })
        #expect(!t.architecture.isEmpty && t.architecture != "unknown")
        #expect(t.build == build)
        // libcairo2-dev is installed wherever Folio builds; its version is dpkg's, e.g. 1.16.0-7.
        let cairo = try #require(t.debianPackages["libcairo2-dev"])
        #expect(cairo != "not installed" && cairo.first?.isNumber == true)
    }

    func record() -> ToolchainRecord {
        ToolchainRecord(swiftVersion: "Swift version 6.3.1 (swift-6.3.1-RELEASE)", swift: "6.3.1", os: "Debian GNU/Linux 12 (bookworm)",
                        distribution: "debian", distributionVersion: "12", codename: "bookworm", architecture: "x86_64",
                        debianPackages: ["libcairo2-dev": "1.16.0-7", "chromium": "not installed", "pkg-config": "1.8.1-1"],
                        build: Toolchain(swift: "6.3.1", os: "Debian x86_64", libraries: [:]))
    }

    @Test func theContainerfilePinsTheRecordedVersions() {
        let text = ContainerRecipe.render(toolchain: record(), analysis: "toy", bundleName: "toy.folio.zip", hasProject: false, hasResolved: true)
        #expect(text.contains("FROM docker.io/library/swift:6.3.1-bookworm\n"))
        #expect(text.contains("      libcairo2-dev=1.16.0-7 \\\n"))
        #expect(text.contains("      pkg-config=1.8.1-1 \\\n"))
        #expect(!text.contains("chromium="))
        #expect(text.contains("# Not installed on the build machine, so not pinned: chromium"))
        #expect(text.contains("COPY Package.resolved /work/source/folio/Package.resolved"))
        #expect(text.contains("RUN swift build --product folio"))
        #expect(text.contains("ENTRYPOINT [\"/work/source/folio/.build/debug/folio\", \"verify\", \"/work/bundle.folio.zip\"]"))
        #expect(text.contains("A RECIPE, NOT A TESTED IMAGE"))
    }

    @Test func aBundleWithSourcesIsDeterministicAndComplete() throws {
        let dir = try checkout()
        try "let b = 3\n".write(to: dir.path("Sources/A/b.swift"), atomically: true, encoding: .utf8)
        let snapshot = try SourceSnapshot.capture(dir.url)
        let build = TemporaryDirectory("folio-build")
        let manifest = Manifest(analysis: "a", title: "A", folioVersion: snapshot.version,
                                toolchain: Toolchain(swift: "6.3.1", os: "linux", libraries: [:]), seed: 1, data: [], steps: [])
        try StableJSON.encode(manifest).write(to: build.path("manifest.json"))
        try Data("{}".utf8).write(to: build.path("results.json"))
        let sources = ArchiveBundle.Sources(folio: snapshot, folioRoot: dir.url, project: nil, projectRoot: nil, toolchain: record())
        let analysis = Analysis("a", title: "A", seed: 1) {}
        let out = TemporaryDirectory("folio-bundles")
        for name in ["one", "two"] {
            try FileManager.default.createDirectory(at: out.path(name), withIntermediateDirectories: true)
            try ArchiveBundle.write(analysis: analysis, buildDirectory: build.url, dataRoot: dir.url, projectRoot: dir.url,
                                    includeData: false, sources: sources, to: out.path("\(name)/a.folio.zip"))
        }
        let one = try Data(contentsOf: out.path("one/a.folio.zip")), two = try Data(contentsOf: out.path("two/a.folio.zip"))
        #expect(one == two, "two archives of the same build differ")

        let unpacked = TemporaryDirectory("folio-unpacked")
        let description = try ArchiveBundle.unpack(out.path("one/a.folio.zip"), into: unpacked.url)
        #expect(description.folioVersion.hasSuffix("-dirty"))
        #expect(description.source?.folio == ArchiveBundle.SourceState(version: snapshot.version, sha256: snapshot.sha256,
                                                                        files: snapshot.files.count, root: dir.url.standardizedFileURL.path))
        #expect(description.source?.project == nil)
        for f in snapshot.files {
            #expect(try Data(contentsOf: unpacked.path("source/folio/\(f.path)")) == f.data, "\(f.path)")
        }
        #expect(!FileManager.default.fileExists(atPath: unpacked.path("source/folio/.build").path))
        #expect(try SourceSnapshot.sha256(ofFolder: unpacked.path("source/folio")) == snapshot.sha256)   // modes survive the ZIP
        #expect(try String(contentsOf: unpacked.path("source/folio.sha256"), encoding: .utf8) == snapshot.listing)
        #expect(ContentHash.sha256(try Data(contentsOf: unpacked.path("source/folio.sha256"))) == snapshot.sha256)
        let toolchain = try StableJSON.read(ToolchainRecord.self, from: unpacked.path("toolchain.json"))
        #expect(toolchain == record())
        #expect(try String(contentsOf: unpacked.path("Containerfile"), encoding: .utf8).contains("FROM docker.io/library/swift:6.3.1-bookworm"))
        #expect(try String(contentsOf: unpacked.path("README.txt"), encoding: .utf8).contains("--bundled-folio"))
    }

    @Test func aPathDependencyOnFolioIsPointedAtTheBundledCopy() {
        let manifest = """
            dependencies: [
                .package(path: "../.."),
                .package(path: "Vendor/Other"),
                .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
            ],
            """
        let edited = ArchiveBundle.pointingFolioDependency(in: manifest, packageRoot: URL(fileURLWithPath: "/src/folio/Examples/Mine"),
                                                           folioRoot: URL(fileURLWithPath: "/src/folio"), to: URL(fileURLWithPath: "/tmp/b/source/folio"))
        #expect(edited == manifest.replacingOccurrences(of: "\"../..\"", with: "\"/tmp/b/source/folio\""))
        let absolute = ArchiveBundle.pointingFolioDependency(in: #".package(path: "/src/folio/"),"#, packageRoot: URL(fileURLWithPath: "/home/me/a"),
                                                             folioRoot: URL(fileURLWithPath: "/src/folio"), to: URL(fileURLWithPath: "/b/folio"))
        #expect(absolute == #".package(path: "/b/folio"),"#)
        #expect(ArchiveBundle.pointingFolioDependency(in: #".package(url: "https://example.org/folio", from: "0.1.0"),"#,
                                                      packageRoot: URL(fileURLWithPath: "/a"), folioRoot: URL(fileURLWithPath: "/src/folio"),
                                                      to: URL(fileURLWithPath: "/b")) == nil)
    }
}

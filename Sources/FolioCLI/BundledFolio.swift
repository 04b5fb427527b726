import Foundation
import FolioModel
import FolioReview

/// `folio verify BUNDLE --bundled-folio`: the bundle's own Folio, not this one, rebuilds it.
/// Unpacks the bundle into a temporary folder, checks the sources against the SHA-256 recorded
/// in folio-bundle.json, builds `folio` there with the bundle's Package.resolved, and runs that
/// binary's `verify` on the bundle. Returns its exit status (as `folio verify`'s).
enum BundledFolio {
    static func verify(bundle: URL, dataRoot: URL?, jobs: Int, twice: Bool) throws -> Int32 {
        let scratch = try TemporaryFolder("folio-bundled")
        let description = try ArchiveBundle.unpack(bundle, into: scratch.url)
        guard let source = description.source else {
            throw UserError("\(bundle.path): the bundle carries no sources; archive it with `folio archive \(description.analysis) --include-source`")
        }
        let sourceRoot = scratch.url.appendingPathComponent("source")
        let folio = sourceRoot.appendingPathComponent("folio")
        try check(folio, against: source.folio, in: bundle)
        var buildRoot = folio
        if let project = source.project {
            buildRoot = sourceRoot.appendingPathComponent("project")
            try check(buildRoot, against: project, in: bundle)
            try pointDependency(of: buildRoot, from: URL(fileURLWithPath: project.root), folioRecordedAt: source.folio.root, to: folio)
        }
        let resolved = scratch.url.appendingPathComponent("Package.resolved")
        if FileManager.default.fileExists(atPath: resolved.path) {
            try FileManager.default.copyItem(at: resolved, to: buildRoot.appendingPathComponent("Package.resolved"))
        }
        print("bundled folio \(source.folio.version): sources match the bundle (sha256 \(source.folio.sha256.prefix(12))…, \(source.folio.files) files)"
              + (source.project.map { "; analysis package \($0.version) (sha256 \($0.sha256.prefix(12))…)" } ?? ""))
        print("building it in \(buildRoot.path) (swift build --product folio) ...")
        let started = Date()
        let log = scratch.url.appendingPathComponent("swift-build.log")
        let status = try run(URL(fileURLWithPath: "/usr/bin/env"), ["swift", "build", "--product", "folio"], in: buildRoot, log: log)
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw UserError("building the bundled folio failed (exit \(status)):\n" + text.split(separator: "\n").suffix(20).joined(separator: "\n"))
        }
        let binary = buildRoot.appendingPathComponent(".build/debug/folio")
        print(String(format: "built in %.0f s: %@", Date().timeIntervalSince(started), binary.path))
        var arguments = ["verify", bundle.path, "--jobs", String(jobs)]
        if let dataRoot, !description.includesData { arguments += ["--data", dataRoot.path] }
        if twice { arguments.append("--twice") }
        let verified = try run(binary, arguments, in: buildRoot, log: nil, version: source.folio.version)
        withExtendedLifetime(scratch) {}
        return verified
    }

    /// The unpacked sources must be exactly the ones the bundle recorded.
    static func check(_ folder: URL, against state: ArchiveBundle.SourceState, in bundle: URL) throws {
        let actual = try SourceSnapshot.sha256(ofFolder: folder)
        guard actual == state.sha256 else {
            throw InputFileError(path: bundle.path, "the sources in \(folder.lastPathComponent)/ have sha256 \(actual), the bundle records \(state.sha256); the bundle is damaged")
        }
    }

    /// A separate analysis package depends on Folio by path: point that dependency at the bundled copy.
    static func pointDependency(of package: URL, from recordedRoot: URL, folioRecordedAt folioRoot: String, to folio: URL) throws {
        let manifest = package.appendingPathComponent("Package.swift")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        guard let edited = ArchiveBundle.pointingFolioDependency(in: text, packageRoot: recordedRoot,
                                                                 folioRoot: URL(fileURLWithPath: folioRoot), to: folio) else {
            throw UserError("\(manifest.path): no `.package(path:)` names Folio's checkout (\(folioRoot)); --bundled-folio supports packages that depend on Folio by path")
        }
        try edited.write(to: manifest, atomically: true, encoding: .utf8)
    }

    /// Runs `tool` in `directory` (PWD too: Folio's manifest looks at it); output to `log` or to
    /// this process's terminal.
    static func run(_ tool: URL, _ arguments: [String], in directory: URL, log: URL?, version: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PWD"] = directory.path
        environment["FOLIO_HOME"] = nil
        environment["FOLIO_TEMPLATES"] = nil
        if let version { environment["FOLIO_SOURCE_VERSION"] = version }
        process.environment = environment
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
        }
        fflush(nil)  // our lines before the child's
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

import ArgumentParser
import Foundation
import FolioCache
import FolioModel
import FolioReview
import FolioRunner
import FolioSteps

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Rebuild from scratch without cache and grade every output against a reference.",
        discussion: """
        REFERENCE is a folder with manifest.json and results.json (default: output/reference/<analysis> \
        for every analysis that has one) or a bundle written by `folio archive`. Input files are \
        checked against the reference checksums first. Each output is graded bit-identical, equal \
        within tolerance, or diverged. Exit code 0: reproduced; 1: diverged or inputs differ; 2: error. \
        With --bundled-folio, a bundle written with --include-source is verified by the Folio it \
        carries: its sources are checked against their recorded SHA-256, built in a temporary folder \
        (swift build, with the bundle's Package.resolved), and that folio runs this verify.
        """)

    @Argument(help: "A reference folder or a .zip bundle.") var reference: String?
    @Option(help: "The analysis to verify (default: the reference's).") var analysis: String?
    @Flag(help: "Also build twice and flag steps whose outputs differ between the two (a determinism probe).") var twice = false
    @Flag(help: "Replace the reference with this rebuild (after showing the differences).") var updateReference = false
    @Option(name: .shortAndLong, help: "Jobs for the rebuild.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Build the Folio the bundle carries (archived with --include-source) and verify with it.") var bundledFolio = false
    @OptionGroup var project: ProjectOptions

    func validate() throws {
        if bundledFolio && !(reference?.hasSuffix(".zip") ?? false) { throw ValidationError("--bundled-folio needs a .zip bundle") }
        if bundledFolio && (updateReference || analysis != nil) { throw ValidationError("--bundled-folio takes no --update-reference or --analysis") }
    }

    func run() async throws {
        try await reportingErrors {
            if bundledFolio, let reference {
                let status = try BundledFolio.verify(bundle: ProjectOptions.resolve(reference, in: project.projectRoot),
                                                     dataRoot: project.dataRoot, jobs: jobs, twice: twice)
                if status != 0 { throw ExitCode(status) }
                return
            }
            var failed = false
            for target in try targets() {
                failed = try await verify(target) || failed
            }
            if failed { throw ExitCode(1) }
        }
    }

    private struct Target {
        var analysis: Analysis
        var referenceDirectory: URL
        var dataRoot: URL
        /// The project files' root: the bundle's project/ when it carries them.
        var projectRoot: URL
        var isBundle: Bool
        var scratch: TemporaryFolder
    }

    private func targets() throws -> [Target] {
        let root = project.projectRoot
        if let reference, reference.hasSuffix(".zip") {
            let bundle = ProjectOptions.resolve(reference, in: root)
            let scratch = try TemporaryFolder("folio-verify-bundle")
            let description = try ArchiveBundle.unpack(bundle, into: scratch.url)
            let spec = try Analysis.load(from: scratch.url.appendingPathComponent("analysis.json"))
            let data = description.includesData ? scratch.url.appendingPathComponent("data") : project.dataRoot
            print("bundle \(bundle.lastPathComponent): analysis '\(spec.name)', built by folio \(description.folioVersion)"
                  + (description.includesData ? ", data included" : ", data from \(data.path)"))
            let bundledProject = scratch.url.appendingPathComponent("project")
            let projectRoot = FileManager.default.fileExists(atPath: bundledProject.path) ? bundledProject : root
            print("verifying with folio \(FolioVersion.current) (\(FolioSources.folioRoot.path))")
            return [Target(analysis: spec, referenceDirectory: scratch.url.appendingPathComponent("reference"), dataRoot: data,
                           projectRoot: projectRoot, isBundle: true, scratch: scratch)]
        }
        let referenceRoot = project.outputDirectory.appendingPathComponent("reference")
        let folders: [URL]
        if let reference {
            folders = [ProjectOptions.resolve(reference, in: root)]
        } else if let analysis {
            folders = [referenceRoot.appendingPathComponent(analysis)]
        } else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: referenceRoot.path)) ?? []).sorted()
            folders = names.map { referenceRoot.appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("manifest.json").path) }
            guard !folders.isEmpty else { throw UserError("no reference under \(referenceRoot.path); give one, or create it with --update-reference --analysis NAME") }
        }
        return try folders.map { folder in
            let name = analysis ?? (try? BuildDiff.readManifest(folder).analysis) ?? folder.lastPathComponent
            let spec = try project.analyses([name])[0]
            return Target(analysis: spec, referenceDirectory: folder, dataRoot: project.dataRoot, projectRoot: root, isBundle: false,
                          scratch: try TemporaryFolder("folio-verify"))
        }
    }

    /// Returns true when verification failed.
    private func verify(_ target: Target) async throws -> Bool {
        let hasReference = FileManager.default.fileExists(atPath: target.referenceDirectory.appendingPathComponent("manifest.json").path)
        if hasReference {
            let referenceManifest = try BuildDiff.readManifest(target.referenceDirectory)
            let problems = Verification.checkInputs(reference: referenceManifest,
                                                    roots: FileRoots(dataRoot: target.dataRoot, projectRoot: target.projectRoot))
            if !problems.isEmpty {
                for p in problems { print("verify \(target.analysis.name): \(p)") }
                print("verdict: inputs differ from the reference; not rebuilt")
                return true
            }
        } else if !updateReference {
            throw UserError("\(target.referenceDirectory.path): no manifest.json (create the reference with --update-reference)")
        }

        let first = try await rebuild(target, into: target.scratch.url.appendingPathComponent("first"))
        var failed = false
        if hasReference {
            let report = try Verification.grade(referenceDirectory: target.referenceDirectory, rebuiltDirectory: first)
            print(report.summary)
            failed = report.overall == .diverged
        }
        if twice {
            let second = try await rebuild(target, into: target.scratch.url.appendingPathComponent("second"))
            let unstable = Verification.nonReproducibleSteps(first: try BuildDiff.readManifest(first), second: try BuildDiff.readManifest(second))
            if unstable.isEmpty {
                print("determinism: two clean builds gave identical outputs in every step")
            } else {
                for s in unstable { print("determinism: step \(s) is not reproducible") }
                failed = true
            }
        }
        if updateReference {
            guard !target.isBundle else { throw UserError("--update-reference cannot rewrite a bundle") }
            try FileManager.default.createDirectory(at: target.referenceDirectory, withIntermediateDirectories: true)
            for name in ["manifest.json", "results.json"] {
                let data = try Data(contentsOf: first.appendingPathComponent(name))
                try AtomicFile.write(data, to: target.referenceDirectory.appendingPathComponent(name))
            }
            print("reference updated: \(target.referenceDirectory.path)")
            return false
        }
        return failed
    }

    private func rebuild(_ target: Target, into output: URL) async throws -> URL {
        let environment = BuildEnvironment(
            projectRoot: target.projectRoot, dataRoot: target.dataRoot, outputDirectory: output, jobs: jobs,
            toolchain: ToolchainDescription.current(), folioVersion: FolioVersion.current)
        let display = ProgressDisplay()
        let builder = Builder(registry: FolioSetup.current.registry, environment: environment, display: display, log: { _ in })
        let summary = try await builder.build(target.analysis, options: BuildOptions(noCache: true))
        return summary.analysisDirectory
    }
}

struct ArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Write a self-describing ZIP bundle of a build for `folio verify BUNDLE`.")

    @Argument(help: "The analysis (it must have been built).") var analysis: String
    @Flag(help: "Include the input data files (otherwise only their checksums and where to fetch them).") var includeData = false
    @Flag(help: "Include Folio's sources as built (and the analysis package's, when separate), toolchain.json and a Containerfile.")
    var includeSource = false
    @Option(name: [.customLong("bundle")], help: "The bundle to write (default: <analysis>.folio.zip).") var bundle: String?
    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let spec = try project.analyses([analysis])[0]
            let build = project.outputDirectory.appendingPathComponent(spec.name)
            guard FileManager.default.fileExists(atPath: build.appendingPathComponent("manifest.json").path) else {
                throw UserError("analysis '\(spec.name)' has not been built in \(project.outputDirectory.path); run `folio build \(spec.name)` first")
            }
            let manifest = try BuildDiff.readManifest(build)
            // As the build recorded it: with the report's Markdown read.
            let (prepared, problems) = BuildPlan.prepare(spec, registry: FolioSetup.current.registry,
                                                         roots: FileRoots(dataRoot: project.dataRoot, projectRoot: project.projectRoot))
            if !problems.isEmpty { throw SpecProblems(problems) }
            let current = try JSONValue(encoding: prepared.steps)
            let built = try JSONValue(encoding: manifest.steps.map { StepSpec(name: $0.name, kind: $0.kind, parameters: $0.parameters,
                                                                               inputs: Dictionary(uniqueKeysWithValues: $0.inputs.map { ($0.name, $0.ref) })) })
            guard current == built else {
                throw UserError("the build in \(build.path) is out of date with the analysis '\(spec.name)'; run `folio build \(spec.name)` first")
            }
            let url = ProjectOptions.resolve(bundle ?? "\(spec.name).folio.zip", in: project.projectRoot)
            let sources = includeSource ? try bundleSources(build: build, manifest: manifest) : nil
            try ArchiveBundle.write(analysis: spec, buildDirectory: build, dataRoot: project.dataRoot, projectRoot: project.projectRoot,
                                    includeData: includeData, sources: sources, to: url)
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            let with = [includeData ? "data" : nil, sources.map { "source of folio \($0.folio.version)" }].compactMap { $0 }
            print("wrote \(url.path) (\(size / 1024) KiB\(with.isEmpty ? "" : ", with " + with.joined(separator: " and ")))")
        }
    }

    /// The checkouts the build's folio was compiled from, refused when they changed since the build
    /// (build.json records their SHA-256): the bundle must carry the exact sources that built it.
    private func bundleSources(build: URL, manifest: Manifest) throws -> ArchiveBundle.Sources {
        let log = try? StableJSON.read(BuildLog.self, from: build.appendingPathComponent("build.json"))
        let folioRoot = FolioSources.folioRoot
        let folio = try SourceSnapshot.capture(folioRoot)
        let projectRoot = FolioSources.separateProject(project.projectRoot)
        let projectSnapshot = try projectRoot.map { try SourceSnapshot.capture($0) }
        for (name, snapshot) in [("folio", Optional(folio)), ("project", projectSnapshot)] {
            guard let snapshot else { continue }
            guard let recorded = log?.sources?[name] else {
                throw UserError("\(build.appendingPathComponent("build.json").path) records no \(name) sources (built by an older folio); run `folio build \(analysis)` again")
            }
            guard recorded.sha256 == snapshot.sha256 else {
                throw UserError("the \(name) sources changed since the build of '\(manifest.analysis)' (built from \(recorded.version), "
                                + "sha256 \(recorded.sha256.prefix(12)); now \(snapshot.version), sha256 \(snapshot.sha256.prefix(12))); "
                                + "run `folio build \(analysis)` again before archiving")
            }
        }
        let toolchain = try ToolchainRecord.current(build: manifest.toolchain, setupScript: folioRoot.appendingPathComponent("scripts/setup.sh"))
        return ArchiveBundle.Sources(folio: folio, folioRoot: folioRoot, project: projectSnapshot, projectRoot: projectRoot, toolchain: toolchain)
    }
}

/// A temporary folder removed when released.
final class TemporaryFolder {
    let url: URL
    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

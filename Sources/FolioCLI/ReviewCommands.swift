import ArgumentParser
import Foundation
import FolioCache
import FolioModel
import FolioReview
import FolioSteps

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two builds: results, tables, figures and the specs behind them.",
        discussion: """
        OLD and NEW are analysis folders (output/<analysis>), output roots (then every analysis \
        present in both is compared) or bundles written by `folio archive`. With --rev REV and no \
        folders, the analyses are built at git revision REV (in a temporary worktree, with its own \
        folio) and compared with the working tree's build in --output. Exit code 0: equal within \
        tolerance; 1: differences; 2: error. Writes a readable page to --html (default output/diff.html).
        """)

    @Argument(help: "The old build folder or bundle.") var old: String?
    @Argument(help: "The new build folder or bundle.") var new: String?
    @Option(help: "A git revision to build and compare with the working tree's build.") var rev: String?
    @Option(help: "With --rev: the analyses to compare (default: all built in --output).") var analysis: [String] = []
    @OptionGroup var project: ProjectOptions
    @Option(help: "Where to write the HTML page.") var html: String = "output/diff.html"
    @Option(help: "Override the default relative tolerance for all numbers.") var relative: Double?
    @Option(help: "Override the default absolute tolerance for all numbers.") var absolute: Double?

    func validate() throws {
        if rev == nil && (old == nil || new == nil) { throw ValidationError("give OLD and NEW, or --rev REV") }
        if rev != nil && (old != nil || new != nil) { throw ValidationError("--rev compares with the working tree's build; give no folders") }
    }

    func run() async throws {
        try await reportingErrors {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            var scratch: [TemporaryFolder] = []
            func location(_ path: String) throws -> URL {
                let url = ProjectOptions.resolve(path, in: root)
                guard url.pathExtension == "zip" else { return url }
                let folder = try TemporaryFolder("folio-diff-bundle")
                scratch.append(folder)
                let description = try ArchiveBundle.unpack(url, into: folder.url)
                let reference = folder.url.appendingPathComponent("reference")
                let named = folder.url.appendingPathComponent(description.analysis)
                try FileManager.default.moveItem(at: reference, to: named)
                return named
            }
            let a: URL, b: URL
            if let rev {
                let folder = try TemporaryFolder("folio-diff-rev")
                scratch.append(folder)
                a = try RevisionBuild.build(revision: rev, analyses: analysis, project: project, into: folder.url)
                b = project.outputDirectory
            } else {
                a = try location(old!)
                b = try location(new!)
            }
            let pairs = try Self.analysisPairs(a, b)
            let htmlURL = ProjectOptions.resolve(html, in: root)
            let imagesName = htmlURL.deletingPathExtension().lastPathComponent + "-images"
            let images = htmlURL.deletingLastPathComponent().appendingPathComponent(imagesName)
            var diffs: [BuildDiff] = []
            for (x, y) in pairs {
                let manifest = try BuildDiff.readManifest(y)
                var policy = TolerancePolicy(rules: manifest.tolerances)
                if let relative { policy.defaultTolerance.relative = relative }
                if let absolute { policy.defaultTolerance.absolute = absolute }
                diffs.append(try BuildDiff.compare(old: x, new: y, policy: policy, imageComparison: ImageComparisonProvider.comparison,
                                                   diffImageDirectory: images))
            }
            for d in diffs { print(DiffText.render(d)) }
            try AtomicFile.write(DiffHTML.render(diffs, imagesFolder: imagesName), to: htmlURL)
            print("diff page: \(htmlURL.path)")
            withExtendedLifetime(scratch) {}
            if diffs.contains(where: { $0.hasDifferences }) { throw ExitCode(1) }
        }
    }

    /// Two analysis folders, or the analyses two output roots have in common.
    static func analysisPairs(_ a: URL, _ b: URL) throws -> [(URL, URL)] {
        let fm = FileManager.default
        func isBuild(_ u: URL) -> Bool { fm.fileExists(atPath: u.appendingPathComponent("manifest.json").path) }
        if isBuild(a) && isBuild(b) { return [(a, b)] }
        for u in [a, b] where !fm.fileExists(atPath: u.path) { throw UserError("\(u.path): no such folder") }
        if isBuild(a), isBuild(b.appendingPathComponent(a.lastPathComponent)) { return [(a, b.appendingPathComponent(a.lastPathComponent))] }
        if isBuild(b), isBuild(a.appendingPathComponent(b.lastPathComponent)) { return [(a.appendingPathComponent(b.lastPathComponent), b)] }
        let names = try fm.contentsOfDirectory(atPath: a.path).filter { isBuild(a.appendingPathComponent($0)) && isBuild(b.appendingPathComponent($0)) }
        guard !names.isEmpty else {
            throw UserError("neither '\(a.path)' and '\(b.path)' are analysis folders (with manifest.json) nor output folders holding the same analyses")
        }
        return names.sorted().map { (a.appendingPathComponent($0), b.appendingPathComponent($0)) }
    }
}

struct WhyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Show where a number came from: steps, parameters, seeds and input files, with hashes.",
        discussion: "QUERY is a result key (fit.signalFraction), a step name, or a number as printed (2.46).")

    @Argument(help: "A result key, a step name or a printed number.") var query: String
    @Option(help: "The analysis (default: the only one built, or the first).") var analysis: String?
    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let output = project.outputDirectory
            let built = ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter {
                FileManager.default.fileExists(atPath: output.appendingPathComponent("\($0)/manifest.json").path)
            }.sorted()
            let names = analysis.map { [$0] } ?? built
            guard !names.isEmpty else { throw UserError("no built analysis in \(output.path); run `folio build` first") }
            var found = false
            for name in names {
                let dir = output.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("manifest.json").path) else {
                    throw UserError("analysis '\(name)' has not been built in \(output.path)")
                }
                let results = try BuildDiff.readResults(dir)
                let manifest = try BuildDiff.readManifest(dir)
                for key in ProvenanceTrace.matches(query, in: results) {
                    found = true
                    print(ProvenanceTrace.explain(key, results: results, manifest: manifest))
                    print()
                }
            }
            if !found { throw UserError("no result matches '\(query)' in \(names.joined(separator: ", "))") }
        }
    }
}

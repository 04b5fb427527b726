import ArgumentParser
import Foundation
import FolioCache
import FolioModel
import FolioRunner
import FolioSteps

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run analyses with caching and write output/<analysis>/.",
        discussion: """
        Each step is taken from the cache when its key (a hash of its kind, version, parameters, \
        inputs and seed) is unchanged, and run otherwise. With --explain, every step says why.
        """)

    @Argument(help: "Analyses to build, by name or as .json files (default: all).")
    var analyses: [String] = []

    @Option(name: .long, help: "Build only this step and what it needs (repeatable). The analysis folder is not republished.")
    var only: [String] = []

    @Option(name: .shortAndLong, help: "Steps run at once, and threads a step may use (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Say for every step whether it came from the cache or why it ran.")
    var explain = false

    @Flag(name: .long, help: "Recompute every step, ignoring the cache.")
    var noCache = false

    @Flag(name: .long, help: "Read and hash every cache entry and published file again, trusting no remembered file stat.")
    var verifyCache = false

    @Option(name: .long, help: "Report formats to write: html, pdf (repeatable; default: both).")
    var format: [String] = []

    @Flag(name: .long, help: "Write report.html as one file with CSS and figures inlined (for mailing).")
    var selfContained = false

    @OptionGroup var project: ProjectOptions

    @OptionGroup(title: "Executor (where trial chunks run; also set in folio.json)") var executorOptions: ExecutorOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        for f in format where f != "html" && f != "pdf" { throw ValidationError("--format takes html or pdf, not '\(f)'") }
    }

    func run() async throws {
        try await reportingErrors {
            // git status once, for both; file hashes remembered by stat in the output's cache
            let sources = FolioSources.records(projectRoot: project.projectRoot,
                                               hashes: ArtifactStore.verifiedFilesMemo(cacheDirectory: project.outputDirectory.appendingPathComponent(".cache")))
            var environment = BuildEnvironment(
                projectRoot: project.projectRoot, dataRoot: project.dataRoot, outputDirectory: project.outputDirectory,
                jobs: jobs, toolchain: ToolchainDescription.current(), folioVersion: sources["folio"]?.version ?? FolioVersion.current)
            environment.sources = sources
            let display = ProgressDisplay()
            let executorConfiguration = try executorOptions.configuration(projectRoot: project.projectRoot)
            let selected = try project.analyses(analyses)
            for (index, analysis) in selected.enumerated() {
                // How a `folio worker` names this analysis again: its JSON file's absolute path, or its name.
                let named = analyses.isEmpty ? analysis.name : analyses[index]
                let argument = named.hasSuffix(".json") ? ProjectOptions.resolve(named, in: project.projectRoot).path : analysis.name
                let builder = Builder(registry: FolioSetup.current.registry, environment: environment, display: display,
                                      executor: executorOptions.makeExecutor(executorConfiguration, project: project, analysisArgument: argument),
                                      log: { display.line($0) })
                if explain { display.line("\(analysis.name):") }
                var reportSettings: [String: JSONValue] = [:]
                if !format.isEmpty { reportSettings["formats"] = .array(Set(format).sorted().map { .string($0) }) }
                if selfContained { reportSettings["selfContained"] = .bool(true) }
                let options = BuildOptions(noCache: noCache, only: only, explain: explain, verifyCache: verifyCache,
                                           overrides: reportSettings.isEmpty ? [:] : ["report": reportSettings])
                let summary: BuildSummary
                do {
                    summary = try await builder.build(analysis, options: options)
                } catch let error as SpecProblems where analyses.isEmpty && error.problems.allSatisfy(\.isMissingInput) {
                    // Building the default set on a machine without this analysis' data: say so and go on.
                    print("\(analysis.name): skipped, its input data is missing (\(error.problems[0].message)); "
                          + "get it with `folio data fetch` or point --data at it")
                    continue
                }
                let ran = summary.ranSteps.count, total = summary.outcomes.count
                let place = only.isEmpty ? " -> \(relative(summary.analysisDirectory))" : " (--only: not published)"
                print("\(analysis.name): \(total) steps, \(ran) ran, \(total - ran) cached, \(String(format: "%.2f", summary.wallSeconds)) s\(place)")
            }
        }
    }

    private func relative(_ url: URL) -> String {
        let root = project.projectRoot.standardizedFileURL.path + "/"
        return url.path.hasPrefix(root) ? String(url.path.dropFirst(root.count)) : url.path
    }
}

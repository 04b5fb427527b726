import Foundation
import FolioCache
import FolioModel
import FolioRunner
import FolioSteps

/// One `folio preview`: build, serve, watch, rebuild (or recompile and restart), tell the page.
final class PreviewSession {
    /// The analysis as named on the command line (a catalog name or a .json file).
    let argument: String
    let project: ProjectOptions
    let jobs: Int
    let display = ProgressDisplay()
    /// Seconds between looks at the watched files.
    let pollInterval = 0.1

    private let analysisName: String
    private let analysisDirectory: URL
    private let state: PreviewState
    private let rebuild: SelfRebuild

    init(argument: String, project: ProjectOptions, jobs: Int) throws {
        self.argument = argument
        self.project = project
        self.jobs = jobs
        // An unknown name or an unreadable JSON file stops here, before anything is served.
        let analysis = try project.analyses([argument])[0]
        analysisName = analysis.name
        analysisDirectory = project.outputDirectory.appendingPathComponent(analysis.name)
        state = PreviewState(published: PublishedFiles(analysisDirectory))
        rebuild = SelfRebuild(packageRoot: project.projectRoot)
    }

    func run(port: UInt16, restartArguments: (UInt16) -> [String]) async throws {
        let handler = PreviewHandler(analysisDirectory: analysisDirectory, analysis: analysisName, state: state)
        let (server, bound) = try await PreviewServer.start(port: port, handler: handler)
        defer { withExtendedLifetime(server) {} }
        say("folio preview: \(analysisName) at http://127.0.0.1:\(bound)/ (Ctrl-C to stop)")

        var watcher = FileWatcher(list: watchList(for: try? resolve()))
        var snapshot = watcher.snapshot()
        var pdf = await buildAndPublish()
        // Set when Swift changed and the compile failed: until a compile succeeds, this binary's
        // code is stale and may not build anything.
        var mustCompile = false
        while true {
            try await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
            if let build = pdf, !build.isRunning {
                await finished(build)
                pdf = nil
            }
            var current = watcher.snapshot()
            guard current != snapshot else { continue }
            // Editors save in several writes: wait until two looks 50 ms apart agree.
            for _ in 0..<20 {
                try await Task.sleep(nanoseconds: 50_000_000)
                let again = watcher.snapshot()
                if again == current { break }
                current = again
            }
            let changed = FileWatcher.changes(from: snapshot, to: current)
            snapshot = current
            say("changed: " + changed.map(relative).joined(separator: ", "))
            pdf?.stop()  // the PDF of the previous state is no longer wanted
            pdf = nil

            if mustCompile || changed.contains(where: PreviewWatchList.needsCompile) {
                mustCompile = true
                await state.update { $0.activity = "compiling" }
                // Sources edited while compiling need another compile before the new binary runs.
                var compiled: [String: FileWatcher.Signature] = [:]
                repeat {
                    compiled = watcher.snapshot().filter { PreviewWatchList.needsCompile($0.key) }
                    say("compiling: swift " + rebuild.buildArguments.joined(separator: " "))
                    do {
                        try await rebuild.compile()
                    } catch let failure as SelfRebuild.Failure {
                        for line in failure.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
                        await state.update { $0.activity = nil; $0.error = "swift build failed:\n" + failure.lines.joined(separator: "\n") }
                        break
                    }
                    if compiled == watcher.snapshot().filter({ PreviewWatchList.needsCompile($0.key) }) {
                        say("restarting with the rebuilt \(rebuild.executable.lastPathComponent)")
                        rebuild.exec(arguments: restartArguments(bound))
                    }
                } while true
                continue
            }

            pdf = await buildAndPublish()
            // A JSON analysis may have gained or lost inputs: watch what it reads now, keeping the
            // old signatures of files still watched so that edits made during the build are seen.
            let list = watchList(for: try? resolve())
            if list != watcher.list {
                watcher.list = list
                let fresh = watcher.snapshot()
                snapshot = fresh.reduce(into: [:]) { result, entry in result[entry.key] = snapshot[entry.key] ?? entry.value }
            }
        }
    }

    // MARK: - Building

    /// The analysis as it is now: a JSON file is read again on every build.
    private func resolve() throws -> Analysis {
        try project.analyses([argument])[0]
    }

    private func watchList(for analysis: Analysis?) -> WatchList {
        let json = argument.hasSuffix(".json") ? ProjectOptions.resolve(argument, in: project.projectRoot) : nil
        return PreviewWatchList.make(analysis: analysis, jsonFile: json, roots: environment().roots)
    }

    private func environment() -> BuildEnvironment {
        BuildEnvironment(projectRoot: project.projectRoot, dataRoot: project.dataRoot, outputDirectory: project.outputDirectory,
                         jobs: jobs, toolchain: ToolchainDescription.current(),
                         folioVersion: FolioVersion.current)
    }

    /// Builds and publishes, HTML first: when the report also writes a PDF, the report step runs
    /// here with `formats: [html]` (a cache entry of its own, so no entry claims a PDF it lacks),
    /// the page reloads, and the full `folio build` follows in the background (returned) and ends
    /// with output/<analysis>/ exactly as `folio build` writes it.
    private func buildAndPublish() async -> BackgroundBuild? {
        await state.update { $0.activity = "building" }
        do {
            let analysis = try resolve()
            let pdfToo = analysis.steps.contains { step in
                guard step.kind == Report.Parameters.kind, case .object(let p) = step.parameters,
                      case .array(let formats)? = p["formats"] else { return false }
                return formats.contains(.string("pdf"))
            }
            guard pdfToo else {
                try await build(analysis, overrides: [:], label: nil)
                await published(activity: nil)
                return nil
            }
            try await build(analysis, overrides: [Report.Parameters.kind: ["formats": .array([.string("html")])]], label: "html")
            await published(activity: "writing the PDF")
            let argument = argument.hasSuffix(".json") ? ProjectOptions.resolve(argument, in: project.projectRoot).path : argument
            return try BackgroundBuild(analysisArgument: argument, analysisName: analysisName, project: project, jobs: jobs)
        } catch {
            await failed(ErrorReport(error).lines)
            return nil
        }
    }

    /// The background build's end: its summary in the terminal, or its errors also in the page.
    private func finished(_ build: BackgroundBuild) async {
        let (summary, errors) = build.outcome()
        if let summary {
            say(summary.components(separatedBy: " -> ").first! + " (html, pdf)")
            await published(activity: nil)
        } else {
            await failed(errors.map { $0.hasPrefix("error: ") ? String($0.dropFirst("error: ".count)) : $0 })
        }
    }

    private func failed(_ lines: [String]) async {
        for line in lines { printError(line) }
        await state.update {
            $0.activity = nil
            $0.error = lines.map { "error: \($0)" }.joined(separator: "\n")
        }
    }

    private func build(_ analysis: Analysis, overrides: [String: [String: JSONValue]], label: String?) async throws {
        let display = self.display
        let builder = Builder(registry: FolioSetup.current.registry, environment: environment(), display: display,
                              log: { display.line($0) })
        let summary = try await builder.build(analysis, options: BuildOptions(overrides: overrides))
        let ran = summary.ranSteps.count, total = summary.outcomes.count
        let what = label.map { " (\($0))" } ?? ""
        say("\(analysis.name): \(total) steps, \(ran) ran, \(total - ran) cached, \(String(format: "%.2f", summary.wallSeconds)) s\(what)")
    }

    /// Tells the page what is now in output/<analysis>/ (it reloads if that differs from what it shows).
    private func published(activity: String?) async {
        let files = PublishedFiles(analysisDirectory)
        await state.update(published: files) {
            $0.error = nil
            $0.activity = activity
        }
    }

    // MARK: - Terminal

    private func say(_ line: String) {
        display.line(line)
    }

    private func relative(_ path: String) -> String {
        let root = project.projectRoot.standardizedFileURL.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}

/// What the served page shows: every published file of the analysis (report.html, figures, tables,
/// stylesheets) with the SHA-256 its manifest records, except report.pdf, which the page does not
/// show. Their digest is the page's version: it changes exactly when a reload would show something new.
struct PublishedFiles: Sendable, Equatable {
    /// Path inside output/<analysis>/ -> SHA-256.
    var files: [String: String] = [:]
    /// "" when nothing is published yet.
    var version = ""

    init() {}

    init(_ analysisDirectory: URL) {
        guard let manifest = try? StableJSON.read(Manifest.self, from: analysisDirectory.appendingPathComponent("manifest.json")) else {
            return
        }
        for step in manifest.steps {
            for file in step.outputs where file.path.hasPrefix("pub/") && file.path != "pub/report.pdf" {
                files[String(file.path.dropFirst("pub/".count))] = file.sha256
            }
        }
        version = ContentHash.sha256(files.keys.sorted().map { "\($0) \(files[$0]!)" }.joined(separator: "\n"))
    }
}

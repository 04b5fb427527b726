import Foundation
import FolioCache
import FolioModel

/// What `Builder.build` should do.
public struct BuildOptions: Sendable {
    /// Recompute every step, ignoring (and then replacing) cache entries.
    public var noCache = false
    /// Build only these steps and what they need; the analysis folder is then not republished.
    public var only: [String] = []
    /// Print for every step whether it came from the cache or why it ran.
    public var explain = false
    /// Read and hash every cache entry and published file, trusting no remembered stat
    /// (FileHashCache); a damaged entry is then found even where its stat did not change.
    public var verifyCache = false
    /// Parameter values set for every step of a kind (kind -> field -> value), e.g. the report
    /// formats from `--format`. They become part of the steps' parameters, and so of their keys.
    public var overrides: [String: [String: JSONValue]] = [:]

    public init(noCache: Bool = false, only: [String] = [], explain: Bool = false, verifyCache: Bool = false,
                overrides: [String: [String: JSONValue]] = [:]) {
        self.noCache = noCache
        self.verifyCache = verifyCache
        self.only = only
        self.explain = explain
        self.overrides = overrides
    }
}

/// The outcome of a build: per step, cached or why it ran.
public struct BuildSummary: Sendable {
    public var analysis: String
    public var outcomes: [String: StepOutcome]
    public var wallSeconds: Double
    public var analysisDirectory: URL
    /// False for `--only` builds, and when the folder already held this exact build.
    public var published: Bool
    public var ranSteps: Set<String> { Set(outcomes.filter { $0.value.ran }.keys) }
    public var cachedSteps: Set<String> { Set(outcomes.filter { !$0.value.ran }.keys) }
}

/// A step failed while running. `isUserError` separates bad inputs (exit 2) from bugs (exit 1).
public struct StepFailure: Error, CustomStringConvertible {
    public var step: String
    public var underlying: Error
    public var isUserError: Bool {
        underlying is SpecProblem || underlying is SpecProblems || underlying is InputFileError || underlying is StepInputError
    }
    public var description: String {
        if let e = underlying as? StepInputError { return e.description }
        if let e = underlying as? SpecProblems {
            return e.problems.map { "step '\(step)': \($0)" }.joined(separator: "\n")
        }
        return "step '\(step)': \(underlying)"
    }
}

/// Runs analyses: plan, execute in parallel with the cache, record provenance, publish.
public final class Builder: Sendable {
    public let registry: StepRegistry
    public let environment: BuildEnvironment
    /// Runs the chunks of splittable steps (trials): in this process (default) or on a cluster.
    public let executor: any ChunkExecutor
    let display: ProgressDisplay?
    let log: @Sendable (String) -> Void

    /// `log` receives one line per event worth telling (steps that ran, corrupt entries, notices).
    public init(registry: StepRegistry, environment: BuildEnvironment, display: ProgressDisplay? = nil,
                executor: any ChunkExecutor = LocalExecutor(), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.registry = registry
        self.environment = environment
        self.display = display
        self.executor = executor
        self.log = log
    }

    public func plan(_ analysis: Analysis, only: [String] = [], overrides: [String: [String: JSONValue]] = [:]) throws -> BuildPlan {
        let hashes = ArtifactStore.verifiedFilesMemo(cacheDirectory: environment.cacheDirectory)
        defer { try? hashes.save() }
        var analysis = analysis
        for i in analysis.steps.indices {
            guard let fields = overrides[analysis.steps[i].kind], case .object(var parameters) = analysis.steps[i].parameters else { continue }
            for (field, value) in fields { parameters[field] = value }
            analysis.steps[i].parameters = .object(parameters)
        }
        return try BuildPlan.make(analysis, registry: registry, environment: environment, fileHashes: hashes, only: only)
    }

    public func build(_ analysis: Analysis, options: BuildOptions = BuildOptions()) async throws -> BuildSummary {
        let started = Date()
        let lock = try OutputLock(outputDirectory: environment.outputDirectory)
        defer { withExtendedLifetime(lock) {} }
        let plan = try self.plan(analysis, only: options.only, overrides: options.overrides)
        let memo = ArtifactStore.verifiedFilesMemo(cacheDirectory: environment.cacheDirectory)
        defer { try? memo.save() }
        let store = ArtifactStore(root: environment.cacheDirectory, verifiedFiles: options.verifyCache ? nil : memo)
        store.removeAbandonedStagingAreas()  // we hold the lock: no other build is using them
        let analysisDirectory = environment.analysisDirectory(analysis.name)
        let previous = PreviousManifest(analysisDirectory.appendingPathComponent("manifest.json"))
        let status = BuildStatus(outputDirectory: environment.outputDirectory, analysis: analysis.name, executor: executor.name,
                                 steps: plan.steps.map(\.spec.name))

        var succeeded = false
        defer { status.finished(success: succeeded) }
        let execution = try await execute(plan, store: store, previous: previous, options: options, status: status)

        // Provenance and results, in the declared step order.
        var results: [String: ResultValue] = [:]
        var records: [StepRecord] = []
        var dataFiles: [String: FileRecord] = [:]
        var items: [Publisher.Item] = []
        var publishedBy: [String: String] = [:]
        for step in plan.steps {
            let entry = execution.entries[step.spec.name]!
            for (field, value) in entry.results {
                var v = value
                v.step = step.spec.name
                v.key = step.key
                results["\(step.spec.name).\(field)"] = v
            }
            for (input, file) in step.files {
                if let contents = step.folderContents[input] {
                    for f in contents { dataFiles[f.path] = f }
                } else {
                    dataFiles[file.path] = file
                }
            }
            records.append(StepRecord(
                name: step.spec.name, kind: step.spec.kind, version: step.kind.version, key: step.key, seed: step.seed,
                parameters: step.spec.parameters,
                inputs: step.spec.inputs.keys.sorted().map { StepRecord.Input(name: $0, ref: step.spec.inputs[$0]!, identity: step.material.inputs[$0]!) },
                outputs: entry.files, results: entry.results.keys.sorted(), notices: entry.notices,
                code: step.material.code))
            for file in entry.publishedFiles {
                let path = String(file.path.dropFirst("pub/".count))
                if let other = publishedBy[path] {
                    throw SpecProblems([SpecProblem("step '\(step.spec.name)'", "publishes '\(path)', which step '\(other)' also publishes")])
                }
                publishedBy[path] = step.spec.name
                items.append(Publisher.Item(path: path, source: store.filesDirectory(for: step.key).appendingPathComponent(file.path),
                                            bytes: file.bytes, sha256: file.sha256))
            }
        }
        let manifest = Manifest(analysis: analysis.name, title: analysis.title, folioVersion: environment.folioVersion,
                                toolchain: environment.toolchain, seed: analysis.seed,
                                data: dataFiles.values.sorted { $0.path < $1.path }, steps: records, tolerances: analysis.tolerances)
        let wall = Date().timeIntervalSince(started)
        let buildLog = BuildLog(
            analysis: analysis.name, date: ISO8601DateFormatter().string(from: started), wallSeconds: wall, jobs: environment.jobs,
            steps: plan.steps.map { s in
                BuildLog.Step(name: s.spec.name, cached: !(execution.outcomes[s.spec.name]!.ran),
                              wallSeconds: execution.wallSeconds[s.spec.name] ?? 0, reason: execution.outcomes[s.spec.name]!.description)
            }, sources: environment.sources.isEmpty ? nil : environment.sources)

        var published = false
        if options.only.isEmpty {
            published = try Publisher.publish(
                into: analysisDirectory, items: items, verifiedFiles: options.verifyCache ? nil : memo,
                generated: ["results.json": try StableJSON.encode(results), "manifest.json": try StableJSON.encode(manifest)],
                buildLog: try StableJSON.encode(buildLog))
        }
        succeeded = true
        return BuildSummary(analysis: analysis.name, outcomes: execution.outcomes, wallSeconds: Date().timeIntervalSince(started),
                            analysisDirectory: analysisDirectory, published: published)
    }

    // MARK: - Execution

    private struct Execution {
        var entries: [String: CacheEntry] = [:]
        var outcomes: [String: StepOutcome] = [:]
        var wallSeconds: [String: Double] = [:]
    }

    private enum StepResult: Sendable {
        case done(CacheEntry, StepOutcome, Double)
        case failed(Error)
    }

    private func execute(_ plan: BuildPlan, store: ArtifactStore, previous: PreviousManifest, options: BuildOptions,
                         status: BuildStatus) async throws -> Execution {
        var execution = Execution()
        var pending = plan.steps
        var running = 0
        var failure: StepFailure?
        let jobs = environment.jobs

        try await withThrowingTaskGroup(of: (String, StepResult).self) { group in
            func launchReady() {
                var index = 0
                while index < pending.count, running < jobs, failure == nil {
                    let step = pending[index]
                    let ready = step.spec.upstreamSteps.allSatisfy { execution.entries[$0] != nil }
                    guard ready else { index += 1; continue }
                    pending.remove(at: index)
                    running += 1
                    let upstream = Dictionary(uniqueKeysWithValues: step.spec.inputs.compactMap { name, ref -> (String, StepOutputs)? in
                        guard let target = ref.stepName, let entry = execution.entries[target] else { return nil }
                        return (name, self.outputs(of: target, entry: entry, store: store))
                    })
                    let provenance = Dictionary(uniqueKeysWithValues: step.upstream.compactMap { name -> (String, StepProvenance)? in
                        guard let s = plan.step(named: name) else { return nil }
                        return (name, self.provenance(of: s))
                    })
                    group.addTask {
                        (step.spec.name, await self.runOrReuse(step, plan: plan, store: store, upstream: upstream,
                                                               provenance: provenance, previous: previous, options: options,
                                                               status: status))
                    }
                }
            }
            launchReady()
            while let (name, result) = try await group.next() {
                running -= 1
                switch result {
                case .done(let entry, let outcome, let seconds):
                    execution.entries[name] = entry
                    execution.outcomes[name] = outcome
                    execution.wallSeconds[name] = seconds
                    status.step(name, state: outcome.ran ? "done" : "cached")
                case .failed(let error):
                    status.step(name, state: "failed")
                    if failure == nil { failure = StepFailure(step: name, underlying: error) }
                }
                launchReady()
            }
        }
        if let failure { throw failure }
        return execution
    }

    func outputs(of step: String, entry: CacheEntry, store: ArtifactStore) -> StepOutputs {
        let files = store.filesDirectory(for: entry.key)
        return StepOutputs(stepName: step, kind: entry.kind, key: entry.key, directory: files.appendingPathComponent("out"),
                           publishedDirectory: files.appendingPathComponent("pub"), results: entry.results, notices: entry.notices)
    }

    func provenance(of step: BuildPlan.Step) -> StepProvenance {
        var inputs: [String: String] = [:]
        for (name, ref) in step.spec.inputs {
            switch (ref, step.material.inputs[name]) {
            case (.step(let target), .step(let key)?): inputs[name] = "step \(target) (\(key))"
            case (_, .file(let sha)?): inputs[name] = "\(step.files[name]?.path ?? "?") (sha256 \(sha))"
            default: break
            }
        }
        let files = step.files.keys.sorted().flatMap { name in step.folderContents[name] ?? step.files[name].map { [$0] } ?? [] }
        return StepProvenance(name: step.spec.name, kind: step.spec.kind, key: step.key, inputs: inputs,
                              parameters: step.spec.parameters, seed: step.seed, files: files)
    }

    private func runOrReuse(_ step: BuildPlan.Step, plan: BuildPlan, store: ArtifactStore, upstream: [String: StepOutputs],
                            provenance: [String: StepProvenance], previous: PreviousManifest, options: BuildOptions,
                            status: BuildStatus) async -> StepResult {
        let name = step.spec.name
        var reasons: [RunReason]
        if options.noCache {
            reasons = [.cacheDisabled]
        } else {
            switch store.lookup(step.key) {
            case .hit(let entry):
                if options.explain { log("  \(name): cached") }
                return .done(entry, .cached, 0)
            case .corrupt(let problem):
                log("warning: step '\(name)': \(problem); recomputing")
                reasons = [.corruptEntry(problem.reason)]
            case .absent:
                reasons = Staleness.reasons(for: step, previous: previous.step(named: name))
            }
        }
        let started = Date()
        status.step(name, state: "running")
        do {
            let area = try store.makeStagingArea(for: step.key)
            var inputs: [String: ResolvedInput] = upstream.mapValues { .step($0) }
            for (input, file) in step.files {
                inputs[input] = .file(path: file.path, url: environment.roots.url(of: step.spec.inputs[input]!)!,
                                      sha256: file.sha256, bytes: file.bytes)
            }
            let progress = display?.makeProgress(for: name) ?? StepProgress(stepName: name, display: nil)
            defer { display?.finished(name) }
            let context = StepContext(analysisName: plan.analysis.name, stepName: name, key: step.key, analysisSeed: plan.analysis.seed,
                                      area: area, inputs: inputs, threads: environment.jobs, progress: progress, upstream: provenance,
                                      toolchain: environment.toolchain)
            if let chunks = step.kind.chunks {
                try await runSplit(step, chunks: chunks, context: context, noCache: options.noCache, status: status)
            } else {
                try await step.kind.run(step.spec.parameters, context)
            }
            let (results, notices) = context.collected()
            try ResultContracts.checkRecorded(results.keys, step: step)
            for (field, value) in results where !value.unit.isKnown {
                throw SpecProblem("step '\(name)'", "result '\(field)' has unit '\(value.unit)', which is not in Folio's unit vocabulary")
            }
            let entry = try store.commit(area, key: step.key, kind: step.spec.kind, version: step.kind.version,
                                         results: results, notices: notices)
            if step.kind.isSplittable {
                // The entry now holds the merged result; the chunks are no longer needed.
                ChunkStore(cacheRoot: environment.cacheDirectory, key: step.key).removeAll()
            }
            let seconds = Date().timeIntervalSince(started)
            log(options.explain ? "  \(name): ran: " + reasons.map(\.description).joined(separator: "; ")
                                : "  ran \(name) (\(String(format: "%.2f", seconds)) s)")
            for notice in notices { log("  notice: \(name): \(notice)") }
            return .done(entry, .ran(reasons), seconds)
        } catch {
            return .failed(error)
        }
    }
}

/// The manifest of the build last published in the analysis folder, read only when a step is not
/// in the cache (to say why it runs): a no-op build never needs it, and decoding it (a quarter of a
/// megabyte for the flagship) was a few percent of one.
final class PreviousManifest: @unchecked Sendable {
    // @unchecked: `manifest` is guarded by `lock`.
    private let url: URL
    private let lock = NSLock()
    private var manifest: Manifest??

    init(_ url: URL) { self.url = url }

    func step(named name: String) -> StepRecord? {
        lock.lock(); defer { lock.unlock() }
        if manifest == nil { manifest = .some(try? StableJSON.read(Manifest.self, from: url)) }
        return manifest!?.step(named: name)
    }
}

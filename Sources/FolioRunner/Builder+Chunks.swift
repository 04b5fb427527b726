import Foundation
import FolioCache
import FolioModel

extension Builder {
    /// Runs a splittable step: prepare, find the chunks an earlier (interrupted) build left in the
    /// chunk store, let the executor produce the rest, then `finish` on all chunks read back from
    /// the store. Reading back even what ran here keeps local and cluster builds byte-identical.
    func runSplit(_ step: BuildPlan.Step, chunks operations: ChunkOperations, context: StepContext, noCache: Bool,
                  status: BuildStatus) async throws {
        let name = step.spec.name
        let parameters = step.spec.parameters
        let count = try operations.chunkCount(parameters)
        let store = ChunkStore(cacheRoot: environment.cacheDirectory, key: step.key)
        if noCache { store.removeAll() }
        let prepared = try await operations.prepare(parameters, context)

        var missing: [Int] = []
        for chunk in 0..<count {
            switch store.read(chunk) {
            case .valid: break
            case .absent: missing.append(chunk)
            case .corrupt(let problem):
                log("warning: step '\(name)': \(problem); recomputing")
                store.discard(chunk)
                missing.append(chunk)
            }
        }
        let progress = context.progress
        progress.begin(total: count, unit: "chunks")
        let report: @Sendable (ChunkCounts) -> Void = { counts in
            progress.update(done: counts.done, detail: counts.detail)
            status.chunks(name, counts)
        }
        report(ChunkCounts(total: count, done: count - missing.count))
        if !missing.isEmpty {
            if missing.count < count { log("  \(name): resuming with \(count - missing.count) of \(count) chunks already done") }
            let job = ChunkJob(analysis: context.analysisName, step: name, key: step.key, chunkCount: count, missing: missing, store: store,
                               threads: context.threads,
                               computeLocally: { chunk in try operations.runChunk(parameters, chunk, prepared, context) },
                               report: report, log: log)
            // A single chunk (a sample drawn once) is not worth a cluster job: it runs here.
            try await (count > 1 ? executor : LocalExecutor()).produce(job)
        }
        var payloads: [Data] = []
        payloads.reserveCapacity(count)
        for chunk in 0..<count {
            guard case .valid(let data) = store.read(chunk) else {
                throw ChunkFailure(step: name, chunk: chunk, attempts: 0,
                                   reason: "the \(count > 1 ? executor.name : "local") executor finished but \(store.url(of: chunk).path) is missing or damaged")
            }
            payloads.append(data)
        }
        try await operations.finish(parameters, payloads, prepared, context)
    }

    /// What `folio worker` runs in a cluster job: chunks `chunks` of the splittable step `stepName`,
    /// each written into the step's chunk store (shared output folder). The analysis is planned again
    /// here; `expectedKey` (the key the submitting build computed) guards against an analysis, data
    /// file or Folio binary that changed in between. Chunks already stored are skipped. On failure a
    /// note is left beside the chunk (`<chunk>.error`) for the build's error message.
    ///
    /// Needs no lock: the build that submitted the job holds it, and chunk writes are atomic and
    /// idempotent (the same chunk always has the same bytes).
    public func runWorkerChunks(_ chunks: [Int], ofStep stepName: String, in analysis: Analysis, expectedKey: String?,
                                overrides: [String: [String: JSONValue]] = [:]) async throws -> [Int] {
        let plan = try self.plan(analysis, only: [stepName], overrides: overrides)
        guard let step = plan.step(named: stepName) else {
            throw SpecProblem("folio worker", "analysis '\(analysis.name)' has no step '\(stepName)'")
        }
        guard let operations = step.kind.chunks else {
            throw SpecProblem("step '\(stepName)'", "kind '\(step.spec.kind)' is not splittable; `folio worker` runs chunks of trial steps only")
        }
        let chunkStore = ChunkStore(cacheRoot: environment.cacheDirectory, key: step.key)
        if let expectedKey, expectedKey != step.key {
            let submitted = ChunkStore(cacheRoot: environment.cacheDirectory, key: expectedKey)
            let problem = SpecProblem("step '\(stepName)'", "its cache key here is \(step.key.prefix(12)), the submitting build's is "
                              + "\(expectedKey.prefix(12)): the analysis, its data or the folio binary differ between the login node and this job")
            for chunk in chunks { submitted.writeFailure(problem.description, chunk: chunk) }
            throw problem
        }
        do {
            let count = try operations.chunkCount(step.spec.parameters)
            for chunk in chunks where !(0..<count).contains(chunk) {
                throw SpecProblem("step '\(stepName)'", "has chunks 0..<\(count); there is no chunk \(chunk)")
            }
            let store = ArtifactStore(root: environment.cacheDirectory)
            // A late duplicate element after the build already merged the chunks: nothing to do.
            if case .hit = store.lookup(step.key) { return [] }
            let todo = chunks.filter { !chunkStore.isDone($0) }
            guard !todo.isEmpty else { return [] }
            var inputs: [String: ResolvedInput] = [:]
            var provenance: [String: StepProvenance] = [:]
            for (input, ref) in step.spec.inputs {
                if let target = ref.stepName {
                    guard let upstream = plan.step(named: target), case .hit(let entry) = store.lookup(upstream.key) else {
                        throw SpecProblem("step '\(stepName)'", "input step '\(target)' is not in the cache of \(environment.outputDirectory.path); "
                                          + "the build must run it before submitting chunks (is the output folder shared with this node?)")
                    }
                    inputs[input] = .step(outputs(of: target, entry: entry, store: store))
                } else if let file = step.files[input], let url = environment.roots.url(of: ref) {
                    inputs[input] = .file(path: file.path, url: url, sha256: file.sha256, bytes: file.bytes)
                }
            }
            for name in step.upstream {
                guard let s = plan.step(named: name) else { continue }
                provenance[name] = self.provenance(of: s)
            }
            let area = try store.makeStagingArea(for: step.key)
            defer { try? FileManager.default.removeItem(at: area.directory) }
            let context = StepContext(analysisName: analysis.name, stepName: stepName, key: step.key, analysisSeed: analysis.seed,
                                      area: area, inputs: inputs, threads: environment.jobs,
                                      progress: StepProgress(stepName: stepName, display: nil), upstream: provenance,
                                      toolchain: environment.toolchain)
            let prepared = try await operations.prepare(step.spec.parameters, context)
            for chunk in todo {
                do {
                    try chunkStore.write(try operations.runChunk(step.spec.parameters, chunk, prepared, context), chunk: chunk)
                } catch {
                    chunkStore.writeFailure("\(error)", chunk: chunk)
                    throw error
                }
            }
            return todo
        } catch {
            for chunk in chunks where !chunkStore.isDone(chunk) && chunkStore.failure(of: chunk) == nil {
                chunkStore.writeFailure("\(error)", chunk: chunk)
            }
            throw error
        }
    }
}

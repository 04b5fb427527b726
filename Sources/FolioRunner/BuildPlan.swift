import Foundation
import FolioCache
import FolioModel

/// An analysis checked and ordered, with every step's cache key computed: ready to execute.
///
/// Planning reports every problem it can find at once (unknown kinds, bad parameters, unknown step
/// references, cycles, missing files) as `SpecProblems`, one line each, naming the culprit.
public struct BuildPlan: Sendable {
    public struct Step: Sendable {
        public let spec: StepSpec
        public let kind: RegisteredKind
        public let material: KeyMaterial
        public let key: String
        public let seed: UInt64?
        /// Input name -> file record, for file inputs (for a folder: the digest of its listing).
        public let files: [String: FileRecord]
        /// Input name -> the files inside a folder input, for the manifest.
        public let folderContents: [String: [FileRecord]]
        /// Transitive upstream steps.
        public let upstream: Set<String>
    }

    public let analysis: Analysis
    /// In a topological order that keeps the declared order where dependencies allow.
    public let steps: [Step]

    public func step(named name: String) -> Step? { steps.first { $0.spec.name == name } }

    /// Checks `analysis` and computes keys. `only` restricts the plan to those steps and what they need.
    public static func make(_ declared: Analysis, registry: StepRegistry, environment: BuildEnvironment,
                            fileHashes: FileHashCache, only: [String] = []) throws -> BuildPlan {
        var problems: [SpecProblem] = []
        // Steps completed from project files first (a report's Markdown), so that everything
        // below sees their real inputs.
        let (analysis, preparationProblems) = prepare(declared, registry: registry, roots: environment.roots)
        problems += preparationProblems
        let where_ = "analysis '\(analysis.name)'"
        for duplicate in Set(registry.duplicates).sorted() {
            problems.append(SpecProblem("step registry", "kind '\(duplicate)' is registered twice"))
        }
        if analysis.name.isEmpty || analysis.name.contains("/") || analysis.name.hasPrefix(".") {
            problems.append(SpecProblem(where_, "name must be non-empty, without '/' and not start with '.'"))
        }

        // Names and kinds.
        var byName: [String: StepSpec] = [:]
        for spec in analysis.steps {
            let at = "step '\(spec.name)'"
            if spec.name.isEmpty || spec.name.contains("/") || spec.name.contains(".") {
                problems.append(SpecProblem(at, "a step name must be non-empty and contain no '/' or '.'"))
            }
            if byName[spec.name] != nil {
                problems.append(SpecProblem(at, "is declared twice in \(where_)"))
            }
            byName[spec.name] = spec
            guard let kind = registry.kinds[spec.kind] else {
                let known = registry.kinds.keys.sorted().joined(separator: ", ")
                problems.append(SpecProblem(at, "unknown kind '\(spec.kind)' (known kinds: \(known))"))
                continue
            }
            for message in kind.validate(spec.parameters, spec.inputs) {
                problems.append(SpecProblem(at, message))
            }
        }

        // Code fingerprints: every kind in use must be fingerprinted, with the modules it declares.
        var kindCode: [String: [String: String]] = [:]
        if let code = registry.code {
            for kindName in Set(analysis.steps.map(\.kind)).sorted() {
                guard let kind = registry.kinds[kindName] else { continue }
                let (fingerprint, kindProblems) = code.code(for: kind)
                kindCode[kindName] = fingerprint
                problems += kindProblems.map { SpecProblem("step registry", $0) }
            }
        }

        // References.
        for spec in analysis.steps {
            for (input, ref) in spec.inputs.sorted(by: { $0.key < $1.key }) {
                guard case .step(let target) = ref else { continue }
                if target == spec.name {
                    problems.append(SpecProblem("step '\(spec.name)'", "input '\(input)' refers to the step itself"))
                } else if byName[target] == nil {
                    problems.append(SpecProblem("step '\(spec.name)'", "input '\(input)' refers to unknown step '\(target)'"))
                }
            }
        }

        // Results quoted (report placeholders, table cells) against the names their steps declare.
        problems += ResultContracts.problems(in: analysis.steps, registry: registry)

        // Cycles (only meaningful once references resolve).
        let order = topologicalOrder(analysis.steps, byName: byName)
        if let cycle = order.cycle {
            problems.append(SpecProblem(where_, "steps form a cycle: " + cycle.map { "'\($0)'" }.joined(separator: " -> ") + " (each reads the next)"))
        }

        // Restriction to --only.
        var wanted = Set(analysis.steps.map(\.name))
        if !only.isEmpty {
            wanted = []
            for name in only {
                guard byName[name] != nil else {
                    problems.append(SpecProblem("--only", "unknown step '\(name)' in \(where_)"))
                    continue
                }
                wanted.insert(name)
                wanted.formUnion(upstreamClosure(of: name, byName: byName))
            }
        }

        // Files.
        var fileRecords: [String: [String: FileRecord]] = [:]
        var folderContents: [String: [String: [FileRecord]]] = [:]
        var listings: [String: [FileRecord]] = [:]
        let roots = environment.roots
        for spec in analysis.steps where wanted.contains(spec.name) {
            for (input, ref) in spec.inputs.sorted(by: { $0.key < $1.key }) {
                guard let url = roots.url(of: ref), let recorded = ref.recordedPath else { continue }
                let at = "step '\(spec.name)'"
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
                do {
                    if ref.isDirectory {
                        guard exists, isDirectory.boolValue else {
                            problems.append(SpecProblem(at, "input '\(input)': folder not found: \(url.path)"))
                            continue
                        }
                        // Many steps read the same data folders: listed and hashed once per plan.
                        let listingKey = url.path + "\t" + recorded
                        let contents = try listings[listingKey] ?? folderListing(url, recordedAs: recorded, hashes: fileHashes)
                        listings[listingKey] = contents
                        let listing = contents.map { "\($0.path)\t\($0.sha256)\n" }.joined()
                        fileRecords[spec.name, default: [:]][input] = FileRecord(
                            path: recorded, sha256: ContentHash.sha256(listing), bytes: contents.reduce(0) { $0 + $1.bytes })
                        folderContents[spec.name, default: [:]][input] = contents
                    } else {
                        guard exists, !isDirectory.boolValue else {
                            problems.append(SpecProblem(at, "input '\(input)': file not found: \(url.path)"))
                            continue
                        }
                        fileRecords[spec.name, default: [:]][input] = FileRecord(path: recorded, sha256: try fileHashes.sha256(of: url),
                                                                                 bytes: try fileSize(url))
                    }
                } catch {
                    problems.append(SpecProblem(at, "input '\(input)': cannot read \(url.path): \(error.localizedDescription)"))
                }
            }
        }

        guard problems.isEmpty, let ordered = order.order else { throw SpecProblems(problems) }

        // Keys, in dependency order.
        var steps: [Step] = []
        var keys: [String: String] = [:]
        for name in ordered where wanted.contains(name) {
            let spec = byName[name]!
            let kind = registry.kinds[spec.kind]!
            var identities: [String: InputIdentity] = [:]
            for (input, ref) in spec.inputs {
                switch ref {
                case .step(let target): identities[input] = .step(key: keys[target]!)
                default: identities[input] = .file(sha256: fileRecords[name]![input]!.sha256)
                }
            }
            let seed = kind.usesRandomness ? firstChunkSeed(kind, spec, analysisSeed: analysis.seed) : nil
            let material = KeyMaterial(kind: spec.kind, version: kind.version, code: kindCode[spec.kind], parameters: spec.parameters,
                                       inputs: identities, seed: seed)
            let key = material.key
            keys[name] = key
            steps.append(Step(spec: spec, kind: kind, material: material, key: key, seed: seed,
                              files: fileRecords[name] ?? [:], folderContents: folderContents[name] ?? [:],
                              upstream: upstreamClosure(of: name, byName: byName)))
        }
        return BuildPlan(analysis: analysis, steps: steps)
    }

    /// The analysis with every step completed from the project files it names (`StepKind.prepare`:
    /// a report reads its Markdown), as a build plans and records it, with the problems found in
    /// those files.
    public static func prepare(_ analysis: Analysis, registry: StepRegistry, roots: FileRoots) -> (Analysis, [SpecProblem]) {
        var prepared = analysis
        var problems: [SpecProblem] = []
        for i in prepared.steps.indices {
            guard let kind = registry.kinds[prepared.steps[i].kind],
                  let step = kind.prepare(prepared.steps[i], roots: roots) else { continue }
            prepared.steps[i] = step.spec
            problems += step.problems
        }
        return (prepared, problems)
    }

    /// The seed of chunk 0 of a random step's first trial set: enters its key and provenance.
    static func firstChunkSeed(_ kind: RegisteredKind, _ spec: StepSpec, analysisSeed: UInt64) -> UInt64 {
        let set = (try? kind.chunks?.trialPlan(spec.parameters))?.sets.first?.name ?? ""
        return SeedDerivation.seed(analysisSeed: analysisSeed, step: spec.name, set: set, chunk: 0)
    }

    /// Every regular file below `folder` (hidden files skipped), sorted, with size and SHA-256.
    /// Folders are entered, links to folders are not (as FileManager's enumerator did); a link to a
    /// file counts with the target's content and, as before, the link's own size.
    static func folderListing(_ folder: URL, recordedAs prefix: String, hashes: FileHashCache) throws -> [FileRecord] {
        let base = folder.standardizedFileURL.path
        var records: [FileRecord] = []
        func walk(_ relative: String) throws {
            guard let names = FileStatus.names(inFolder: relative.isEmpty ? base : base + "/" + relative) else { return }
            for name in names where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                let full = base + "/" + path
                guard let status = try? FileStatus.link(full) else { continue }
                if status.isDirectory {
                    try walk(path)
                    continue
                }
                // A link is followed: skipped when it leads to a folder or nowhere.
                if status.isSymbolicLink {
                    guard let target = try? FileStatus.of(full), !target.isDirectory else { continue }
                }
                records.append(FileRecord(path: prefix + "/" + path, sha256: try hashes.sha256(of: URL(fileURLWithPath: full)),
                                          bytes: status.size))
            }
        }
        try walk("")
        return records.sorted { $0.path < $1.path }
    }

    /// The size `attributesOfItem` reports (a link's own size; FileStatus.link).
    static func fileSize(_ url: URL) throws -> UInt64 {
        try FileStatus.link(url.path).size
    }

    static func upstreamClosure(of name: String, byName: [String: StepSpec]) -> Set<String> {
        var seen: Set<String> = []
        var stack = byName[name]?.upstreamSteps ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += byName[next]?.upstreamSteps ?? []
        }
        return seen
    }

    /// Kahn's algorithm, taking ready steps in declared order; on failure, one cycle found by DFS.
    static func topologicalOrder(_ steps: [StepSpec], byName: [String: StepSpec]) -> (order: [String]?, cycle: [String]?) {
        var unique: Set<String> = []
        let declared = steps.map(\.name).filter { unique.insert($0).inserted }
        var indegree: [String: Int] = [:]
        var dependents: [String: [String]] = [:]
        for name in declared {
            let spec = byName[name]!
            let ups = Set(spec.upstreamSteps.filter { byName[$0] != nil && $0 != spec.name })
            indegree[spec.name] = ups.count
            for up in ups { dependents[up, default: []].append(spec.name) }
        }
        var order: [String] = []
        var ready = declared.filter { indegree[$0] == 0 }
        while !ready.isEmpty {
            let next = ready.removeFirst()
            order.append(next)
            for d in dependents[next] ?? [] {
                indegree[d]! -= 1
                if indegree[d] == 0 {
                    ready.append(d)
                    ready.sort { declared.firstIndex(of: $0)! < declared.firstIndex(of: $1)! }
                }
            }
        }
        if order.count == Set(declared).count { return (order, nil) }
        // Find one cycle among the remaining steps.
        let remaining = Set(declared).subtracting(order)
        var state: [String: Int] = [:]  // 1 = on stack, 2 = done
        var stack: [String] = []
        func visit(_ n: String) -> [String]? {
            state[n] = 1
            stack.append(n)
            for up in (byName[n]?.upstreamSteps ?? []).sorted() where remaining.contains(up) {
                if state[up] == 1 {
                    let start = stack.firstIndex(of: up)!
                    return Array(stack[start...])
                }
                if state[up] == nil, let c = visit(up) { return c }
            }
            stack.removeLast()
            state[n] = 2
            return nil
        }
        for n in declared where remaining.contains(n) && state[n] == nil {
            if let c = visit(n) { return (nil, c + [c.first!]) }
        }
        return (nil, Array(remaining).sorted())
    }
}

import Foundation
import FolioCache
import FolioModel

/// Everything that differs between two builds of one analysis (two `output/<analysis>/` folders).
public struct BuildDiff: Sendable {
    public var analysis: String
    public var oldDirectory: URL
    public var newDirectory: URL
    public var results: [ResultChange]
    public var steps: [StepChange]
    public var files: [FileChange]
    /// Toolchain and data-file differences, one sentence each.
    public var environment: [String]

    public var changedResults: [ResultChange] { results.filter(\.isDifference) }
    public var changedFiles: [FileChange] { files.filter { $0.status != .identical && $0.status != .withinTolerance } }
    public var changedSteps: [StepChange] { steps.filter { $0.status != .unchanged && $0.status != .equivalent } }

    /// True when anything a reader would notice moved beyond tolerance. Environment differences
    /// (another compiler, another OS) alone do not count: they are reported, not failed.
    public var hasDifferences: Bool { !changedResults.isEmpty || !changedFiles.isEmpty || !changedSteps.isEmpty }

    /// Compares two analysis folders. `imageComparison` compares two PNG files and may write a diff
    /// image; without it, PNGs are compared by bytes only.
    public static func compare(old: URL, new: URL, policy: TolerancePolicy? = nil,
                               imageComparison: ImageComparison? = nil, diffImageDirectory: URL? = nil) throws -> BuildDiff {
        let oldManifest = try readManifest(old), newManifest = try readManifest(new)
        let policy = policy ?? TolerancePolicy(rules: newManifest.tolerances)
        let oldResults = try readResults(old), newResults = try readResults(new)
        let results = ResultComparison.compare(old: oldResults, new: newResults, policy: policy)
        let steps = StepChange.compare(old: oldManifest, new: newManifest, tolerance: policy.defaultTolerance)
        let files = try FileChange.compare(old: old, new: new, oldManifest: oldManifest, newManifest: newManifest,
                                           tolerance: policy.defaultTolerance, imageComparison: imageComparison,
                                           diffImageDirectory: diffImageDirectory)
        var environment = toolchainDifferences(oldManifest.toolchain, newManifest.toolchain)
        let oldData = Dictionary(oldManifest.data.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for file in newManifest.data {
            if let before = oldData[file.path], before.sha256 != file.sha256 {
                environment.append("data \(file.path): sha256 \(before.sha256.prefix(12)) -> \(file.sha256.prefix(12))")
            }
        }
        return BuildDiff(analysis: newManifest.analysis, oldDirectory: old, newDirectory: new, results: results,
                         steps: steps, files: files, environment: environment)
    }

    /// Compiler, OS and library versions that differ, one sentence each.
    public static func toolchainDifferences(_ a: Toolchain, _ b: Toolchain) -> [String] {
        var out: [String] = []
        if a.swift != b.swift { out.append("Swift \(a.swift) -> \(b.swift)") }
        if a.os != b.os { out.append("OS \(a.os) -> \(b.os)") }
        for lib in Set(a.libraries.keys).union(b.libraries.keys).sorted() where a.libraries[lib] != b.libraries[lib] {
            out.append("\(lib) \(a.libraries[lib] ?? "absent") -> \(b.libraries[lib] ?? "absent")")
        }
        return out
    }

    /// The manifest of a build folder, or an `InputFileError` naming the file.
    public static func readManifest(_ directory: URL) throws -> Manifest {
        let url = directory.appendingPathComponent("manifest.json")
        do { return try StableJSON.read(Manifest.self, from: url) } catch {
            throw InputFileError(path: url.path, FileManager.default.fileExists(atPath: url.path)
                                 ? "not a Folio manifest (\(error))" : "missing: is this a folio build folder?")
        }
    }

    /// The results of a build folder, or an `InputFileError` naming the file.
    public static func readResults(_ directory: URL) throws -> [String: ResultValue] {
        let url = directory.appendingPathComponent("results.json")
        do { return try StableJSON.read([String: ResultValue].self, from: url) } catch {
            throw InputFileError(path: url.path, "cannot read results (\(error))")
        }
    }
}

/// A step whose spec or key differs between two manifests, with the reason.
public struct StepChange: Hashable, Sendable {
    /// `equivalent`: the key changed but every parameter is equal within tolerance.
    public enum Status: Hashable, Sendable { case unchanged, equivalent, changed, affected, added, removed }
    public var name: String
    public var status: Status
    /// For `.changed`: the spec fields that differ; for `.affected`: the upstream steps.
    public var reasons: [String]

    static func compare(old: Manifest, new: Manifest, tolerance: Tolerance) -> [StepChange] {
        let before = Dictionary(old.steps.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.steps.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [StepChange] = []
        for step in new.steps {
            guard let previous = before[step.name] else {
                changes.append(StepChange(name: step.name, status: .added, reasons: []))
                continue
            }
            if previous.key == step.key {
                changes.append(StepChange(name: step.name, status: .unchanged, reasons: []))
                continue
            }
            var own: [String] = []
            if previous.kind != step.kind { own.append("kind \(previous.kind) -> \(step.kind)") }
            if previous.version != step.version { own.append("implementation version \(previous.version) -> \(step.version)") }
            own += JSONComparison.compare(previous.parameters, step.parameters, tolerance: tolerance).differences.map {
                "parameter '\($0.path)' (\($0.old) -> \($0.new))"
            }
            if previous.seed != step.seed { own.append("seed") }
            own += codeChanges(previous.code, step.code)
            let oldInputs = Dictionary(previous.inputs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            var upstream: [String] = []
            for input in step.inputs {
                guard let was = oldInputs[input.name] else { own.append("input '\(input.name)' added"); continue }
                if was.ref != input.ref { own.append("input '\(input.name)' now reads \(input.ref)"); continue }
                guard was.identity != input.identity else { continue }
                if let s = input.ref.stepName { upstream.append(s) } else { own.append("\(input.ref) changed") }
            }
            for name in oldInputs.keys.sorted() where !step.inputs.contains(where: { $0.name == name }) {
                own.append("input '\(name)' removed")
            }
            if own.isEmpty && upstream.isEmpty {
                changes.append(StepChange(name: step.name, status: .equivalent, reasons: ["parameters equal within tolerance"]))
            } else if own.isEmpty {
                changes.append(StepChange(name: step.name, status: .affected, reasons: upstream.sorted()))
            } else {
                changes.append(StepChange(name: step.name, status: .changed, reasons: own))
            }
        }
        for step in old.steps where after[step.name] == nil {
            changes.append(StepChange(name: step.name, status: .removed, reasons: []))
        }
        return changes
    }

    /// The modules whose code fingerprint (in the step's key) differs, as `--explain` words it.
    static func codeChanges(_ old: [String: String]?, _ new: [String: String]?) -> [String] {
        guard old != new else { return [] }
        guard let old, let new else {
            return [new == nil ? "code fingerprints no longer part of the key" : "code fingerprints now part of the key"]
        }
        return Set(old.keys).union(new.keys).sorted().compactMap { module in
            switch (old[module], new[module]) {
            case let (a?, b?) where a != b: return "code of \(module) changed"
            case (nil, _?): return "now uses the code of \(module)"
            case (_?, nil): return "no longer uses the code of \(module)"
            default: return nil
            }
        }
    }
}

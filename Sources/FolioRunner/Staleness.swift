import FolioCache
import FolioModel

/// Why a step ran, or that it came from the cache: one typed reason each, as `--explain` prints.
public enum StepOutcome: Hashable, Sendable, CustomStringConvertible {
    case cached
    case ran([RunReason])

    public var ran: Bool { if case .ran = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .cached: return "cached"
        case .ran(let reasons): return "ran: " + reasons.map(\.description).joined(separator: "; ")
        }
    }
}

public enum RunReason: Hashable, Sendable, CustomStringConvertible {
    /// `--no-cache` was given.
    case cacheDisabled
    /// No previous build recorded a step of this name.
    case notBuiltBefore
    case kindChanged(from: String, to: String)
    case versionChanged(from: Int, to: Int)
    /// Changed parameter paths with old and new values, e.g. `gamma: 2 -> 2.5`.
    case parametersChanged([String])
    case inputAdded(String)
    case inputRemoved(String)
    /// An upstream step's key changed.
    case upstreamChanged(input: String, step: String)
    /// A file's content changed.
    case fileChanged(input: String, path: String, from: String, to: String)
    case inputRetargeted(input: String, from: String, to: String)
    case seedChanged
    /// The fingerprint of a module in the kind's code changed (or the kind now uses, or no longer
    /// uses, a module; or the previous build had no fingerprints).
    case codeChanged(module: String)
    case codeAdded(module: String)
    case codeRemoved(module: String)
    case codeFingerprintsAdded
    /// Same key as before, but the cache has no entry (cleaned, or never completed).
    case notInCache
    /// The entry failed verification and was recomputed.
    case corruptEntry(String)

    public var description: String {
        switch self {
        case .cacheDisabled: return "--no-cache"
        case .notBuiltBefore: return "not built before"
        case .kindChanged(let a, let b): return "kind changed (\(a) -> \(b))"
        case .versionChanged(let a, let b): return "implementation version changed (\(a) -> \(b))"
        case .parametersChanged(let changes): return "parameter " + changes.joined(separator: ", ") + " changed"
        case .inputAdded(let name): return "input '\(name)' added"
        case .inputRemoved(let name): return "input '\(name)' removed"
        case .upstreamChanged(let input, let step): return "input '\(input)' changed (step '\(step)' changed)"
        case .fileChanged(let input, let path, let a, let b):
            return "input '\(input)' changed (file \(path): sha256 \(a.prefix(12)) -> \(b.prefix(12)))"
        case .inputRetargeted(let input, let a, let b): return "input '\(input)' now reads \(b) instead of \(a)"
        case .seedChanged: return "seed changed"
        case .codeChanged(let module): return "code of \(module) changed"
        case .codeAdded(let module): return "now uses the code of \(module)"
        case .codeRemoved(let module): return "no longer uses the code of \(module)"
        case .codeFingerprintsAdded: return "code fingerprints are now part of the key"
        case .notInCache: return "not in the cache"
        case .corruptEntry(let why): return "cache entry was corrupt (\(why)); recomputed"
        }
    }
}

/// Compares a planned step with the record of the previous build to say what changed.
enum Staleness {
    static func reasons(for step: BuildPlan.Step, previous: StepRecord?) -> [RunReason] {
        guard let previous else { return [.notBuiltBefore] }
        if previous.key == step.key { return [.notInCache] }
        var reasons: [RunReason] = []
        if previous.kind != step.spec.kind { reasons.append(.kindChanged(from: previous.kind, to: step.spec.kind)) }
        if previous.version != step.kind.version {
            reasons.append(.versionChanged(from: previous.version, to: step.kind.version))
        }
        reasons += codeReasons(previous: previous.code, now: step.material.code)
        let changes = diff(previous.parameters, step.spec.parameters, path: "")
        if !changes.isEmpty { reasons.append(.parametersChanged(changes)) }
        let old = Dictionary(uniqueKeysWithValues: previous.inputs.map { ($0.name, $0) })
        for (name, ref) in step.spec.inputs.sorted(by: { $0.key < $1.key }) {
            guard let before = old[name] else { reasons.append(.inputAdded(name)); continue }
            if before.ref != ref {
                reasons.append(.inputRetargeted(input: name, from: before.ref.description, to: ref.description))
                continue
            }
            let now = step.material.inputs[name]
            if now != before.identity {
                switch (ref, before.identity, now) {
                case (.step(let target), _, _):
                    reasons.append(.upstreamChanged(input: name, step: target))
                case (_, .file(let a), .file(let b)?):
                    reasons.append(.fileChanged(input: name, path: ref.recordedPath ?? "?", from: a, to: b))
                default:
                    reasons.append(.inputRetargeted(input: name, from: before.ref.description, to: ref.description))
                }
            }
        }
        for name in old.keys.sorted() where step.spec.inputs[name] == nil { reasons.append(.inputRemoved(name)) }
        if previous.seed != step.seed { reasons.append(.seedChanged) }
        return reasons.isEmpty ? [.notInCache] : reasons
    }

    /// Which modules of a step's code changed between two builds.
    static func codeReasons(previous: [String: String]?, now: [String: String]?) -> [RunReason] {
        switch (previous, now) {
        case (let before?, let now?):
            return Set(before.keys).union(now.keys).sorted().compactMap { module in
                switch (before[module], now[module]) {
                case (let a?, let b?) where a != b: return .codeChanged(module: module)
                case (nil, _?): return .codeAdded(module: module)
                case (_?, nil): return .codeRemoved(module: module)
                default: return nil
                }
            }
        case (nil, _?): return [.codeFingerprintsAdded]
        default: return []
        }
    }

    /// Leaf-level differences between two JSON values, as `path: old -> new`.
    static func diff(_ a: JSONValue, _ b: JSONValue, path: String) -> [String] {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return Set(x.keys).union(y.keys).sorted().flatMap { k -> [String] in
                let p = path.isEmpty ? k : "\(path).\(k)"
                return diff(x[k] ?? .null, y[k] ?? .null, path: p)
            }
        case (.array(let x), .array(let y)) where x.count == y.count:
            return zip(x, y).enumerated().flatMap { i, pair in diff(pair.0, pair.1, path: "\(path)[\(i)]") }
        default:
            return a == b ? [] : ["'\(path.isEmpty ? "parameters" : path)' (\(a.brief) -> \(b.brief))"]
        }
    }
}

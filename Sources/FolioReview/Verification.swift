import Foundation
import FolioCache
import FolioModel

/// `folio verify`: grades a fresh, cache-free rebuild against a reference manifest and results.
///
/// Every output is graded bit-identical, equal within tolerance, or diverged; input files are
/// checked against the reference checksums first, since a rebuild on other data proves nothing.
public struct VerificationReport: Sendable {
    public enum Grade: String, Sendable, Comparable {
        case bitIdentical = "bit-identical"
        /// Differs only where it prints cache keys (a report's provenance): identical once the
        /// rebuild's keys are replaced by the reference's.
        case identicalUpToKeys = "bit-identical up to cache keys"
        case withinTolerance = "equal within tolerance"
        case diverged

        public static func < (a: Grade, b: Grade) -> Bool { a.rank < b.rank }
        var rank: Int {
            switch self { case .bitIdentical: 0; case .identicalUpToKeys: 1; case .withinTolerance: 2; case .diverged: 3 }
        }
    }

    public struct Item: Sendable, CustomStringConvertible {
        public var name: String
        public var grade: Grade
        public var detail: String
        public var description: String { "\(grade.rawValue): \(name)" + (detail.isEmpty ? "" : " (\(detail))") }
    }

    public var analysis: String
    public var outputs: [Item]
    public var results: [ResultChange]
    /// Toolchain differences: reported, not graded (a new compiler may legitimately change bits).
    public var environment: [String]
    /// Steps whose cache key differs from the reference's, and why (code fingerprints, spec, inputs):
    /// provenance, not graded. Keys include the code's fingerprint, so every code change moves them;
    /// what verify grades is what the steps produced.
    public var provenance: [String] = []

    public var overall: Grade {
        let resultGrades = results.map { r -> Grade in
            switch r.status {
            case .identical: return .bitIdentical
            case .withinTolerance: return .withinTolerance
            default: return .diverged
            }
        }
        return (outputs.map(\.grade) + resultGrades).max() ?? .bitIdentical
    }

    /// One line per graded item that is not bit-identical, then the verdict.
    public var summary: String {
        var lines = ["verify \(analysis): \(outputs.count) step outputs, \(results.count) results"]
        for item in outputs where item.grade != .bitIdentical { lines.append("  \(item)") }
        for r in results where r.status != .identical {
            lines.append("  \(r.isDifference ? "diverged" : "equal within tolerance"): result " + DiffText.describe(r))
        }
        for e in environment { lines.append("  environment: \(e)") }
        for p in provenance { lines.append("  provenance: \(p)") }
        let identical = outputs.filter { $0.grade == .bitIdentical }.count
        lines.append("  \(identical) of \(outputs.count) outputs bit-identical; "
                     + "\(results.filter { $0.status == .identical }.count) of \(results.count) results identical")
        lines.append("verdict: \(overall.rawValue)")
        return lines.joined(separator: "\n")
    }
}

public enum Verification {
    /// A reference input that is missing or whose content changed.
    public struct InputProblem: Sendable, CustomStringConvertible {
        public var path: String
        public var expected: String
        public var found: String?
        public var description: String {
            if found == "present" { return "input \(path): a file the reference did not read" }
            if let found { return "input \(path): sha256 \(found) does not match the reference \(expected)" }
            return "input \(path): missing (the reference has sha256 \(expected))"
        }
    }

    /// Checks every data and project file the reference read (folders file by file) against its
    /// checksum. Folio's own files (templates) belong to the toolchain and are not checked here.
    public static func checkInputs(reference: Manifest, roots: FileRoots) -> [InputProblem] {
        var problems: [InputProblem] = []
        var checked: Set<String> = []
        func check(_ url: URL, expected: String) {
            guard checked.insert(url.path).inserted else { return }
            guard FileManager.default.fileExists(atPath: url.path) else {
                problems.append(InputProblem(path: url.path, expected: expected, found: nil))
                return
            }
            let found = (try? ContentHash.sha256(fileAt: url)) ?? "unreadable"
            if found != expected { problems.append(InputProblem(path: url.path, expected: expected, found: found)) }
        }
        for step in reference.steps {
            for input in step.inputs {
                guard case .file(let expected) = input.identity else { continue }
                switch input.ref {
                case .step, .folioFile: continue
                case .directory(let folder):
                    let files = reference.data.filter { $0.path.hasPrefix(folder + "/") }
                    for f in files { check(roots.url(of: .file(f.path))!, expected: f.sha256) }
                    if let url = roots.url(of: input.ref), let present = FileManager.default.enumerator(atPath: url.path) {
                        let known = Set(files.map { String($0.path.dropFirst(folder.count + 1)) })
                        while let relative = present.nextObject() as? String {
                            var isDirectory: ObjCBool = false
                            let full = url.appendingPathComponent(relative)
                            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                            if FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                               !known.contains(relative) {
                                problems.append(InputProblem(path: full.path, expected: "(not in the reference)", found: "present"))
                            }
                        }
                    }
                default:
                    check(roots.url(of: input.ref)!, expected: expected)
                }
            }
        }
        return problems
    }

    /// Grades a rebuilt analysis folder against the reference manifest and results. Published files
    /// that differ are compared within tolerance when the reference folder holds a copy of them.
    public static func grade(referenceDirectory: URL, rebuiltDirectory: URL, policy: TolerancePolicy? = nil) throws -> VerificationReport {
        let reference = try BuildDiff.readManifest(referenceDirectory)
        let rebuilt = try BuildDiff.readManifest(rebuiltDirectory)
        let policy = policy ?? TolerancePolicy(rules: reference.tolerances)
        let results = ResultComparison.compare(old: try BuildDiff.readResults(referenceDirectory),
                                               new: try BuildDiff.readResults(rebuiltDirectory), policy: policy)
        let fileChanges = try FileChange.compare(old: referenceDirectory, new: rebuiltDirectory, oldManifest: reference,
                                                 newManifest: rebuilt, tolerance: policy.defaultTolerance,
                                                 imageComparison: nil, diffImageDirectory: nil)
        let published = Dictionary(fileChanges.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var outputs: [VerificationReport.Item] = []
        var provenance: [String] = []
        let rebuiltSteps = Dictionary(rebuilt.steps.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Rebuild key -> reference key, for the steps whose keys moved.
        var keyMap: [String: String] = [:]
        var keyPairs: [KeyPair] = []
        for step in reference.steps {
            guard let now = rebuiltSteps[step.name] else { continue }
            keyPairs.append(KeyPair(step: step.name, new: now.key, old: step.key))
            if now.key != step.key { keyMap[now.key] = step.key }
        }
        for step in reference.steps {
            guard let now = rebuiltSteps[step.name] else {
                outputs.append(.init(name: step.name, grade: .diverged, detail: "step missing from the rebuild"))
                continue
            }
            if now.key != step.key {
                provenance.append("step \(step.name): cache key \(step.key.prefix(12)) -> \(now.key.prefix(12)) (\(keyChange(from: step, to: now)))")
            }
            let after = Dictionary(now.outputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
            var textUpToKeys = false, textDiverged = false
            var binaryDiffering: [(CacheEntry.File, String)] = []
            for file in step.outputs {
                let name = "\(step.name)/\(file.path)"
                guard let sha = after[file.path] else { outputs.append(.init(name: name, grade: .diverged, detail: "not produced")); continue }
                if sha == file.sha256 { outputs.append(.init(name: name, grade: .bitIdentical, detail: "")); continue }
                let publishedPath = file.path.hasPrefix("pub/") ? String(file.path.dropFirst(4)) : nil
                if !keyMap.isEmpty, let publishedPath {
                    let rebuiltFile = rebuiltDirectory.appendingPathComponent(publishedPath)
                    if isText(publishedPath) {
                        if let data = try? Data(contentsOf: rebuiltFile),
                           ContentHash.sha256(replacingKeys(in: data, keyPairs)) == file.sha256 {
                            outputs.append(.init(name: name, grade: .identicalUpToKeys,
                                                 detail: "sha256 \(file.sha256.prefix(12)) -> \(sha.prefix(12)); identical once the rebuild's cache keys are replaced by the reference's"))
                            textUpToKeys = true
                            continue
                        }
                        textDiverged = true
                    } else if now.key != step.key {
                        binaryDiffering.append((file, sha))
                        continue
                    }
                }
                let referenceCopy = publishedPath.map { referenceDirectory.appendingPathComponent($0) }
                if let publishedPath, let referenceCopy, FileManager.default.fileExists(atPath: referenceCopy.path),
                   let change = published[publishedPath] {
                    let grade: VerificationReport.Grade = change.status == .withinTolerance ? .withinTolerance : .diverged
                    outputs.append(.init(name: name, grade: grade, detail: "sha256 \(file.sha256.prefix(12)) -> \(sha.prefix(12)); " + change.details.prefix(3).joined(separator: "; ")))
                } else {
                    outputs.append(.init(name: name, grade: .diverged, detail: "sha256 \(file.sha256.prefix(12)) -> \(sha.prefix(12))"))
                }
            }
            // A binary file (the report's PDF) cannot be compared with keys replaced. When the step's
            // text outputs differ only in cache keys, its binary outputs are taken to differ the same
            // way: graded equal within tolerance, and said so. Otherwise they have diverged.
            for (file, sha) in binaryDiffering {
                let name = "\(step.name)/\(file.path)"
                if textUpToKeys && !textDiverged {
                    outputs.append(.init(name: name, grade: .withinTolerance, detail: "sha256 \(file.sha256.prefix(12)) -> \(sha.prefix(12)); "
                                         + "binary, prints cache keys; the step's text outputs are identical up to cache keys"))
                } else {
                    outputs.append(.init(name: name, grade: .diverged, detail: "sha256 \(file.sha256.prefix(12)) -> \(sha.prefix(12))"))
                }
            }
        }
        let referenceSteps = Set(reference.steps.map(\.name))
        for step in rebuilt.steps where !referenceSteps.contains(step.name) {
            outputs.append(.init(name: step.name, grade: .diverged, detail: "step not in the reference"))
        }
        let environment = BuildDiff.toolchainDifferences(reference.toolchain, rebuilt.toolchain)
        return VerificationReport(analysis: reference.analysis, outputs: outputs, results: results, environment: environment,
                                  provenance: provenance)
    }

    /// Why a step's key moved, from the two manifest records.
    static func keyChange(from old: StepRecord, to new: StepRecord) -> String {
        var parts: [String] = []
        let a = old.code ?? [:], b = new.code ?? [:]
        let changed = Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
        if old.code == nil, new.code != nil {
            parts.append("code fingerprints now part of the key")
        } else if !changed.isEmpty {
            parts.append("code of " + changed.joined(separator: ", ") + " changed")
        }
        if old.kind != new.kind || old.version != new.version { parts.append("kind or version changed") }
        if old.parameters != new.parameters { parts.append("parameters changed") }
        if old.seed != new.seed { parts.append("seed changed") }
        let upstream = zip(old.inputs, new.inputs).filter { $0.0 != $0.1 }.map(\.0.name)
        if old.inputs.count != new.inputs.count { parts.append("inputs changed") }
        else if !upstream.isEmpty { parts.append("input " + upstream.joined(separator: ", ") + " changed") }
        return parts.isEmpty ? "key format changed" : parts.joined(separator: "; ")
    }

    static func isText(_ path: String) -> Bool {
        ["html", "csv", "json", "svg", "txt", "md", "css", "tex", "xml"].contains((path as NSString).pathExtension.lowercased())
    }

    /// One step's key in the rebuild and in the reference.
    struct KeyPair {
        var step: String
        var new: String
        var old: String
    }

    /// `data` with the rebuild's keys written as the reference's. A run of 8 to 64 hexadecimal digits
    /// standing alone (not inside a word) that starts a rebuilt key becomes as many digits of the
    /// reference key; so does a shorter run directly before "…" (a tooltip cut the key short) when
    /// it starts exactly one rebuilt key, or when "step <name> (" names the step just before it.
    static func replacingKeys(in data: Data, _ keys: [KeyPair]) -> Data {
        let bytes = [UInt8](data)
        func isHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 102) }
        func isWord(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 }
        let keys = keys.map { (step: Array("step \($0.step) (".utf8), new: Array($0.new.utf8), old: Array($0.old.utf8)) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            guard isHex(bytes[i]), i == 0 || !isWord(bytes[i - 1]) else { out.append(bytes[i]); i += 1; continue }
            var j = i
            while j < bytes.count && isHex(bytes[j]) { j += 1 }
            let run = bytes[i..<j]
            let truncated = j + 2 < bytes.count && bytes[j] == 0xE2 && bytes[j + 1] == 0x80 && bytes[j + 2] == 0xA6
            let standsAlone = j == bytes.count || !isWord(bytes[j])
            let candidates = run.count <= 64 ? keys.filter { $0.new.starts(with: run) } : []
            var match: (step: [UInt8], new: [UInt8], old: [UInt8])?
            if run.count >= 8 && (standsAlone || truncated) {
                match = candidates.first
            } else if truncated {
                match = candidates.count == 1 ? candidates[0]
                    : candidates.first { c in i >= c.step.count && bytes[(i - c.step.count)..<i].elementsEqual(c.step) }
            }
            out += match.map { Array($0.old.prefix(run.count)) } ?? Array(run)
            i = j
        }
        return Data(out)
    }

    /// `--twice`: steps whose outputs differ between two clean builds (a determinism probe).
    public static func nonReproducibleSteps(first: Manifest, second: Manifest) -> [String] {
        let b = Dictionary(second.steps.map { ($0.name, $0.outputs) }, uniquingKeysWith: { a, _ in a })
        return first.steps.compactMap { step in
            guard let other = b[step.name] else { return step.name }
            let diff = zip(step.outputs, other).filter { $0.0 != $0.1 }.map { $0.0.path }
            if step.outputs.count != other.count { return "\(step.name) (different output files)" }
            return diff.isEmpty ? nil : "\(step.name) (\(diff.joined(separator: ", ")))"
        }
    }
}

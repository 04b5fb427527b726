import Foundation
import FolioCache
import FolioModel

/// `folio why`: from one number back through the steps, parameters, seeds and files that produced it.
public enum ProvenanceTrace {
    /// The results a query names: a result key (`fit.signalFraction`), a step name (all its results),
    /// or a number as printed in the report (`2.46`, matched at the precision given).
    public static func matches(_ query: String, in results: [String: ResultValue]) -> [String] {
        if results[query] != nil { return [query] }
        let byStep = results.keys.filter { $0.hasPrefix(query + ".") }.sorted()
        if !byStep.isEmpty { return byStep }
        guard let number = Double(query.replacingOccurrences(of: "×10^", with: "e")) else { return [] }
        let digits = query.lowercased().split(separator: "e")[0].filter(\.isNumber).drop { $0 == "0" }.count
        return results.filter { _, v in
            [v.value, v.upperLimit].compactMap { $0 }.contains { rounds($0, to: max(1, digits), equalTo: number) }
        }.keys.sorted()
    }

    static func rounds(_ x: Double, to significant: Int, equalTo target: Double) -> Bool {
        guard x != 0, target != 0 else { return x == target }
        let scale = pow(10, Double(significant) - 1 - floor(log10(abs(target))))
        return (x * scale).rounded() == (target * scale).rounded()
    }

    /// An indented tree of the provenance of `key`.
    public static func explain(_ key: String, results: [String: ResultValue], manifest: Manifest) -> String {
        guard let value = results[key] else { return "\(key): no such result" }
        var lines = ["\(key) = \(DiffText.format(value))  [\(value.kind.rawValue)]"]
        let steps = Dictionary(manifest.steps.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        func walk(_ name: String, _ indent: String, via: String?) {
            guard let step = steps[name] else { lines.append("\(indent)└─ step \(name): not in the manifest"); return }
            let label = via.map { "input \($0): " } ?? ""
            lines.append("\(indent)└─ \(label)step \(step.name) (\(step.kind) v\(step.version)) key \(step.key)")
            let inner = indent + "   "
            if seen.contains(name) { lines.append("\(inner)(described above)"); return }
            seen.insert(name)
            lines.append("\(inner)parameters: \(step.parameters.canonicalString)")
            if let code = step.code, !code.isEmpty {
                lines.append("\(inner)code: " + code.keys.sorted().map { "\($0) \(code[$0]!.prefix(12))" }.joined(separator: ", "))
            }
            if let seed = step.seed { lines.append("\(inner)seed: \(seed) (derived from analysis seed \(manifest.seed))") }
            for notice in step.notices { lines.append("\(inner)notice: \(notice)") }
            for input in step.inputs {
                switch (input.ref, input.identity) {
                case (.step(let upstream), _): walk(upstream, inner, via: input.name)
                case (.directory(let path), .file(let sha)):
                    let files = manifest.data.filter { $0.path.hasPrefix(path + "/") }
                    lines.append("\(inner)└─ input \(input.name): folder \(path) (\(files.count) files, listing sha256 \(sha))")
                    for f in files { lines.append("\(inner)   · \(f.path) sha256 \(f.sha256)") }
                case (_, .file(let sha)):
                    lines.append("\(inner)└─ input \(input.name): \(input.ref) sha256 \(sha)")
                default: lines.append("\(inner)└─ input \(input.name): \(input.ref)")
                }
            }
        }
        if let step = value.step { walk(step, "", via: nil) }
        lines.append("toolchain: Swift \(manifest.toolchain.swift), \(manifest.toolchain.os)"
                     + manifest.toolchain.libraries.keys.sorted().map { ", \($0) \(manifest.toolchain.libraries[$0]!)" }.joined())
        lines.append("folio \(manifest.folioVersion)")
        return lines.joined(separator: "\n")
    }
}

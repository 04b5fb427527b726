import Foundation
import FolioModel

/// The terse terminal summary of a `BuildDiff`.
public enum DiffText {
    public static func render(_ diff: BuildDiff) -> String {
        var lines: [String] = []
        lines.append("\(diff.analysis): \(diff.oldDirectory.path) -> \(diff.newDirectory.path)")
        let changed = diff.steps.filter { $0.status == .changed || $0.status == .added || $0.status == .removed }
        let affected = diff.steps.filter { $0.status == .affected }
        if !changed.isEmpty || !affected.isEmpty {
            lines.append("spec: \(changed.count) step\(changed.count == 1 ? "" : "s") changed, \(affected.count) affected downstream")
            for s in changed {
                lines.append("  \(s.name): " + (s.reasons.isEmpty ? "\(s.status)" : s.reasons.joined(separator: "; ")))
            }
            for s in affected { lines.append("  \(s.name): re-run because upstream \(s.reasons.joined(separator: ", ")) changed") }
        }
        let moved = diff.changedResults
        let within = diff.results.filter { $0.status == .withinTolerance }.count
        let identical = diff.results.filter { $0.status == .identical }.count
        lines.append("results: \(moved.count) changed, \(within) equal within tolerance, \(identical) identical")
        for r in moved { lines.append("  " + describe(r)) }
        let files = diff.changedFiles
        lines.append("files: \(files.count) changed, \(diff.files.count - files.count) equal")
        for f in files {
            lines.append("  \(f.path): \(f.status)")
            for d in f.details.prefix(5) { lines.append("    \(d)") }
            if f.details.count > 5 { lines.append("    ... (\(f.details.count - 5) more lines in diff.html)") }
        }
        if !diff.environment.isEmpty {
            lines.append("environment (reported, not counted as a difference):")
            for e in diff.environment { lines.append("  \(e)") }
        }
        lines.append(diff.hasDifferences ? "DIFFERENT" : "EQUAL within tolerance")
        return lines.joined(separator: "\n")
    }

    static func describe(_ r: ResultChange) -> String {
        switch r.status {
        case .added: return "\(r.key): added \(format(r.new))"
        case .removed: return "\(r.key): removed (was \(format(r.old)))"
        case .redefined: return "\(r.key): unit or kind changed (\(format(r.old)) -> \(format(r.new)))"
        default:
            var s = "\(r.key): \(format(r.old)) -> \(format(r.new))"
            if let d = r.delta { s += " (Δ \(String(format: "%+.4g", d))" + (r.sigmaShift.map { String(format: ", %+.2f σ", $0) } ?? "") + ")" }
            return s
        }
    }

    public static func format(_ v: ResultValue?) -> String {
        guard let v else { return "—" }
        var s = ""
        if let x = v.value { s = String(format: "%.6g", x) }
        if let m = v.minus, let p = v.plus { s += String(format: " -%.3g/+%.3g", m, p) }
        if let ul = v.upperLimit {
            s += (s.isEmpty ? "" : ", ") + String(format: "< %.6g", ul) + (v.confidenceLevel.map { String(format: " (%.0f%% CL)", $0 * 100) } ?? "")
        }
        if v.unit != .dimensionless { s += " \(v.unit)" }
        return s
    }
}

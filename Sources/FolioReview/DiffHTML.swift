import Foundation
import FolioModel
import Mustache

/// The referee's page: `diff.html` with old / new / delta side by side, from `templates/diff.html.mustache`.
public enum DiffHTML {
    /// The repository's `templates/` folder (or `$FOLIO_TEMPLATES`).
    public static var templatesDirectory: URL { FileRoots.templatesDirectory }

    public static func render(_ diffs: [BuildDiff], imagesFolder: String, templates: URL = templatesDirectory) throws -> String {
        let file = templates.appendingPathComponent("diff.html.mustache")
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw DiffOutputError(path: file.path, message: "cannot read template: \(error.localizedDescription)")
        }
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch {
            throw DiffOutputError(path: file.path, message: "template does not parse: \(error)")
        }
        let anyDifference = diffs.contains { $0.hasDifferences }
        let context: [String: Any] = [
            "verdict": anyDifference ? "Different" : "Equal within tolerance",
            "verdictClass": anyDifference ? "different" : "equal",
            "analyses": diffs.map { analysisContext($0, imagesFolder: imagesFolder) },
        ]
        return template.render(context)
    }

    static func analysisContext(_ d: BuildDiff, imagesFolder: String) -> [String: Any] {
        let steps: [[String: Any]] = d.steps.filter { $0.status != .unchanged && $0.status != .equivalent }.map { s in
            ["name": s.name, "status": "\(s.status)",
             "reasons": s.status == .affected ? "re-run because upstream \(s.reasons.joined(separator: ", ")) changed" : s.reasons.joined(separator: "; ")]
        }
        let results: [[String: Any]] = d.results.filter { $0.status != .identical }.map { r in
            ["key": r.key, "old": DiffText.format(r.old), "new": DiffText.format(r.new),
             "delta": r.delta.map { String(format: "%+.4g", $0) } ?? "",
             "sigma": r.sigmaShift.map { String(format: "%+.2f σ", $0) } ?? "",
             "status": r.status == .withinTolerance ? "within tolerance" : "\(r.status)",
             "rowClass": r.isDifference ? "changed" : "within",
             "tolerance": r.tolerance.description]
        }
        let files: [[String: Any]] = d.files.filter { $0.status != .identical }.map { f in
            var c: [String: Any] = ["path": f.path, "status": f.status == .withinTolerance ? "within tolerance" : "\(f.status)",
                                    "details": f.details, "rowClass": f.status == .withinTolerance ? "within" : "changed"]
            if let image = f.diffImage {
                c["diffImage"] = "\(imagesFolder)/\(image)"
                c["oldImage"] = d.oldDirectory.appendingPathComponent(f.path).absoluteString
                c["newImage"] = d.newDirectory.appendingPathComponent(f.path).absoluteString
            }
            return c
        }
        return [
            "analysis": d.analysis, "old": d.oldDirectory.path, "new": d.newDirectory.path,
            "steps": steps, "hasSteps": !steps.isEmpty,
            "results": results, "hasResults": !results.isEmpty,
            "identicalResults": d.results.filter { $0.status == .identical }.count,
            "files": files, "hasFiles": !files.isEmpty,
            "identicalFiles": d.files.filter { $0.status == .identical }.count,
            "environment": d.environment, "hasEnvironment": !d.environment.isEmpty,
            "verdict": d.hasDifferences ? "different" : "equal within tolerance",
        ]
    }
}

public struct DiffOutputError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

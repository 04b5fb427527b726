import Foundation

/// The files `folio new` writes: a package with one analysis, one step kind of its own, a report
/// and tests. Pure (no I/O), so tests can check the text.
public struct Scaffold: Sendable {
    /// How the package depends on Folio.
    public enum Dependency: Sendable {
        case path(String)
        case url(String)
    }

    /// The package name as given (e.g. `my-analysis`).
    public var name: String
    public var folio: Dependency

    public init(name: String, folio: Dependency) {
        self.name = name
        self.folio = folio
    }

    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
            && name.unicodeScalars.allSatisfy(\.isASCII)
    }

    /// `my-analysis` -> `MyAnalysis`: the Swift name of the package's types and modules.
    public var typeName: String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The analysis name (`folio build <name>`, `output/<name>/`): the package name in lower case.
    public var analysisName: String { name.lowercased().replacingOccurrences(of: "_", with: "-") }

    /// The module holding the analyses and kinds.
    public var module: String { "\(typeName)Analyses" }

    /// SwiftPM's identity of the Folio dependency, which `.product(name:package:)` names.
    var folioPackage: String {
        switch folio {
        case .path: return "Folio"   // declared with `name: "Folio"`, whatever the folder is called
        case .url(let url):
            let last = url.split(separator: "/").last.map(String.init) ?? "Folio"
            return last.hasSuffix(".git") ? String(last.dropLast(4)) : last
        }
    }

    var folioDependency: String {
        switch folio {
        case .path(let path): return ".package(name: \"Folio\", path: \(literal(path)))"
        case .url(let url): return ".package(url: \(literal(url)), branch: \"main\")"
        }
    }

    private func literal(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    /// File path (relative to the package) -> contents.
    public var files: [String: String] {
        let substitutions = [
            "{{Name}}": typeName, "{{name}}": analysisName, "{{Module}}": module, "{{package}}": name,
            "{{folioDependency}}": folioDependency, "{{folioPackage}}": folioPackage,
        ]
        func fill(_ template: String) -> String {
            substitutions.reduce(template) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        return [
            "Package.swift": fill(ScaffoldTemplates.package),
            ".gitignore": ".build/\noutput/\n*.folio.zip\n",
            "README.md": fill(ScaffoldTemplates.readme),
            "report.md": fill(ScaffoldTemplates.report),
            "Sources/folio/main.swift": fill(ScaffoldTemplates.main),
            "Sources/\(module)/\(typeName)Analysis.swift": fill(ScaffoldTemplates.analysis),
            "Sources/\(module)/PowerLawFit.swift": fill(ScaffoldTemplates.kind),
            "Tests/\(module)Tests/\(typeName)Tests.swift": fill(ScaffoldTemplates.tests),
        ]
    }
}

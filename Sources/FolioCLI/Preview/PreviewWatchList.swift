import Foundation
import FolioModel

/// What a preview of one analysis watches, and which changes need a compile.
enum PreviewWatchList {
    /// - The package's Swift sources: `Package.swift`, `Sources/**.swift`, `analyses/**.swift`
    ///   (a change there recompiles `folio` first).
    /// - Markdown under `analyses/` (report prose), whether or not a step names it yet.
    /// - Folio's templates folder and the project's own `templates/`, if any.
    /// - Every file-like input of the analysis' steps: data files and folders, project files,
    ///   Folio files; and the analysis' JSON file when it is built from one.
    static func make(analysis: Analysis?, jsonFile: URL?, roots: FileRoots, templatesDirectory: URL = FileRoots.templatesDirectory) -> WatchList {
        var list = WatchList()
        let project = roots.projectRoot
        list.add(file: project.appendingPathComponent("Package.swift"))
        list.add(tree: project.appendingPathComponent("Sources"), suffixes: [".swift"])
        list.add(tree: project.appendingPathComponent("analyses"), suffixes: [".swift", ".md"])
        list.add(tree: templatesDirectory)
        list.add(tree: project.appendingPathComponent("templates"))
        if let jsonFile { list.add(file: jsonFile) }
        for step in analysis?.steps ?? [] {
            for ref in step.inputs.values {
                guard let url = roots.url(of: ref) else { continue }
                if ref.isDirectory { list.add(tree: url) } else { list.add(file: url) }
            }
        }
        return list
    }

    /// A change that the running binary cannot see without being rebuilt.
    static func needsCompile(_ path: String) -> Bool {
        path.hasSuffix(".swift")
    }
}

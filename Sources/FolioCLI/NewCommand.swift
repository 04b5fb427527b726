import ArgumentParser
import Foundation
import FolioModel

/// `folio new NAME`: scaffolds a package of one's own that depends on Folio.
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a package for your own analyses and step kinds, depending on Folio.",
        discussion: """
        Writes NAME/ (or --path DIR): Package.swift, Sources/<Name>Analyses/ with one analysis, one \
        step kind of its own (a seeded power-law sample and the maximum-likelihood fit of its index, \
        with a figure and a table) and the report, Sources/folio/main.swift, and a test. Then \
        `cd NAME && swift run folio build` writes output/<name>/report.html. Folio is a path \
        dependency on this checkout unless --folio-path or --folio-url says otherwise.
        """)

    @Argument(help: "The package name (letters, digits, '-' or '_'; e.g. my-analysis).") var name: String
    @Option(help: "Where to create the package (default: ./NAME).") var path: String?
    @Option(help: "Depend on Folio at this path (default: the checkout this folio was built from).") var folioPath: String?
    @Option(help: "Depend on Folio by this git URL (branch main) instead of a path.") var folioURL: String?
    @Flag(help: "Write into an existing, non-empty folder.") var force = false

    func validate() throws {
        guard Scaffold.isValidName(name) else {
            throw ValidationError("'\(name)' is not a package name: use letters, digits, '-' or '_', starting with a letter")
        }
        if folioPath != nil && folioURL != nil { throw ValidationError("give --folio-path or --folio-url, not both") }
    }

    func run() async throws {
        try await reportingErrors {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let folder = ProjectOptions.resolve(path ?? name, in: cwd)
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if !existing.isEmpty && !force { throw UserError("\(folder.path) exists and is not empty (use --force to write into it)") }
            let dependency: Scaffold.Dependency
            if let folioURL {
                dependency = .url(folioURL)
            } else {
                dependency = .path(folioPath.map { ProjectOptions.resolve($0, in: cwd).path } ?? FileRoots.folioSourceRoot.standardizedFileURL.path)
            }
            let scaffold = Scaffold(name: name, folio: dependency)
            for (file, text) in scaffold.files.sorted(by: { $0.key < $1.key }) {
                let url = folder.appendingPathComponent(file)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
                print("created \(file)")
            }
            print("""

                Next:
                  cd \(path ?? name)
                  swift run folio build        # first build compiles Folio too (minutes); then output/\(scaffold.analysisName)/report.html
                  swift test
                """)
        }
    }
}

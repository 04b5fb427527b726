import Foundation
import FolioModel
import Mustache

/// The Mustache templates and stylesheets of the HTML report, read from `templates/`.
///
/// Files: `report.html.mustache` (the page), partials `section.mustache`, `figure.mustache`,
/// `table.mustache`, and the stylesheets `report.css` (screen) and `print.css`.
struct TemplateSet {
    let library: MustacheLibrary
    let screenCSS: String
    let printCSS: String

    /// The repository's `templates/` folder, found from this source file's path; overridden by
    /// the `FOLIO_TEMPLATES` environment variable (for an installed tool).
    static var defaultDirectory: URL { FileRoots.templatesDirectory }

    init(directory: URL) throws {
        var library = MustacheLibrary()
        for name in ["report.html", "section", "figure", "table"] {
            let file = directory.appendingPathComponent("\(name).mustache")
            let text = try Self.read(file)
            do {
                library.register(try MustacheTemplate(string: text), named: name == "report.html" ? "report" : name)
            } catch {
                throw ReportOutputError(path: file.path, message: "template does not parse: \(error)")
            }
        }
        self.library = library
        self.screenCSS = try Self.read(directory.appendingPathComponent("report.css"))
        self.printCSS = try Self.read(directory.appendingPathComponent("print.css"))
    }

    private static func read(_ file: URL) throws -> String {
        do { return try String(contentsOf: file, encoding: .utf8) } catch {
            throw ReportOutputError(path: file.path, message: "cannot read template: \(error.localizedDescription)")
        }
    }

    func render(_ context: [String: Any]) throws -> String {
        guard let html = library.render(context, withTemplate: "report") else {
            throw ReportOutputError(path: "report.html.mustache", message: "template 'report' not registered")
        }
        return html
    }
}

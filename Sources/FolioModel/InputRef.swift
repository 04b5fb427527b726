import Foundation

/// Where a step's named input comes from.
///
/// - `step`: the outputs (files and results) of another step of the same analysis.
/// - `file`: a data file, by a path relative to the data root (`--data`, `FOLIO_DATA`), or absolute.
/// - `directory`: every file below a data-root folder (e.g. a data release, of which a user may have
///   any subset); it enters the cache key by the SHA-256 of its sorted listing of (path, sha256).
/// - `projectFile`: a file of the analysis project (e.g. a user's template), relative to the project root.
/// - `folioFile`: a file shipped with Folio itself (e.g. `templates/report.css`), relative to Folio's root.
///
/// File inputs enter the cache key by content, never by path or date.
public enum InputRef: Codable, Hashable, Sendable, CustomStringConvertible {
    case step(String)
    case file(String)
    case directory(String)
    case projectFile(String)
    case folioFile(String)

    public var description: String {
        switch self {
        case .step(let s): return "step '\(s)'"
        case .file(let p): return "data file '\(p)'"
        case .directory(let p): return "data folder '\(p)'"
        case .projectFile(let p): return "project file '\(p)'"
        case .folioFile(let p): return "Folio file '\(p)'"
        }
    }

    public var stepName: String? {
        if case .step(let s) = self { return s }
        return nil
    }

    /// The path of a file-like input as the analysis writes it; nil for a step.
    public var path: String? {
        switch self {
        case .step: return nil
        case .file(let p), .directory(let p), .projectFile(let p), .folioFile(let p): return p
        }
    }

    /// The path under which the manifest records this input's file(s).
    public var recordedPath: String? {
        switch self {
        case .step: return nil
        case .file(let p), .directory(let p): return p
        case .projectFile(let p): return "project:\(p)"
        case .folioFile(let p): return "folio:\(p)"
        }
    }

    public var isDirectory: Bool { if case .directory = self { return true } else { return false } }
}

/// The folders that file-like inputs are relative to.
public struct FileRoots: Hashable, Sendable {
    public var dataRoot: URL
    public var projectRoot: URL
    public var folioRoot: URL

    public init(dataRoot: URL, projectRoot: URL, folioRoot: URL = FileRoots.folioSourceRoot) {
        self.dataRoot = dataRoot
        self.projectRoot = projectRoot
        self.folioRoot = folioRoot
    }

    /// Folio's own files (templates): `$FOLIO_HOME`, else the checkout this binary was built from.
    public static var folioSourceRoot: URL {
        if let home = ProcessInfo.processInfo.environment["FOLIO_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Folio's report and diff templates: `$FOLIO_TEMPLATES`, else `templates/` under Folio's root.
    public static var templatesDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["FOLIO_TEMPLATES"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return folioSourceRoot.appendingPathComponent("templates", isDirectory: true)
    }

    /// The location of a file-like input; nil for a step input.
    public func url(of ref: InputRef) -> URL? {
        func resolve(_ path: String, _ base: URL) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL : base.appendingPathComponent(path).standardizedFileURL
        }
        switch ref {
        case .step: return nil
        case .file(let p), .directory(let p): return resolve(p, dataRoot)
        case .projectFile(let p): return resolve(p, projectRoot)
        case .folioFile(let p): return resolve(p, folioRoot)
        }
    }
}

/// A reference to another step: a string literal or a step declaration value.
///
/// ```swift
/// let data = ToySample("data", events: 2000)
/// ToyFit("fit", on: data)      // or: on: "data"
/// ```
/// Names are resolved when the analysis is validated; an unknown name is an error that names both
/// the referring step and the missing one.
public struct StepRef: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }
    public init(_ declaration: some StepDeclaration) { self.name = declaration.spec.name }
    public var description: String { name }
}

// JSON: `{"step": "sample"}`, `{"file": "events.csv"}` (see `TaggedCase`).
extension InputRef {
    private static let cases = ["step", "file", "directory", "projectFile", "folioFile"]

    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: Self.cases)
        let value = try tagged.value(String.self)
        switch tagged.name {
        case "step": self = .step(value)
        case "file": self = .file(value)
        case "directory": self = .directory(value)
        case "projectFile": self = .projectFile(value)
        default: self = .folioFile(value)
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .step(let v): try TaggedCase.encode("step", v, to: encoder)
        case .file(let v): try TaggedCase.encode("file", v, to: encoder)
        case .directory(let v): try TaggedCase.encode("directory", v, to: encoder)
        case .projectFile(let v): try TaggedCase.encode("projectFile", v, to: encoder)
        case .folioFile(let v): try TaggedCase.encode("folioFile", v, to: encoder)
        }
    }
}

/// Where a step's named input comes from.
///
/// - `step`: the outputs (files and results) of another step of the same analysis.
/// - `file`: a data file, by a path relative to the data root (`--data`, `FOLIO_DATA`), or absolute.
/// - `projectFile`: a file shipped with the project (e.g. a template), relative to the project root.
///
/// A file input enters the cache key by its SHA-256, never by its path or date.
public enum InputRef: Codable, Hashable, Sendable, CustomStringConvertible {
    case step(String)
    case file(String)
    case projectFile(String)

    public var description: String {
        switch self {
        case .step(let s): return "step '\(s)'"
        case .file(let p): return "data file '\(p)'"
        case .projectFile(let p): return "project file '\(p)'"
        }
    }

    public var stepName: String? {
        if case .step(let s) = self { return s }
        return nil
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

import Foundation

/// An analysis: a named list of steps, a title and a seed. A value, so it can be validated, hashed,
/// turned into a graph and exported as JSON before anything runs.
///
/// ```swift
/// let toy = Analysis("toy", title: "A toy counting experiment", seed: 42) {
///     ToySample("data", events: 2000, signalFraction: 0.1)
///     ToyFit("fit", on: "data")
///     ToyTrials("background", of: "fit", trials: 2000)
/// }
/// ```
public struct Analysis: Codable, Hashable, Sendable {
    /// A short identifier, used as the output folder name (`output/<name>/`).
    public var name: String
    public var title: String
    /// The analysis seed; every random step derives its own seed from it and its name.
    public var seed: UInt64
    public var steps: [StepSpec]
    /// How `folio diff` and `folio verify` compare this analysis' numbers (default: fp noise only).
    public var tolerances: [ToleranceRule]

    public init(_ name: String, title: String, seed: UInt64 = 0, tolerances: [ToleranceRule] = [], steps: [StepSpec]) {
        self.name = name
        self.title = title
        self.seed = seed
        self.steps = steps
        self.tolerances = tolerances
    }

    public init(_ name: String, title: String, seed: UInt64 = 0, tolerances: [ToleranceRule] = [],
                @AnalysisBuilder _ steps: () -> [StepSpec]) {
        self.init(name, title: title, seed: seed, tolerances: tolerances, steps: steps())
    }

    private enum CodingKeys: String, CodingKey { case name, title, seed, steps, tolerances }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        title = try c.decode(String.self, forKey: .title)
        seed = try c.decode(UInt64.self, forKey: .seed)
        steps = try c.decode([StepSpec].self, forKey: .steps)
        tolerances = try c.decodeIfPresent([ToleranceRule].self, forKey: .tolerances) ?? []
    }

    public func step(named name: String) -> StepSpec? { steps.first { $0.name == name } }
}

/// Collects step declarations written one per line into the list of an analysis.
/// Supports `if`, `if/else`, `for` loops and optional steps, like SwiftUI's view builder.
@resultBuilder
public enum AnalysisBuilder {
    public static func buildExpression(_ step: some StepDeclaration) -> [StepSpec] { [step.spec] }
    public static func buildExpression(_ steps: [StepSpec]) -> [StepSpec] { steps }
    public static func buildBlock(_ parts: [StepSpec]...) -> [StepSpec] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [StepSpec]?) -> [StepSpec] { part ?? [] }
    public static func buildEither(first: [StepSpec]) -> [StepSpec] { first }
    public static func buildEither(second: [StepSpec]) -> [StepSpec] { second }
    public static func buildArray(_ parts: [[StepSpec]]) -> [StepSpec] { parts.flatMap { $0 } }
}

// MARK: - Analyses as JSON files

extension Analysis {
    /// Reads an analysis written as JSON (the form `folio export` prints). A malformed file or a
    /// field of the wrong type is an `InputFileError` naming the file and the field.
    public static func load(from url: URL) throws -> Analysis {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputFileError(path: url.path, "cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(Analysis.self, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                throw InputFileError(path: url.path, "not valid JSON: \(underlying ?? context.debugDescription)")
            }
            throw InputFileError(path: url.path, error.folioDescription(naming: "field"))
        }
    }

    /// Pretty, sorted JSON of the analysis.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

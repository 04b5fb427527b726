import Foundation
import FolioModel

/// Which executor runs the chunks of trial steps, from `folio.json` in the project root and the
/// `folio build` options (options win). Without either: the local executor.
///
/// ```json
/// {
///   "executor": "slurm",
///   "slurm": {
///     "partition": "short", "maxJobs": 200, "maxAttempts": 3, "pollSeconds": 5,
///     "timeLimit": "00:30:00", "sbatchArguments": ["--account=icecube", "--mem=4G"],
///     "commandTimeoutSeconds": 60,
///     "backoff": {"initialDelay": 1, "multiplier": 2, "maximumDelay": 60, "patience": 1800}
///   }
/// }
/// ```
public struct ExecutorConfiguration: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable { case local, slurm }

    public var kind: Kind = .local
    public var slurm = SlurmSettings()

    public init(kind: Kind = .local, slurm: SlurmSettings = SlurmSettings()) {
        self.kind = kind
        self.slurm = slurm
    }

    public static let fileName = "folio.json"

    /// Reads `<projectRoot>/folio.json` when it exists; errors name the file and the field.
    public static func load(projectRoot: URL) throws -> ExecutorConfiguration {
        let url = projectRoot.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return ExecutorConfiguration() }
        return try parse(data, path: url.path)
    }

    static let topLevelFields: Set<String> = ["executor", "slurm"]
    static let slurmFields: Set<String> = ["partition", "maxJobs", "maxAttempts", "pollSeconds", "timeLimit", "sbatchArguments",
                                           "commandTimeoutSeconds", "backoff", "missingPollsBeforeLost"]
    static let backoffFields: Set<String> = ["initialDelay", "multiplier", "maximumDelay", "patience"]

    public static func parse(_ data: Data, path: String) throws -> ExecutorConfiguration {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputFileError(path: path, "not valid JSON (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else { throw InputFileError(path: path, "expected a JSON object") }
        var problems: [String] = []
        for key in top.keys.sorted() where !topLevelFields.contains(key) {
            problems.append("unknown field '\(key)' (known: \(topLevelFields.sorted().joined(separator: ", ")))")
        }
        if let slurm = top["slurm"] as? [String: Any] {
            for key in slurm.keys.sorted() where !slurmFields.contains(key) {
                problems.append("unknown field 'slurm.\(key)' (known: \(slurmFields.sorted().joined(separator: ", ")))")
            }
            if let backoff = slurm["backoff"] as? [String: Any] {
                for key in backoff.keys.sorted() where !backoffFields.contains(key) {
                    problems.append("unknown field 'slurm.backoff.\(key)' (known: \(backoffFields.sorted().joined(separator: ", ")))")
                }
            }
        }
        if let first = problems.first { throw InputFileError(path: path, first) }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw InputFileError(path: path, error.folioDescription(naming: "field"))
        }
        var configuration = ExecutorConfiguration()
        if let name = file.executor {
            guard let kind = Kind(rawValue: name) else {
                throw InputFileError(path: path, "field 'executor': expected \"local\" or \"slurm\", found \"\(name)\"")
            }
            configuration.kind = kind
        }
        if let slurm = file.slurm { configuration.slurm = slurm }
        if let problem = configuration.slurm.problems.first { throw InputFileError(path: path, "field 'slurm.\(problem)") }
        return configuration
    }

    private struct File: Decodable {
        var executor: String?
        var slurm: SlurmSettings?
    }
}

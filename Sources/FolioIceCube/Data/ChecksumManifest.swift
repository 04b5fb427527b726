import FolioSHA256
import Foundation

/// The sha256 of every known input file, keyed by its path relative to the data root
/// (e.g. `icecube_10year_ps/events/IC40_exp.csv`). Kept in the repository
/// (`datasets/icecube_10year_ps.sha256.json`); data files themselves never are.
///
/// JSON form: `{"algorithm": "sha256", "files": {"<relative path>": "<hex digest>", ...}}`.
public struct ChecksumManifest: Sendable, Codable, Equatable {
    public var algorithm: String
    public var files: [String: String]

    public init(files: [String: String]) { algorithm = "sha256"; self.files = files }

    public static func load(_ url: URL) throws -> ChecksumManifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataFileError(file: url.path, "cannot read checksum manifest")
        }
        do {
            let m = try JSONDecoder().decode(ChecksumManifest.self, from: data)
            guard m.algorithm == "sha256" else { throw DataFileError(file: url.path, "unsupported algorithm '\(m.algorithm)'") }
            return m
        } catch let e as DataFileError { throw e } catch {
            throw DataFileError(file: url.path, "not a checksum manifest: \(error)")
        }
    }

    /// Hex sha256 of a file.
    public static func sha256(of url: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw DataFileError(file: url.path, "cannot read file")
        }
        defer { try? handle.close() }
        return SHA256.hex(try SHA256.hash(reading: handle))
    }

    /// Outcome of checking one file.
    public enum Verification: Sendable, Equatable {
        case verified
        /// The manifest has no entry for this path: the file is read but unverified.
        case unknown(actual: String)
    }

    /// Checks `relativePath` under `root`; throws `ChecksumMismatch` if the digest differs.
    @discardableResult
    public func verify(relativePath: String, root: URL) throws -> Verification {
        let actual = try Self.sha256(of: root.appendingPathComponent(relativePath))
        guard let expected = files[relativePath] else { return .unknown(actual: actual) }
        guard expected == actual else {
            throw ChecksumMismatch(file: root.appendingPathComponent(relativePath).path, expected: expected, actual: actual)
        }
        return .verified
    }
}

/// A data file whose sha256 differs from the manifest's.
public struct ChecksumMismatch: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String, expected: String, actual: String
    public var description: String { "\(file): sha256 mismatch: manifest \(expected), file \(actual)" }
}

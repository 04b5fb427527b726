import Foundation
import FolioCache
import FolioModel

/// Where a build reads from and writes to, and with how many jobs.
public struct BuildEnvironment: Sendable {
    /// The project root: `projectFile` inputs are relative to it.
    public var projectRoot: URL
    /// The data root: `file` inputs are relative to it.
    public var dataRoot: URL
    /// The output folder; each analysis writes `output/<name>/`, the cache is `output/.cache/`.
    public var outputDirectory: URL
    public var jobs: Int
    public var toolchain: Toolchain
    public var folioVersion: String
    /// Folio's own files (report templates): `folioFile` inputs are relative to it.
    public var folioRoot: URL = FileRoots.folioSourceRoot
    /// The source checkouts the running folio was built from (recorded in build.json; see BuildLog).
    public var sources: [String: SourceRecord] = [:]

    public var roots: FileRoots { FileRoots(dataRoot: dataRoot, projectRoot: projectRoot, folioRoot: folioRoot) }

    public init(projectRoot: URL, dataRoot: URL, outputDirectory: URL, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                toolchain: Toolchain, folioVersion: String) {
        self.projectRoot = projectRoot
        self.dataRoot = dataRoot
        self.outputDirectory = outputDirectory
        self.jobs = max(1, jobs)
        self.toolchain = toolchain
        self.folioVersion = folioVersion
    }

    public var cacheDirectory: URL { outputDirectory.appendingPathComponent(".cache") }

    public func analysisDirectory(_ name: String) -> URL { outputDirectory.appendingPathComponent(name) }

    /// `path` if absolute, else `path` inside `base`.
    public func resolve(_ path: String, against base: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL : base.appendingPathComponent(path).standardizedFileURL
    }

    /// The data root a user gets without configuring one: `$FOLIO_DATA`, else `../shared/data` next
    /// to the project when it exists (the workplace's staged copy), else `<project>/data`.
    public static func defaultDataRoot(projectRoot: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let configured = environment["FOLIO_DATA"], !configured.isEmpty {
            return configured.hasPrefix("/") ? URL(fileURLWithPath: configured) : projectRoot.appendingPathComponent(configured).standardizedFileURL
        }
        let shared = projectRoot.appendingPathComponent("../shared/data").standardizedFileURL
        if FileManager.default.fileExists(atPath: shared.path) { return shared }
        return projectRoot.appendingPathComponent("data")
    }
}

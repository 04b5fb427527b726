import Foundation
@testable import FolioIceCube

/// Locations of the staged public data (never copied into the repository) and of the manifest.
enum TestData {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    /// FOLIO_DATA or ../shared/data relative to the repository root.
    static let root: URL = IceCubeDataset.resolveRoot(explicit: nil, workingDirectory: repoRoot)
        ?? repoRoot.appendingPathComponent("../shared/data")
    static let manifestURL = repoRoot.appendingPathComponent("datasets/icecube_10year_ps.sha256.json")
    static var available: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("icecube_10year_ps/events/IC40_exp.csv").path)
    }
    /// IC40 loaded once per test process (parsing the 58 MB smearing matrix is the slow part).
    static let ic40: IceCubeDataset? = try? IceCubeDataset.load(root: root, seasons: [.ic40],
                                                               manifest: try ChecksumManifest.load(manifestURL))

    static func temporaryFile(_ name: String, _ contents: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("folio-icecube-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

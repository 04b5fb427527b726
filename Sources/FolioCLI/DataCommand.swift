import ArgumentParser
import Foundation
import FolioData
import FolioModel

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Get public data releases.", subcommands: [DataFetchCommand.self, DataSynthesizeCommand.self])
}

struct DataFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a public data release into the data root (resumable, checksummed).",
        discussion: """
        Downloads the release archive (continuing an interrupted download), unpacks it under the data \
        root and checks every file against Folio's checksum manifest before anything is put in place. \
        Releases are described in datasets/<name>.fetch.json.
        """)

    @Argument(help: "The release (default: icecube_10year_ps).") var release: String = "icecube_10year_ps"
    @Option(help: "Download from this URL instead of the published one (a mirror).") var url: String?
    @Option(help: "Expected SHA-256 of the archive.") var sha256: String?
    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let folio = FileRoots.folioSourceRoot
            let description = folio.appendingPathComponent("datasets/\(release).fetch.json")
            var source: DatasetSource
            do { source = try JSONDecoder().decode(DatasetSource.self, from: Data(contentsOf: description)) } catch {
                throw UserError("no release '\(release)' (\(description.path): \(error.localizedDescription))")
            }
            if let url { guard let u = URL(string: url) else { throw UserError("--url '\(url)' is not a URL") }; source.url = u }
            if let sha256 { source.archiveSHA256 = sha256 }
            let fetch = DatasetFetch(source: source, dataRoot: project.dataRoot, checksumFile: folio.appendingPathComponent(source.checksums))
            print("fetching \(source.description)\n  from \(source.url.absoluteString)\n  into \(project.dataRoot.appendingPathComponent(source.folder).path)")
            let outcome: DatasetFetch.Outcome
            do {
                outcome = try fetch.run { received, total in
                    if let total, total > 0, received == total { FileHandle.standardError.write(Data("  downloaded \(received) bytes\n".utf8)) }
                }
            } catch let error as DownloadError {
                throw UserError(error.description)
            }
            print("archive sha256 \(outcome.archiveSHA256)")
            print("\(outcome.added.count) files added, \(outcome.alreadyPresent.count) already present and identical")
            if !outcome.unverified.isEmpty {
                print("\(outcome.unverified.count) files are not in the checksum manifest and were not verified:")
                for f in outcome.unverified { print("  \(f)") }
            }
        }
    }
}

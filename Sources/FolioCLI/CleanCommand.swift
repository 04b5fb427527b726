import ArgumentParser
import Foundation
import FolioCache

struct CleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Remove built analysis folders and the cache (the reference manifest is kept).")

    @Flag(name: .long, help: "Keep the cache; remove only the published analysis folders.")
    var keepCache = false

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let output = project.outputDirectory
            guard FileManager.default.fileExists(atPath: output.path) else { return }
            let lock = try OutputLock(outputDirectory: output)
            defer { withExtendedLifetime(lock) {} }
            for name in try FileManager.default.contentsOfDirectory(atPath: output.path).sorted() {
                if name == "reference" || name == ".lock" || (keepCache && name == ".cache") { continue }
                try FileManager.default.removeItem(at: output.appendingPathComponent(name))
                print("removed \(output.lastPathComponent)/\(name)")
            }
        }
    }
}

import Foundation
import FolioCache
import FolioModel
import FolioRunner
import FolioSteps
import FolioReview
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Options every command that touches a build shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The output folder (default: output).")
    var output: String = "output"

    @Option(name: .long, help: "The data root for data-file inputs (default: $FOLIO_DATA, else ../shared/data, else data).")
    var data: String?

    var projectRoot: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }
    var outputDirectory: URL { Self.resolve(output, in: projectRoot) }
    var dataRoot: URL {
        if let data { return Self.resolve(data, in: projectRoot) }
        return BuildEnvironment.defaultDataRoot(projectRoot: projectRoot)
    }

    static func resolve(_ path: String, in base: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path).standardizedFileURL : base.appendingPathComponent(path).standardizedFileURL
    }

    /// Analyses by catalog name or JSON file path; all catalog analyses when `names` is empty.
    func analyses(_ names: [String]) throws -> [Analysis] {
        if names.isEmpty { return FolioSetup.current.defaultAnalyses }
        return try names.map { name in
            if name.hasSuffix(".json") {
                return try Analysis.load(from: Self.resolve(name, in: projectRoot))
            }
            // Only the named analysis is built (the catalog is lazy).
            guard let entry = FolioSetup.current.catalog.first(where: { $0.name == name }) else {
                let known = FolioSetup.current.catalog.map(\.name).joined(separator: ", ")
                throw UserError("unknown analysis '\(name)' (known: \(known); or give a .json file)")
            }
            return entry.analysis
        }
    }
}

/// A user error: printed as `error: <message>` and exit code 2, never as a stack trace.
struct UserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body, turning Folio's typed errors into `error:` lines and exit codes
/// (2 for user errors, 1 for internal failures), as design.md specifies.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        let report = ErrorReport(error)
        for line in report.lines { printError(line) }
        throw ExitCode(report.exitCode)
    }
}

/// An error as the command line reports it: the `error:` lines (without the prefix) and the exit
/// code. `folio preview` shows the same lines in the page.
struct ErrorReport {
    var lines: [String]
    var exitCode: Int32

    init(_ error: any Error) {
        switch error {
        case let error as SpecProblems:
            (lines, exitCode) = (error.problems.map(\.description), 2)
        case let error as StepFailure:
            (lines, exitCode) = (error.description.split(separator: "\n").map(String.init), error.isUserError ? 2 : 1)
        case let error as SpecProblem:
            (lines, exitCode) = ([error.description], 2)
        case let error as InputFileError:
            (lines, exitCode) = ([error.description], 2)
        case let error as OutputLockError:
            (lines, exitCode) = ([error.description], 2)
        case let error as UserError:
            (lines, exitCode) = ([error.description], 2)
        default:
            (lines, exitCode) = (["internal failure: \(error)"], 1)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

enum FolioVersion {
    /// The version `folio --version` prints; builds record `git describe` in their manifest.
    static let release = "0.1.0-dev"

    /// The Folio this binary was compiled from: `git describe` of its checkout, with `-dirty` when
    /// it has uncommitted changes (SourceSnapshot); a folio built from a bundle's sources, which
    /// are no checkout, is told its version by `verify --bundled-folio` ($FOLIO_SOURCE_VERSION).
    static var current: String {
        if let version = SourceSnapshot.describe(FolioSources.folioRoot) { return version }
        if let told = ProcessInfo.processInfo.environment["FOLIO_SOURCE_VERSION"], !told.isEmpty { return told }
        return "unknown"
    }
}

/// The source checkouts the running `folio` was compiled from: Folio's own (where this binary's
/// sources were at compile time), and the analysis package's when it is a separate package.
enum FolioSources {
    static var folioRoot: URL { FileRoots.folioSourceRoot.standardizedFileURL }

    /// The project folder when it is a Swift package other than Folio's checkout (a package made
    /// by `folio new`); nil for Folio's own analyses and for JSON specs in a plain folder.
    static func separateProject(_ projectRoot: URL) -> URL? {
        func canonical(_ u: URL) -> String { u.resolvingSymlinksInPath().standardizedFileURL.path }
        guard canonical(projectRoot) != canonical(folioRoot),
              FileManager.default.fileExists(atPath: projectRoot.appendingPathComponent("Package.swift").path) else { return nil }
        return projectRoot
    }

    /// What build.json records: each checkout's version and the SHA-256 of its files. Checkouts
    /// that are not git repositories are left out.
    /// `hashes` remembers the files' SHA-256 by stat (FileHashCache), so an unchanged checkout is
    /// not read again; the listing and its hash are the same as `SourceSnapshot.capture` gives.
    static func records(projectRoot: URL, hashes: FileHashCache? = nil) -> [String: SourceRecord] {
        var out: [String: SourceRecord] = [:]
        if let folio = try? SourceSnapshot.fingerprint(folioRoot, hashes: hashes) {
            out["folio"] = SourceRecord(version: folio.version, sha256: folio.sha256)
        }
        if let root = separateProject(projectRoot), let project = try? SourceSnapshot.fingerprint(root, hashes: hashes) {
            out["project"] = SourceRecord(version: project.version, sha256: project.sha256)
        }
        try? hashes?.save()
        return out
    }
}

enum ToolchainDescription {
    static func current() -> Toolchain {
        Toolchain(swift: swiftVersion, os: operatingSystem, libraries: LinkedLibraries.versions)
    }

    /// The compiler that built this binary (compile-time, so it cannot drift from the binary).
    static var swiftVersion: String {
        #if compiler(>=6.5)
        return ">=6.5"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #else
        return "<6.2"
        #endif
    }

    static var operatingSystem: String {
        var name = "Linux"
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var u = utsname()
        uname(&u)
        let machine = withUnsafeBytes(of: &u.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(name) \(machine)"
    }
}

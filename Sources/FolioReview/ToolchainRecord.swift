import Foundation
import FolioCache
import FolioModel

/// `toolchain.json` of a bundle with sources: what an archivist needs to set up the machine that
/// built it. The compiler's full version line, the distribution, the architecture and the exact
/// Debian version of every package `scripts/setup.sh` installs (from `dpkg-query`), beside the
/// build's own record (`build`: the Swift version compiled in, OS and C library versions).
public struct ToolchainRecord: Codable, Sendable, Equatable {
    /// `swift --version`, first line, e.g. "Swift version 6.3.1 (swift-6.3.1-RELEASE)".
    public var swiftVersion: String
    /// The release number in it, e.g. "6.3.1" (what the container recipe pins).
    public var swift: String
    /// `PRETTY_NAME` of /etc/os-release, e.g. "Debian GNU/Linux 12 (bookworm)".
    public var os: String
    /// `ID`, `VERSION_ID`, `VERSION_CODENAME` of /etc/os-release, e.g. "debian", "12", "bookworm".
    public var distribution: String
    public var distributionVersion: String
    public var codename: String
    /// `uname -m`, e.g. "x86_64".
    public var architecture: String
    /// Debian package -> installed version (`dpkg-query -W -f '${Version}'`); "not installed" when absent.
    public var debianPackages: [String: String]
    /// The build's manifest record of its toolchain.
    public var build: Toolchain

    /// Reads this machine's toolchain. `setupScript` is Folio's scripts/setup.sh, whose
    /// `packages=( ... )` list names the Debian packages.
    public static func current(build: Toolchain, setupScript: URL) throws -> ToolchainRecord {
        let versionLine = (run(["swift", "--version"]) ?? "").split(separator: "\n").first.map(String.init) ?? "unknown"
        let release = osRelease()
        let packages = try debianPackageNames(setupScript: setupScript)
        var versions: [String: String] = [:]
        for name in packages {
            let v = run(["dpkg-query", "-W", "-f=${Version}", name])?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            versions[name] = v.isEmpty ? "not installed" : v
        }
        return ToolchainRecord(
            swiftVersion: versionLine, swift: swiftRelease(versionLine) ?? build.swift,
            os: release["PRETTY_NAME"] ?? "Linux", distribution: release["ID"] ?? "unknown",
            distributionVersion: release["VERSION_ID"] ?? "unknown", codename: release["VERSION_CODENAME"] ?? "unknown",
            architecture: (run(["uname", "-m"]) ?? "unknown").trimmingCharacters(in: .whitespacesAndNewlines),
            debianPackages: versions, build: build)
    }

    /// "6.3.1" from "Swift version 6.3.1 (swift-6.3.1-RELEASE)".
    static func swiftRelease(_ line: String) -> String? {
        guard let range = line.range(of: "Swift version ") else { return nil }
        let rest = line[range.upperBound...]
        let number = rest.prefix { $0.isNumber || $0 == "." }
        return number.isEmpty ? nil : String(number)
    }

    /// The names in the `packages=( ... )` array of setup.sh (comments and blank lines skipped).
    public static func debianPackageNames(setupScript: URL) throws -> [String] {
        guard let text = try? String(contentsOf: setupScript, encoding: .utf8) else {
            throw InputFileError(path: setupScript.path, "cannot read the setup script that lists the Debian packages")
        }
        var names: [String] = []
        var inside = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if !inside {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("packages=(") {
                    inside = true
                    let rest = line.components(separatedBy: "packages=(")[1]
                    if rest.contains(")") { names += words(rest.components(separatedBy: ")")[0]); inside = false }
                    else { names += words(rest) }
                }
                continue
            }
            if line.contains(")") { names += words(line.components(separatedBy: ")")[0]); inside = false; break }
            names += words(line)
        }
        guard !names.isEmpty else {
            throw InputFileError(path: setupScript.path, "no `packages=( ... )` list of Debian packages found")
        }
        return names
    }

    private static func words(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    static func osRelease() -> [String: String] {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            out[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return out
    }

    /// Runs a command on PATH; its stdout, or nil when it cannot run or fails.
    static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}

import Foundation
import Testing
import FolioTestSupport
import ZIPFoundation

/// `folio data fetch` against a local HTTP server (127.0.0.1 only) serving a small release archive.
@Suite(.serialized) struct DataFetchTests {
    /// A release archive laid out like the official one, with the real IC40 good-run list (which
    /// the checksum manifest knows) when the staged data exists, else a fake one.
    func makeArchive(in dir: TemporaryDirectory, uptime: Data) throws -> URL {
        let url = dir.path("release.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let files: [(String, Data)] = [
            ("release/icecube_10year_ps/uptime/IC40_exp.csv", uptime),
            ("release/icecube_10year_ps/events/README.txt", Data("events would be here\n".utf8)),
            ("release/icecube_10year_ps/irfs/README.txt", Data(String(repeating: "irfs would be here\n", count: 4000).utf8)),
        ]
        for (path, data) in files {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    final class Server {
        let process = Process()
        let port: Int
        init(serving file: URL) throws {
            let portFile = file.deletingLastPathComponent().appendingPathComponent("port")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", packageRoot.appendingPathComponent("Tests/Fixtures/range_server.py").path, file.path, portFile.path]
            try process.run()
            var found = 0
            for _ in 0..<200 where found == 0 {   // up to 10 s for Python to start
                if let text = try? String(contentsOf: portFile, encoding: .utf8), let p = Int(text) { found = p } else { usleep(50_000) }
            }
            port = found
        }
        deinit { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
    }

    var realUptime: Data? {
        FileManager.default.contents(atPath: packageRoot.appendingPathComponent("../shared/data/icecube_10year_ps/uptime/IC40_exp.csv").standardizedFileURL.path)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("../shared/data/icecube_10year_ps/uptime/IC40_exp.csv").path)))
    func interruptedDownloadResumesAndVerifiedFilesLand() throws {
        let dir = TemporaryDirectory()
        let server = try Server(serving: try makeArchive(in: dir, uptime: realUptime!))
        let data = dir.path("data")
        let first = try folio(["data", "fetch", "--url", server.url("/interrupt/release.zip"), "--data", data.path], in: dir.url)
        #expect(first.status == 2)
        #expect(first.stderr.contains("run again to resume"), "\(first.stderr)")
        let part = data.appendingPathComponent(".downloads/icecube_10year_ps.zip.part")
        let partial = (try FileManager.default.attributesOfItem(atPath: part.path)[.size] as? NSNumber)?.intValue ?? 0
        #expect(partial > 0)
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("icecube_10year_ps").path))

        let second = try folio(["data", "fetch", "--url", server.url("/interrupt/release.zip"), "--data", data.path], in: dir.url)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("3 files added"))
        #expect(second.stdout.contains("2 files are not in the checksum manifest"))
        #expect(FileManager.default.contents(atPath: data.appendingPathComponent("icecube_10year_ps/uptime/IC40_exp.csv").path) == realUptime)
        #expect(try Data(contentsOf: data.appendingPathComponent(".downloads/icecube_10year_ps.zip")) == Data(contentsOf: dir.path("release.zip")))
    }

    @Test func corruptedDownloadIsRejectedAndDeleted() throws {
        let dir = TemporaryDirectory()
        let archive = try makeArchive(in: dir, uptime: Data("fake\n".utf8))
        let sha = try runProcess(URL(fileURLWithPath: "/usr/bin/sha256sum"), [archive.path], in: dir.url).stdout.prefix(64)
        let server = try Server(serving: archive)
        let data = dir.path("data")
        let r = try folio(["data", "fetch", "--url", server.url("/corrupt/release.zip"), "--sha256", String(sha), "--data", data.path], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("does not match the expected \(sha); the download was deleted"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent(".downloads/icecube_10year_ps.zip.part").path))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("icecube_10year_ps").path))
    }

    @Test func fileThatFailsTheManifestKeepsTheDataRootUntouched() throws {
        let dir = TemporaryDirectory()
        let server = try Server(serving: try makeArchive(in: dir, uptime: Data("not the real good-run list\n".utf8)))
        let data = dir.path("data")
        let r = try folio(["data", "fetch", "--url", server.url("/release.zip"), "--data", data.path], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("uptime/IC40_exp.csv: sha256 "), "\(r.stderr)")
        #expect(r.stderr.contains("does not match the manifest's 0f606321e71bc126251f72f06073e3b3b99120fa4b34db88b53313bc955edfe7"))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("icecube_10year_ps").path))
    }
}

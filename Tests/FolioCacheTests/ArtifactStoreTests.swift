import Foundation
import Testing
import FolioModel
import FolioTestSupport
@testable import FolioCache

@Suite struct ArtifactStoreTests {
    /// Commits one entry with a private and a published file; returns the store and the key.
    func committed(in dir: TemporaryDirectory) throws -> (ArtifactStore, String) {
        let store = ArtifactStore(root: dir.path(".cache"))
        let key = ContentHash.sha256("some step")
        let area = try store.makeStagingArea(for: key)
        try Data(repeating: 7, count: 1000).write(to: area.privateDirectory.appendingPathComponent("data.bin"))
        try FileManager.default.createDirectory(at: area.publishedDirectory.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data("<svg/>".utf8).write(to: area.publishedDirectory.appendingPathComponent("figures/x.svg"))
        try store.commit(area, key: key, kind: "k", version: 1,
                         results: ["n": ResultValue(3, unit: .events, kind: .count)], notices: ["hello"])
        return (store, key)
    }

    @Test func committedEntryIsFoundWhole() throws {
        let dir = TemporaryDirectory()
        let (store, key) = try committed(in: dir)
        guard case .hit(let entry) = store.lookup(key) else { Issue.record("expected a hit"); return }
        #expect(entry.files.map(\.path) == ["out/data.bin", "pub/figures/x.svg"])
        #expect(entry.files[0].sha256 == ContentHash.sha256(Data(repeating: 7, count: 1000)))
        #expect(entry.results["n"]?.value == 3)
        #expect(entry.publishedFiles.map(\.path) == ["pub/figures/x.svg"])
        // Nothing is left in the staging folder.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: dir.path(".cache/tmp").path)) ?? []
        #expect(leftovers.isEmpty)
    }

    @Test func truncatedFileIsDetected() throws {
        let dir = TemporaryDirectory()
        let (store, key) = try committed(in: dir)
        let file = store.filesDirectory(for: key).appendingPathComponent("out/data.bin")
        try Data(repeating: 7, count: 999).write(to: file)
        guard case .corrupt(let problem) = store.lookup(key) else { Issue.record("expected corrupt"); return }
        #expect(problem.reason == "file out/data.bin has the wrong size (truncated?)")
    }

    @Test func flippedByteIsDetected() throws {
        let dir = TemporaryDirectory()
        let (store, key) = try committed(in: dir)
        let file = store.filesDirectory(for: key).appendingPathComponent("out/data.bin")
        var bytes = try Data(contentsOf: file)
        bytes[500] ^= 0x01
        try bytes.write(to: file)
        guard case .corrupt(let problem) = store.lookup(key) else { Issue.record("expected corrupt"); return }
        #expect(problem.reason == "file out/data.bin fails its sha256 check")
    }

    /// The checksum is checked on the file's bytes (the checksum's value blanked) and, when that
    /// fails, on the entry encoded again: the same content in other formatting still passes.
    @Test func entryChecksumIsCheckedOnTheBytesAndOnTheContent() throws {
        let dir = TemporaryDirectory()
        let (store, key) = try committed(in: dir)
        let entryURL = store.entryDirectory(for: key).appendingPathComponent("entry.json")
        let data = try Data(contentsOf: entryURL)
        let entry = try JSONDecoder().decode(CacheEntry.self, from: data)
        #expect(entry.hasIntactBytes(data))
        var flipped = data
        flipped[flipped.count - 5] ^= 0x01
        #expect(!entry.hasIntactBytes(flipped))

        let compact = try JSONEncoder().encode(entry)  // no pretty-printing: other bytes, same content
        try compact.write(to: entryURL)
        #expect(!entry.hasIntactBytes(compact))
        guard case .hit(let hit) = store.lookup(key) else { Issue.record("expected a hit"); return }
        #expect(hit == entry)
    }

    @Test func tamperedEntryIsDetected() throws {
        let dir = TemporaryDirectory()
        let (store, key) = try committed(in: dir)
        let entryURL = store.entryDirectory(for: key).appendingPathComponent("entry.json")
        let text = try String(contentsOf: entryURL, encoding: .utf8).replacingOccurrences(of: "\"value\" : 3", with: "\"value\" : 4")
        try text.write(to: entryURL, atomically: true, encoding: .utf8)
        guard case .corrupt(let problem) = store.lookup(key) else { Issue.record("expected corrupt"); return }
        #expect(problem.reason == "entry.json fails its own checksum")

        try "{".write(to: entryURL, atomically: true, encoding: .utf8)
        guard case .corrupt(let p2) = store.lookup(key) else { Issue.record("expected corrupt"); return }
        #expect(p2.reason.hasPrefix("entry.json is unreadable"))
        #expect(store.lookup(ContentHash.sha256("other")).isAbsent)
    }
}

extension CacheLookup {
    var isAbsent: Bool { if case .absent = self { return true } else { return false } }
}

@Suite struct CacheKeyTests {
    let base = KeyMaterial(kind: "k", version: 1, parameters: .object(["gamma": .number(2)]),
                           inputs: ["events": .file(sha256: "aa"), "fit": .step(key: "bb")], seed: nil)

    @Test func keyIsStableAndDependsOnEveryPart() {
        #expect(base.key == base.key)
        #expect(base.key.count == 64)
        var variants: [KeyMaterial] = []
        var v = base; v.kind = "k2"; variants.append(v)
        v = base; v.version = 2; variants.append(v)
        v = base; v.parameters = .object(["gamma": .number(2.5)]); variants.append(v)
        v = base; v.inputs["events"] = .file(sha256: "ab"); variants.append(v)
        v = base; v.inputs["fit"] = .step(key: "bc"); variants.append(v)
        v = base; v.seed = 1; variants.append(v)
        let keys = Set(variants.map(\.key) + [base.key])
        #expect(keys.count == variants.count + 1)
    }

    /// The key is a published contract (design.md): pin it so an accidental change of the
    /// canonical form, which would silently invalidate every user's cache, fails here.
    @Test func keyOfAKnownMaterialIsPinned() {
        let json = try! JSONValue(encoding: base).canonicalString
        #expect(json == #"{"format":1,"inputs":{"events":{"file":{"sha256":"aa"}},"fit":{"step":{"key":"bb"}}},"kind":"k","parameters":{"gamma":2},"version":1}"#)
        #expect(base.key == ContentHash.sha256(json))
    }

    @Test func seedsAreDerivedPerStepAndChunk() {
        let s = SeedDerivation.seed(analysisSeed: 1, step: "bkg", set: "background", chunk: 0)
        #expect(s == SeedDerivation.seed(analysisSeed: 1, step: "bkg", set: "background", chunk: 0))
        #expect(s != SeedDerivation.seed(analysisSeed: 1, step: "bkg", set: "background", chunk: 1))
        #expect(s != SeedDerivation.seed(analysisSeed: 2, step: "bkg", set: "background", chunk: 0))
        #expect(s != SeedDerivation.seed(analysisSeed: 1, step: "sig", set: "background", chunk: 0))
        #expect(s != SeedDerivation.seed(analysisSeed: 1, step: "bkg", set: "upper-limit", chunk: 0))
        #expect(s == ContentHash.first64Bits(of: "1/bkg/background/0"))
    }
}

@Suite struct FileHashCacheTests {
    @Test func rehashesOnlyWhenTheFileChanges() throws {
        let dir = TemporaryDirectory()
        let file = dir.path("data.csv")
        try Data("a,b\n1,2\n".utf8).write(to: file)
        let memo = FileHashCache(storeURL: dir.path("memo.json"))
        let first = try memo.sha256(of: file)
        #expect(first == ContentHash.sha256("a,b\n1,2\n"))
        try memo.save()
        let reloaded = FileHashCache(storeURL: dir.path("memo.json"))
        #expect(try reloaded.sha256(of: file) == first)
        try Data("a,b\n1,3\n".utf8).write(to: file)
        #expect(try reloaded.sha256(of: file) == ContentHash.sha256("a,b\n1,3\n"))
    }
}

@Suite struct OutputLockTests {
    @Test func secondLockOnTheSameFolderIsRefusedWithTheHolder() throws {
        let dir = TemporaryDirectory()
        let held = try OutputLock(outputDirectory: dir.url)
        let error = #expect(throws: OutputLockError.self) { _ = try OutputLock(outputDirectory: dir.url) }
        #expect(error?.description.contains("in use by another folio build (pid \(getpid()))") == true)
        withExtendedLifetime(held) {}
    }
}

@Suite struct AtomicFileTests {
    @Test func replacesWholeFilesAndLeavesNoTemporaries() throws {
        let dir = TemporaryDirectory()
        let target = dir.path("sub/x.json")
        try AtomicFile.write("one", to: target)
        try AtomicFile.write("two", to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("sub").path) == ["x.json"])
    }
}

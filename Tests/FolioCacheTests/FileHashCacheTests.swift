import Foundation
import Testing
import FolioModel
import FolioTestSupport
@testable import FolioCache

/// The stat memo (FileHashCache): what it trusts, and that every change through the file system
/// is still seen (README "How caching works", the trust rule).
@Suite struct StatMemoTests {
    /// Sets a file's mtime back to `seconds` (as `touch -d` or `cp -p` would); its ctime still moves.
    func setModificationTime(_ url: URL, seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, url.path, &times, 0) == 0)
    }

    @Test func sameSizeRewriteIsSeenEvenWithTheOldModificationTime() throws {
        let dir = TemporaryDirectory()
        let file = dir.path("events.bin")
        try Data(repeating: 1, count: 4096).write(to: file)
        setModificationTime(file, seconds: 1_000_000_000)
        let memo = FileHashCache(storeURL: dir.path("memo.json"), racyWindowNanoseconds: 0)
        let original = ContentHash.sha256(Data(repeating: 1, count: 4096))
        #expect(memo.verify(file, sha256: original, bytes: 4096))
        #expect(memo.isRemembered(file))

        // Same size, other bytes, and the mtime put back: the ctime differs, so it is hashed again.
        var bytes = Data(repeating: 1, count: 4096)
        bytes[100] = 2
        try bytes.write(to: file)
        setModificationTime(file, seconds: 1_000_000_000)
        #expect(!memo.verify(file, sha256: original, bytes: 4096))
        #expect(try memo.sha256(of: file) == ContentHash.sha256(bytes))
        // A failed check is never remembered.
        #expect(!memo.verify(file, sha256: original, bytes: 4096))
    }

    @Test func replacedFileIsSeenByItsInode() throws {
        let dir = TemporaryDirectory()
        let file = dir.path("a.txt")
        try Data("one".utf8).write(to: file)
        setModificationTime(file, seconds: 1_000_000_000)
        let memo = FileHashCache(storeURL: nil, racyWindowNanoseconds: 0)
        #expect(try memo.sha256(of: file) == ContentHash.sha256("one"))
        let other = dir.path("b.txt")
        try Data("two".utf8).write(to: other)
        setModificationTime(other, seconds: 1_000_000_000)
        #expect(rename(other.path, file.path) == 0)  // as editors save
        #expect(try memo.sha256(of: file) == ContentHash.sha256("two"))
    }

    @Test func recentlyChangedFilesAreNotRemembered() throws {
        let dir = TemporaryDirectory()
        let file = dir.path("fresh.txt")
        try Data("just written".utf8).write(to: file)
        let memo = FileHashCache(storeURL: dir.path("memo.json"))  // the real 2 s racy window
        #expect(try memo.sha256(of: file) == ContentHash.sha256("just written"))
        #expect(!memo.isRemembered(file))
        setModificationTime(file, seconds: 1_000_000_000)  // the ctime is still now
        #expect(try memo.sha256(of: file) == ContentHash.sha256("just written"))
        #expect(!memo.isRemembered(file))
    }

    @Test func savedMemoIsSharedAndForgetsRemovedFiles() throws {
        let dir = TemporaryDirectory()
        let kept = dir.path("kept"), removed = dir.path("removed")
        for f in [kept, removed] {
            try Data(f.lastPathComponent.utf8).write(to: f)
            setModificationTime(f, seconds: 1_000_000_000)
        }
        let memo = FileHashCache(storeURL: dir.path("memo.json"), racyWindowNanoseconds: 0)
        _ = try memo.sha256(of: kept)
        _ = try memo.sha256(of: removed)
        try FileManager.default.removeItem(at: removed)
        try memo.save()
        let reloaded = FileHashCache(storeURL: dir.path("memo.json"), racyWindowNanoseconds: 0)
        #expect(reloaded.isRemembered(kept))
        #expect(!reloaded.isRemembered(removed))
        #expect(FileHashCache.shared(at: dir.path("memo.json")) === FileHashCache.shared(at: dir.path("./memo.json")))
    }

    @Test func cacheLookupWithTheMemoStillFindsAChangedFile() throws {
        let dir = TemporaryDirectory()
        let memo = FileHashCache(storeURL: nil, racyWindowNanoseconds: 0)
        let store = ArtifactStore(root: dir.path(".cache"), verifiedFiles: memo)
        let key = ContentHash.sha256("step")
        let area = try store.makeStagingArea(for: key)
        try Data(repeating: 7, count: 1000).write(to: area.privateDirectory.appendingPathComponent("data.bin"))
        try store.commit(area, key: key, kind: "k", version: 1, results: [:], notices: [])
        let file = store.filesDirectory(for: key).appendingPathComponent("out/data.bin")
        setModificationTime(file, seconds: 1_000_000_000)

        guard case .hit = store.lookup(key) else { Issue.record("expected a hit"); return }
        #expect(memo.isRemembered(file))
        guard case .hit = store.lookup(key) else { Issue.record("expected a hit from the memo"); return }

        var bytes = try Data(contentsOf: file)
        bytes[500] ^= 0x01
        try bytes.write(to: file)
        setModificationTime(file, seconds: 1_000_000_000)
        guard case .corrupt(let problem) = store.lookup(key) else { Issue.record("expected corrupt"); return }
        #expect(problem.reason == "file out/data.bin fails its sha256 check")
        // Without the memo (`--verify-cache`) too.
        guard case .corrupt = ArtifactStore(root: dir.path(".cache")).lookup(key) else { Issue.record("expected corrupt"); return }
    }
}

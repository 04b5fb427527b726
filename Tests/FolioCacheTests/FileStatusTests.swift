import Foundation
import Testing
import FolioTestSupport
@testable import FolioCache

/// `FileStatus`, the one stat helper: it must report what `attributesOfItem` reported where it
/// replaced it (a link's own type and size, permissions), and folders' names.
@Suite struct FileStatusTests {
    @Test func agreesWithFileManagerOnFilesFoldersAndLinks() throws {
        let dir = TemporaryDirectory()
        let fm = FileManager.default
        try Data("hello\n".utf8).write(to: dir.path("file.txt"))
        try fm.setAttributes([.posixPermissions: 0o750], ofItemAtPath: dir.path("file.txt").path)
        try fm.createDirectory(at: dir.path("folder"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.path("link").path, withDestinationPath: dir.path("file.txt").path)

        for name in ["file.txt", "folder", "link"] {
            let path = dir.path(name).path
            let attributes = try fm.attributesOfItem(atPath: path)
            let status = try FileStatus.link(path)
            #expect(status.size == (attributes[.size] as? NSNumber)?.uint64Value, "\(name)")
            #expect(status.permissions == (attributes[.posixPermissions] as? NSNumber)?.intValue, "\(name)")
            #expect(status.isRegularFile == (attributes[.type] as? FileAttributeType == .typeRegular), "\(name)")
            #expect(status.isDirectory == (attributes[.type] as? FileAttributeType == .typeDirectory), "\(name)")
            #expect(status.isSymbolicLink == (attributes[.type] as? FileAttributeType == .typeSymbolicLink), "\(name)")
        }
        // `of` follows the link to the file.
        let followed = try FileStatus.of(dir.path("link").path)
        #expect(followed.isRegularFile && followed.size == 6 && followed.permissions == 0o750)
        #expect(followed.inode == (try FileStatus.of(dir.path("file.txt").path)).inode)
        #expect(throws: POSIXError.self) { try FileStatus.of(dir.path("missing").path) }

        #expect(FileStatus.names(inFolder: dir.url.path)?.sorted() == ["file.txt", "folder", "link"])
        #expect(FileStatus.names(inFolder: dir.path("folder").path) == [])
        #expect(FileStatus.names(inFolder: dir.path("missing").path) == nil)
    }
}

import Foundation
import Testing
import FolioTestSupport
@testable import FolioCache

/// SHA-256 comes from OpenSSL's libcrypto (FolioSHA256); before, from swift-crypto. The digests must
/// be the standard ones, or every cache key and checksum would move: FIPS 180-2 vectors, a file
/// streamed in blocks against `sha256sum`, and the seed derivation pinned.
@Suite struct SHA256Tests {
    @Test func standardVectors() {
        #expect(ContentHash.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(ContentHash.sha256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamedFileEqualsSha256sum() throws {
        let dir = TemporaryDirectory()
        let file = dir.path("big.bin")
        // 2.5 MiB: more than two of ContentHash's 1 MiB blocks.
        var generator = SystemRandomNumberGenerator()
        try Data((0..<(5 << 19)).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(try ContentHash.sha256(fileAt: file) == String(output.prefix(64)))
    }

    @Test func seedDerivationIsPinned() {
        // The first 8 bytes of SHA-256("1/bkg/background/0"), read big-endian.
        #expect(ContentHash.first64Bits(of: "1/bkg/background/0") == UInt64(ContentHash.sha256("1/bkg/background/0").prefix(16), radix: 16))
        #expect(ContentHash.sha256("1/bkg/background/0").count == 64)
    }
}

import Crypto
import Foundation

/// SHA-256 digests as lower-case hex strings: the currency of cache keys, manifests and checksums.
public enum ContentHash {
    public static func sha256(_ data: some DataProtocol) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func sha256(_ string: String) -> String { sha256(Data(string.utf8)) }

    /// Streams a file through SHA-256 in 1 MiB blocks, so large data files need little memory.
    public static func sha256(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
        }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The first 8 bytes of SHA-256 of `string`, big-endian.
    public static func first64Bits(of string: String) -> UInt64 {
        SHA256.hash(data: Data(string.utf8)).prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }
}

/// Per-step and per-chunk seeds derived from the analysis seed (design.md, "Randomness").
///
/// `seed(step, chunk) = first 8 bytes of SHA-256("<analysis seed>/<step name>/<chunk index>")`.
/// The same trial chunk therefore gets the same pseudo-experiments whether it runs locally, in
/// parallel or on a cluster, and no two steps share a random stream.
public enum SeedDerivation {
    public static func seed(analysisSeed: UInt64, step: String, chunk: Int) -> UInt64 {
        ContentHash.first64Bits(of: "\(analysisSeed)/\(step)/\(chunk)")
    }
}

import FolioSHA256
import Foundation

/// SHA-256 digests as lower-case hex strings: the currency of cache keys, manifests and checksums.
public enum ContentHash {
    public static func sha256(_ data: some DataProtocol) -> String {
        SHA256.hex(SHA256.hash(data: data))
    }

    public static func sha256(_ string: String) -> String { sha256(Data(string.utf8)) }

    /// Streams a file through SHA-256 in 1 MiB blocks, so large data files need little memory.
    public static func sha256(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return SHA256.hex(try SHA256.hash(reading: handle))
    }

    /// The first 8 bytes of SHA-256 of `string`, big-endian.
    public static func first64Bits(of string: String) -> UInt64 {
        SHA256.hash(data: Data(string.utf8)).prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }
}

/// The one seed derivation of Folio (design.md, "Randomness"): every random number a step draws
/// comes from xoshiro256** seeded with
///
/// `seed(step, set, chunk) = first 8 bytes (big-endian) of SHA-256("<analysis seed>/<step>/<set>/<chunk>")`
///
/// where `set` names one of the step's trial sets and `chunk` is the chunk's index within that set.
/// The same trial chunk therefore gets the same pseudo-experiments whether it runs locally, in
/// parallel or on a cluster, and no two steps or sets share a random stream. The runner's
/// `TrialChunk` is the only caller that feeds it to a generator; `sentence` is what the methods
/// appendix prints.
public enum SeedDerivation {
    public static func seed(analysisSeed: UInt64, step: String, set: String, chunk: Int) -> UInt64 {
        ContentHash.first64Bits(of: "\(analysisSeed)/\(step)/\(set)/\(chunk)")
    }

    /// The derivation in words, for reports.
    public static let sentence = "chunk c of trial set t of step s draws from xoshiro256** (its state expanded from the seed with SplitMix64) "
        + "seeded with the first 8 bytes, read big-endian, of SHA-256(\"<analysis seed>/s/t/c\")"
}

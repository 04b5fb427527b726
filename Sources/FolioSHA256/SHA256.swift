import COpenSSL
import Foundation

/// SHA-256 from Debian's OpenSSL libcrypto (the EVP interface), the one digest Folio uses: cache
/// keys, entry and file checksums, seeds, the data manifest. It replaced swift-crypto, whose
/// BoringSSL was most of the dependency build for this one function (README "Compile cost");
/// SHA-256 is a standard, so the digests are the same bytes (`SHA256Tests` pin known vectors).
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(data: block)          // any number of times
/// let digest = hasher.finalize()      // 32 bytes
/// let once = SHA256.hash(data: Data("abc".utf8))
/// ```
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL cannot start a SHA-256 digest (out of memory?)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public mutating func update(data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { update(bufferPointer: $0) }
        }
    }

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        guard bufferPointer.count > 0 else { return }
        guard EVP_DigestUpdate(context, bufferPointer.baseAddress, bufferPointer.count) == 1 else {
            fatalError("OpenSSL SHA-256 update failed")
        }
    }

    /// The 32-byte digest; the hasher is used up.
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
            fatalError("OpenSSL SHA-256 final failed")
        }
        return digest
    }

    public static func hash(data: some DataProtocol) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: data)
        return hasher.finalize()
    }
}

extension SHA256 {
    /// Streams an open file through SHA-256 in 1 MiB blocks, so large data files need little memory.
    public static func hash(reading handle: FileHandle) throws -> [UInt8] {
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
        }
        return hasher.finalize()
    }

    /// The digest as lower-case hex, the form cache keys, manifests and checksum files use.
    public static func hex(_ digest: [UInt8]) -> String {
        // Not String(format:) per byte, which was a visible part of a no-op build.
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(2 * digest.count)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation

/// A compact, exact encoding of an `EventSample`, for passing selected events between steps: the
/// data step writes it, every step that needs events reads it, and nobody selects again.
///
/// Layout: the 8 ASCII bytes `FOLIOEV1`, the event count as a little-endian UInt64, then five
/// little-endian Float64 columns of that length: MJD (days), log10(E/GeV), angular error, RA, Dec
/// (radians). `sinDec` is recomputed on reading by the same function as `init`, so the decoded
/// sample equals the encoded one bit for bit.
extension EventSample {
    static let binaryMagic = Array("FOLIOEV1".utf8)

    public func binaryEncoded() -> Data {
        var data = Data(Self.binaryMagic)
        withUnsafeBytes(of: UInt64(count).littleEndian) { data.append(contentsOf: $0) }
        for column in [mjd, log10Energy, angularError, ra, dec] {
            for value in column { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    /// Decodes `binaryEncoded()`'s bytes; a wrong header or length is a `DataFileError` naming `file`.
    public init(binaryEncoded data: Data, file: String) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.binaryMagic else {
            throw DataFileError(file: file, "not an encoded event sample (header 'FOLIOEV1' missing)")
        }
        func word(at offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            return value
        }
        let count = Int(word(at: 8))
        guard bytes.count == 16 + 5 * 8 * count else {
            throw DataFileError(file: file, "encoded event sample of \(count) events has \(bytes.count) bytes, expected \(16 + 40 * count)")
        }
        func column(_ c: Int) -> [Double] {
            (0..<count).map { Double(bitPattern: word(at: 16 + 8 * (c * count + $0))) }
        }
        self.init(mjd: column(0), log10Energy: column(1), angularError: column(2), ra: column(3), dec: column(4))
    }
}

import Foundation

/// The events of one season (`events/<season>_exp.csv`). Angles are stored in radians.
public struct EventSample: Sendable {
    /// Event time, MJD (days).
    public var mjd: [Double]
    /// log10 of the reconstructed muon energy in GeV.
    public var log10Energy: [Double]
    /// Estimated angular uncertainty (radians).
    public var angularError: [Double]
    /// Right ascension and declination, J2000 (radians).
    public var ra: [Double]
    public var dec: [Double]
    public var sinDec: [Double]

    public var count: Int { ra.count }

    public init(mjd: [Double], log10Energy: [Double], angularError: [Double], ra: [Double], dec: [Double]) {
        self.mjd = mjd; self.log10Energy = log10Energy; self.angularError = angularError
        self.ra = ra; self.dec = dec; self.sinDec = dec.map { Foundation.sin($0) }
    }

    /// Reads an events file (official or staged header); rejects NaN, missing columns, Dec outside
    /// [-90, 90] deg, RA outside [0, 360] deg and non-positive AngErr with `file:line` errors, and a
    /// file with a header but no events (a truncated download would otherwise count its season's
    /// whole good-run livetime with no events in it).
    public static func read(_ url: URL) throws -> EventSample {
        let t = try WhitespaceTable(contentsOf: url, columns: [
            .init("MJD[days]"), .init("log10(E/GeV)"), .init("AngErr[deg]"), .init("RA[deg]"), .init("Dec[deg]"),
        ])
        guard !t.columns[0].isEmpty else { throw DataFileError(file: url.path, "no events: the file has a header but no rows") }
        try t.requireRange(column: 4, name: "Dec[deg]", -90, 90)
        try t.requireRange(column: 3, name: "RA[deg]", 0, 360)
        try t.requireRange(column: 2, name: "AngErr[deg]", 1e-9, 180)
        let rad = Double.pi / 180
        return EventSample(mjd: t.columns[0], log10Energy: t.columns[1], angularError: t.columns[2].map { $0 * rad },
                           ra: t.columns[3].map { $0 * rad }, dec: t.columns[4].map { $0 * rad })
    }
}

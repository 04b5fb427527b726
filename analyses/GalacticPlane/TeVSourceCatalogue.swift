import FolioSteps

/// A small catalogue of Galactic TeV γ-ray sources for the stacking search: well-known objects of
/// each class, equal weights. Positions (J2000, degrees, rounded to 0.01°) are SIMBAD's for
/// point-like objects and the TeVCat centroid for extended ones (Wakely & Horan 2008, TeVCat).
enum TeVSourceCatalogue {
    struct Entry {
        var source: PointSourceSearch.Source
        var kind: String
    }

    static let entries: [Entry] = [
        Entry(source: .init("Crab Nebula", ra: 83.63, dec: 22.01), kind: "PWN"),
        Entry(source: .init("Geminga", ra: 98.48, dec: 17.77), kind: "PWN (halo)"),
        Entry(source: .init("IC 443", ra: 94.25, dec: 22.53), kind: "SNR"),
        Entry(source: .init("Cassiopeia A", ra: 350.85, dec: 58.82), kind: "SNR"),
        Entry(source: .init("Tycho", ra: 6.33, dec: 64.14), kind: "SNR"),
        Entry(source: .init("MGRO J1908+06", ra: 287.05, dec: 6.35), kind: "unidentified"),
        Entry(source: .init("Galactic centre (HESS J1745-290)", ra: 266.42, dec: -29.01), kind: "unidentified"),
        Entry(source: .init("RX J1713.7-3946", ra: 258.36, dec: -39.77), kind: "SNR"),
        Entry(source: .init("Vela X", ra: 128.75, dec: -45.60), kind: "PWN"),
    ]

    static var sources: [PointSourceSearch.Source] { entries.map(\.source) }

    /// The catalogue as sky-map marks labelled by catalogue number (names would overlap near the
    /// anticentre and the Galactic centre); `legend` spells the numbers out for captions.
    static var marks: [SkyScanFigure.Mark] {
        entries.enumerated().map { .init("\($0.offset + 1)", ra: $0.element.source.ra, dec: $0.element.source.dec) }
    }

    static var legend: String {
        entries.enumerated().map { "\($0.offset + 1) \($0.element.source.name)" }.joined(separator: ", ")
    }
}

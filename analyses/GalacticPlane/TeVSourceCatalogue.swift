import FolioSteps

/// A small catalogue of Galactic TeV γ-ray sources for the stacking search: well-known objects of
/// each class, equal weights. Positions (J2000, degrees, rounded to 0.01°): SIMBAD's for point-like
/// objects and compact remnants, the published TeV centroid for extended sources. Checked in
/// session 2 against the catalogue papers named in `reference` (MGRO J1908+06, IC 443 and
/// RX J1713.7−3946 moved by 0.03–0.08° from the first, remembered values).
enum TeVSourceCatalogue {
    struct Entry {
        var source: PointSourceSearch.Source
        var kind: String
        /// Where the position comes from (shown in the report's catalogue table).
        var reference: String
    }

    static let entries: [Entry] = [
        Entry(source: .init("Crab Nebula", ra: 83.63, dec: 22.01), kind: "PWN", reference: "SIMBAD"),
        Entry(source: .init("Geminga", ra: 98.48, dec: 17.77), kind: "PWN (halo)", reference: "SIMBAD (pulsar)"),
        Entry(source: .init("IC 443", ra: 94.21, dec: 22.50), kind: "SNR", reference: "VERITAS, ApJ 698, L133 (2009)"),
        Entry(source: .init("Cassiopeia A", ra: 350.85, dec: 58.82), kind: "SNR", reference: "SIMBAD"),
        Entry(source: .init("Tycho", ra: 6.33, dec: 64.14), kind: "SNR", reference: "SIMBAD (remnant centre)"),
        Entry(source: .init("MGRO J1908+06", ra: 286.98, dec: 6.27), kind: "unidentified", reference: "H.E.S.S., A&A 499, 723 (2009)"),
        Entry(source: .init("Galactic centre (HESS J1745-290)", ra: 266.42, dec: -29.01), kind: "unidentified", reference: "H.E.S.S., A&A 503, 817 (2009)"),
        Entry(source: .init("RX J1713.7-3946", ra: 258.39, dec: -39.77), kind: "SNR", reference: "TeVCat centroid (H.E.S.S.)"),
        Entry(source: .init("Vela X", ra: 128.75, dec: -45.60), kind: "PWN", reference: "H.E.S.S., A&A 448, L43 (2006)"),
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

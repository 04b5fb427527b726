import Foundation
import Testing
@testable import FolioIceCube

@Suite struct ParserTests {
    let header = "MJD[days]  log10(E/GeV)   AngErr[deg]       RA[deg]      Dec[deg]  Azimuth[deg]   Zenith[deg]\n"
    let good = "   54562.37911273          3.31          0.48       203.024        16.760       218.374       106.712\n"

    @Test func readsStagedAndOfficialEventHeaders() throws {
        let staged = try EventSample.read(try TestData.temporaryFile("a.csv", header + good))
        let official = try EventSample.read(try TestData.temporaryFile("b.csv", "# " + header.replacingOccurrences(of: "  ", with: "\t") + good))
        #expect(staged.count == 1 && official.count == 1)
        #expect(abs(staged.dec[0] - 16.76 * .pi / 180) < 1e-15)
        #expect(staged.ra == official.ra && staged.log10Energy == [3.31])
    }

    /// Columns are found by name, not by position.
    @Test func readsColumnsByName() throws {
        let t = try WhitespaceTable(contentsOf: try TestData.temporaryFile("c.csv", "b a\n1 2\n3 4\n"), columns: [.init("a"), .init("b")])
        #expect(t.columns[0] == [2, 4] && t.columns[1] == [1, 3] && t.lineNumbers == [2, 3])
    }

    @Test(arguments: [
        ("   54562.3   nan   0.48   203.0   16.7   218.3   106.7\n", "column 'log10(E/GeV)': value nan is not finite"),
        ("   54562.3   3.31   0.48   203.0   16.7   218.3\n", "missing columns: found 6 fields, expected 7"),
        ("   54562.3   3.31   0.48   203.0   96.7   218.3   106.7\n", "Dec[deg] = 96.7 outside [-90.0, 90.0]"),
        ("   54562.3   3.31   0.48   203.0   1x6.7  218.3   106.7\n", "column 'Dec[deg]': '1x6.7' is not a number"),
    ])
    func rejectsMalformedRowsWithFileAndLine(row: String, message: String) throws {
        let url = try TestData.temporaryFile("bad.csv", header + good + row + good)
        let error = try #require(throws: DataFileError.self) { try EventSample.read(url) }
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("\(url.path):3: "))
        #expect(error.message.contains(message))
    }

    @Test func rejectsMissingColumnInHeader() throws {
        let url = try TestData.temporaryFile("h.csv", "MJD[days] log10(E/GeV) AngErr[deg] RA[deg]\n1 2 3 4\n")
        let error = try #require(throws: DataFileError.self) { try EventSample.read(url) }
        #expect(error.line == 1 && error.message.contains("missing column 'Dec[deg]'"))
    }

    @Test func effectiveAreaBothHeaderForms() throws {
        let rows = "2.0 2.2 -90 0 1.5\n2.2 2.4 -90 0 2.5\n2.0 2.2 0 90 3.5\n2.2 2.4 0 90 4.5\n"
        let staged = try EffectiveArea.read(try TestData.temporaryFile("s.csv", "logEmin_nu  logEmax_nu  decmin decmax  Aeff\n" + rows))
        let official = try EffectiveArea.read(try TestData.temporaryFile("o.csv",
            "# log10(E_nu/GeV)_min log10(E_nu/GeV)_max Dec_nu_min[deg] Dec_nu_max[deg] A_Eff[cm^2]\n" + rows))
        #expect(staged.area == [[1.5, 2.5], [3.5, 4.5]] && official.area == staged.area)
        #expect(staged.log10EnergyEdges == [2.0, 2.2, 2.4] && staged.decEdgesDegrees == [-90, 0, 90])
        // 1 GeV^-1 cm^-2 s^-1 at 1 TeV, gamma = 2, 1 s, north: sum of A x integral of (E/1e3)^-2.
        let want = 1e6 * (3.5 * (1 / pow(10, 2.0) - 1 / pow(10, 2.2)) + 4.5 * (1 / pow(10, 2.2) - 1 / pow(10, 2.4)))
        #expect(abs(staged.expectedEvents(phi0: 1, gamma: 2, decDegrees: 10, livetimeSeconds: 1) / want - 1) < 1e-12)
    }

    @Test func goodRunLivetimeClipsOverlaps() throws {
        let url = try TestData.temporaryFile("u.csv", "MJD_start[days]  MJD_stop[days]\n1.0 2.0\n1.5 3.0\n4.0 4.25\n")
        #expect(abs(try GoodRunList.read(url).livetimeDays - 2.25) < 1e-12)
        let bad = try TestData.temporaryFile("v.csv", "MJD_start[days]  MJD_stop[days]\n1.0 2.0\n3.0 2.5\n")
        let error = try #require(throws: DataFileError.self) { try GoodRunList.read(bad) }
        #expect(error.line == 3)
    }
}

import Foundation
import Testing
@testable import FolioIceCube

/// The selected events a data step passes on: an exact encoding, and a dataset built from them
/// that reads only the response from the release.
@Suite struct PassedOnEventsTests {
    @Test(.enabled(if: TestData.available)) func encodingIsExactAndTheDatasetUsesThePassedOnEvents() throws {
        let full = try #require(TestData.ic40)
        // A selection, as a data step makes it: the northern sky above 10 TeV.
        let selected = full.filteringEvents { _, e, i in e.dec[i] > 0 && e.log10Energy[i] >= 4 }
        let events = selected.seasons[0].events
        #expect(events.count > 100 && events.count < full.totalEvents / 4)

        let decoded = try EventSample(binaryEncoded: events.binaryEncoded(), file: "events-IC40.bin")
        for (a, b) in [(decoded.mjd, events.mjd), (decoded.log10Energy, events.log10Energy), (decoded.angularError, events.angularError),
                       (decoded.ra, events.ra), (decoded.dec, events.dec), (decoded.sinDec, events.sinDec)] {
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        }

        let manifest = try ChecksumManifest.load(TestData.manifestURL)
        let rebuilt = try IceCubeDataset.load(root: TestData.root, seasons: [.ic40], manifest: manifest, events: [.ic40: decoded])
        #expect(rebuilt.totalEvents == events.count)
        #expect(rebuilt.seasons[0].events.ra.map(\.bitPattern) == events.ra.map(\.bitPattern))
        #expect(rebuilt.seasons[0].livetimeDays == full.seasons[0].livetimeDays)
        #expect(rebuilt.seasons[0].effectiveArea.area == full.seasons[0].effectiveArea.area)
    }

    @Test func aDamagedEncodingNamesTheFile() throws {
        let sample = EventSample(mjd: [1, 2], log10Energy: [3, 4], angularError: [0.1, 0.2], ra: [0.5, 0.6], dec: [0.1, -0.1])
        let bytes = sample.binaryEncoded()
        #expect(bytes.count == 16 + 40 * 2)
        let truncated = #expect(throws: DataFileError.self) {
            try EventSample(binaryEncoded: bytes.dropLast(8), file: "x/events-IC40.bin")
        }
        #expect(truncated?.file == "x/events-IC40.bin")
        #expect(truncated?.message.contains("expected 96") == true)
        #expect(throws: DataFileError.self) { try EventSample(binaryEncoded: Data("not events".utf8), file: "y.bin") }
    }
}

import Foundation
import Testing
import FolioTestSupport
@testable import FolioSky

@Suite struct HEALPixMapFITSTests {
    func indexMap(nside: Int, frame: CoordinateFrame) throws -> HEALPixMap {
        try HEALPixMap(nside: nside, frame: frame, values: (0..<(12 * nside * nside)).map(Double.init), unit: "sr^-1")
    }

    @Test func roundTripKeepsValuesFrameAndUnit() throws {
        let dir = TemporaryDirectory()
        for (nside, frame) in [(1, CoordinateFrame.galactic), (16, .equatorial)] {
            let map = try indexMap(nside: nside, frame: frame)
            let url = dir.path("m\(nside).fits")
            try map.write(to: url)
            let back = try HEALPixMap.read(from: url)
            #expect(back == map)
        }
    }

    @Test func nestedFilesAreReadInRingOrder() throws {
        let dir = TemporaryDirectory()
        let map = try indexMap(nside: 8, frame: .galactic)
        try map.write(to: dir.path("nested.fits"), ordering: .nested)
        let ringFile = dir.path("ring.fits")
        try map.write(to: ringFile)
        #expect(try Data(contentsOf: dir.path("nested.fits")) != Data(contentsOf: ringFile))
        #expect(try HEALPixMap.read(from: dir.path("nested.fits")) == map)
    }

    @Test func sameMapSameBytes() throws {
        let dir = TemporaryDirectory()
        let map = try indexMap(nside: 32, frame: .equatorial)
        try map.write(to: dir.path("a.fits"))
        try map.write(to: dir.path("b.fits"))
        #expect(try Data(contentsOf: dir.path("a.fits")) == Data(contentsOf: dir.path("b.fits")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["a.fits", "b.fits"])
    }

    @Test func badFilesAreNamed() throws {
        let dir = TemporaryDirectory()
        let text = dir.path("notfits.fits")
        try Data("hello".utf8).write(to: text)
        let e1 = #expect(throws: HEALPixFITSError.self) { try HEALPixMap.read(from: text) }
        #expect(e1?.path == text.path)
        #expect(e1?.message.hasPrefix("not a FITS file") == true)
        let e2 = #expect(throws: HEALPixFITSError.self) { try HEALPixMap.read(from: dir.path("missing.fits")) }
        #expect(e2?.message == "file not found")
    }

    @Test func rotationResamplesAtTheRotatedPixelCentres() throws {
        // sin(Dec) as an equatorial map; in Galactic pixels it must equal sin(Dec) of their centres
        // to within one pixel (nearest-pixel resampling, pixel size 1.8 degrees at nside 32).
        let hp = try HEALPix(nside: 32)
        let equatorial = try HEALPixMap(nside: 32, frame: .equatorial, values: (0..<hp.pixelCount).map { sin(hp.center(of: $0).latitude) })
        let galactic = equatorial.rotated(to: .galactic)
        var worst = 0.0
        for i in 0..<hp.pixelCount {
            let dec = Rotation.galacticToEquatorial.apply(to: hp.center(of: i)).latitude
            worst = max(worst, abs(galactic.values[i] - sin(dec)))
        }
        #expect(worst < 0.035)
        #expect(worst > 0)  // it really is a resampling, not a copy
    }
}

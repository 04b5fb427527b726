import Foundation
import Testing
@testable import FolioIceCube

@Suite struct BackgroundEnergyPDFTests {
    /// `.histogram`: the density is count / (events in the sin Dec bin x bin width), piecewise
    /// constant, 0 in empty bins; it integrates to 1 per sin Dec bin.
    @Test func histogramModeIsTheNormalisedHistogram() {
        let xEdges = [2.0, 3.0, 3.5, 5.0, 6.0], yEdges = [-1.0, 0.0, 1.0]
        let logE = [2.2, 2.9, 3.2, 3.3, 4.0, 2.5], sinDec = [0.5, 0.5, 0.5, 0.5, 0.5, -0.5]
        let pdf = BackgroundEnergyPDF(log10Energy: logE, sinDec: sinDec, log10EnergyEdges: xEdges, sinDecEdges: yEdges, smoothing: .histogram)
        // North: 2 of 5 events in [2, 3) (width 1), 2 in [3, 3.5) (0.5), 1 in [3.5, 5) (1.5), 0 in [5, 6].
        #expect(abs(pdf.density(log10Energy: 2.7, sinDec: 0.3) - 2.0 / 5) < 1e-12)
        #expect(abs(pdf.density(log10Energy: 3.1, sinDec: 0.9) - 2.0 / 5 / 0.5) < 1e-12)
        #expect(abs(pdf.density(log10Energy: 4.9, sinDec: 0.1) - 1.0 / 5 / 1.5) < 1e-12)
        var integral = 0.0
        for i in 0..<4 { integral += pdf.density(log10Energy: 0.5 * (xEdges[i] + xEdges[i + 1]), sinDec: 0.5) * (xEdges[i + 1] - xEdges[i]) }
        #expect(abs(integral - 1) < 1e-12)
        // South: one event in [2, 3); the other bins are empty.
        #expect(abs(pdf.density(log10Energy: 2.1, sinDec: -0.2) - 1) < 1e-12)
        #expect(pdf.density(log10Energy: 4.0, sinDec: -0.2) == 0)
        #expect(pdf.density(log10Energy: 5.5, sinDec: 0.5) == 0 && pdf.density(log10Energy: 6.5, sinDec: 0.5) == 0)
        // The default (SkyLLH's smoothed log-spline) is a different, smooth function.
        let smooth = BackgroundEnergyPDF(log10Energy: logE, sinDec: sinDec, log10EnergyEdges: xEdges, sinDecEdges: yEdges)
        #expect(smooth.density(log10Energy: 2.7, sinDec: 0.3) != pdf.density(log10Energy: 2.7, sinDec: 0.3))
    }

    /// A trial's PDFs built on the data's (`reusing:`: shared rows, factored collocation) equal the PDFs
    /// built from scratch from the same counts, bit for bit: with a few added events (the smallest density
    /// unchanged: most rows reused) and with many (rows and the smallest density change).
    @Test(.enabled(if: TestData.available)) func pdfsReusingTheDataEqualPDFsFromScratch() throws {
        let data = try #require(TestData.ic40).seasons[0]
        let xEdges = data.season.log10EnergyBinEdges, yEdges = data.season.sinDecBinEdges
        let base = BackgroundEnergyPDF(events: data.events, log10EnergyEdges: xEdges, sinDecEdges: yEdges)
        let baseSpatial = try BackgroundSpatialPDF(events: data.events, sinDecEdges: yEdges)
        var counts = BackgroundEnergyPDF.emptyCounts(log10EnergyEdges: xEdges, sinDecEdges: yEdges)
        BackgroundEnergyPDF.count(log10Energy: data.events.log10Energy, sinDec: data.events.sinDec, log10EnergyEdges: xEdges,
                                  sinDecEdges: yEdges, into: &counts)
        let spatialCounts = BackgroundSpatialPDF.counts(sinDec: data.events.sinDec, sinDecEdges: yEdges)
        var reusedSome = false, refittedAll = false
        for added in [3, 400] {
            // Added events spread over energy and sin Dec (as injected signal is).
            let logE = (0..<added).map { 3 + 4 * Double(($0 * 37) % added) / Double(added) }
            let sinDec = (0..<added).map { -0.95 + 1.9 * Double(($0 * 11) % added) / Double(added) }
            var c = counts, sc = spatialCounts
            BackgroundEnergyPDF.count(log10Energy: logE, sinDec: sinDec, log10EnergyEdges: xEdges, sinDecEdges: yEdges, into: &c)
            for y in sinDec { if let b = Histogram.bin(y, yEdges) { sc[b] += 1 } }
            let fresh = BackgroundEnergyPDF(counts: c, log10EnergyEdges: xEdges, sinDecEdges: yEdges, smoothing: .linear(halfWidth: 1))
            let reused = BackgroundEnergyPDF(counts: c, reusing: base)
            #expect(reused.norms == fresh.norms && reused.minPositive == fresh.minPositive && reused.rowValues == fresh.rowValues)
            #expect(reused.columns.map(\.coefficients) == fresh.columns.map(\.coefficients))
            let shared = reused.rowValues.indices.filter { reused.rowValues[$0] == base.rowValues[$0] }.count
            reusedSome = reusedSome || (shared > 0 && shared < yEdges.count - 1)
            refittedAll = refittedAll || (shared == 0 && fresh.minPositive != base.minPositive)
            let freshSpatial = try BackgroundSpatialPDF(counts: sc, sinDecEdges: yEdges)
            let reusedSpatial = try BackgroundSpatialPDF(counts: sc, reusing: baseSpatial)
            #expect(reusedSpatial.logSpline.coefficients == freshSpatial.logSpline.coefficients)
            // The per-event tables give each data event the densities the PDFs give.
            let tables = InjectedTrialTables(log10Energy: data.events.log10Energy, sinDec: data.events.sinDec, energy: base, spatial: baseSpatial)
            var mismatches = 0, inside = 0
            for i in stride(from: 0, to: data.events.count, by: 7) {
                let x = data.events.log10Energy[i], y = data.events.sinDec[i]
                let spatial = tables.spatialBasis.withUnsafeBufferPointer { reusedSpatial.density(span: Int(tables.spatialSpan[i]), basis: $0.baseAddress! + 3 * i) }
                if spatial != freshSpatial.density(sinDec: y) { mismatches += 1 }
                let row = Int(tables.energyRow[i])
                guard row >= 0 else { if fresh.density(log10Energy: x, sinDec: y) != 0 { mismatches += 1 }; continue }
                inside += 1
                let e = tables.energyBasis.withUnsafeBufferPointer { reused.density(row: row, span: Int(tables.energySpan[i]), basis: $0.baseAddress! + 4 * i) }
                if e != fresh.density(log10Energy: x, sinDec: y) { mismatches += 1 }
            }
            #expect(mismatches == 0 && inside > 1000)
        }
        #expect(reusedSome && refittedAll)
    }
}

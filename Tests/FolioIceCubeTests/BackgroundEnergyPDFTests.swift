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
}

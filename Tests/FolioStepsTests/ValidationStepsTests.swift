import Foundation
import Testing
import FolioSteps

/// The asymptotic background TS distribution the validation appendix compares the trials with.
@Suite struct ValidationStepsTests {
    @Test func halfChiSquareOneTailMatchesTheNormalTails() {
        // ½δ(0) + ½χ²₁: P(TS > t) = P(Z > √t) for a standard normal Z.
        #expect(BackgroundTSCheck.halfChiSquareOneTail(0) == 0.5)
        #expect(abs(BackgroundTSCheck.halfChiSquareOneTail(1) - 0.158_655_25) < 1e-8)
        #expect(abs(BackgroundTSCheck.halfChiSquareOneTail(4) - 0.022_750_13) < 1e-8)
        #expect(abs(BackgroundTSCheck.halfChiSquareOneTail(2.705_543_45) - 0.05) < 1e-8)
    }
}

import Testing
import FolioModel
@testable import FolioReview

@Suite struct ProvenanceTraceTests {
    @Test func queriesMatchKeysStepsAndPrintedNumbers() {
        let results: [String: ResultValue] = [
            "fit.ts": ResultValue(5.7554, unit: .dimensionless),
            "fit.ns": ResultValue(30.1, unit: .events),
            "bkg.sigma": ResultValue(2.4573, unit: .sigma),
            "lim.flux": .upperLimit(2.18e-11, unit: .TeVcm2s, confidenceLevel: 0.9),
        ]
        #expect(ProvenanceTrace.matches("fit.ts", in: results) == ["fit.ts"])
        #expect(ProvenanceTrace.matches("fit", in: results) == ["fit.ns", "fit.ts"])
        #expect(ProvenanceTrace.matches("2.46", in: results) == ["bkg.sigma"])
        #expect(ProvenanceTrace.matches("5.76", in: results) == ["fit.ts"])
        #expect(ProvenanceTrace.matches("2.2e-11", in: results) == ["lim.flux"])
        #expect(ProvenanceTrace.matches("7", in: results).isEmpty)
    }
}

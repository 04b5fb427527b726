import Foundation
import Testing
import FolioCache
import FolioModel
@testable import FolioReview

/// `folio diff`'s spec section names the modules whose code moved a step's key, as `--explain` does,
/// instead of calling the step "equivalent" because its parameters are equal.
@Suite struct StepChangeCodeTests {
    private func manifest(code: [String: String]?, key: String) -> Manifest {
        let step = StepRecord(name: "fit-pi0", kind: "icecube.templateFit", version: 6, key: key, seed: 1,
                                       parameters: .object(["backgroundTrials": .number(1000)]), inputs: [], outputs: [],
                                       results: ["ns"], notices: [], code: code)
        return Manifest(analysis: "a", title: "A", folioVersion: "x", toolchain: Toolchain(swift: "6.3", os: "linux", libraries: [:]),
                        seed: 1, data: [], steps: [step])
    }

    @Test func aCodeChangeIsNamedByModule() {
        let old = manifest(code: ["FolioIceCube": "aaa", "FolioSteps": "sss", "FolioPlot": "ppp"], key: "k1")
        let new = manifest(code: ["FolioIceCube": "bbb", "FolioSteps": "sss", "FolioGalaxy": "ggg"], key: "k2")
        let change = StepChange.compare(old: old, new: new, tolerance: .standard).first!
        #expect(change.status == .changed)
        #expect(change.reasons == ["now uses the code of FolioGalaxy", "code of FolioIceCube changed", "no longer uses the code of FolioPlot"])  // by module name
    }

    @Test func aManifestWithoutFingerprintsSaysSoOnce() {
        let change = StepChange.compare(old: manifest(code: nil, key: "k1"), new: manifest(code: ["FolioIceCube": "a"], key: "k2"),
                                        tolerance: .standard).first!
        #expect(change.reasons == ["code fingerprints now part of the key"])
    }
}

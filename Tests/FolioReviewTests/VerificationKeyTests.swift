import Foundation
import Testing
import FolioCache
import FolioModel
import FolioTestSupport
@testable import FolioReview

/// `folio verify` grades what steps produced; keys (which include code fingerprints) are provenance.
@Suite struct VerificationKeyTests {
    let oldFit = String(repeating: "a1", count: 32), newFit = String(repeating: "b2", count: 32)
    let oldReport = String(repeating: "c3", count: 32), newReport = String(repeating: "d4", count: 32)

    func manifest(fit: String, report: String, code: String, html: String, pdf: String) -> String {
        """
        {"analysis": "a", "title": "a", "folioVersion": "x", "seed": 1, "data": [], "tolerances": [],
         "toolchain": {"swift": "6.3", "os": "linux", "libraries": {}},
         "steps": [
          {"name": "fit", "kind": "toy.fit", "version": 1, "key": "\(fit)", "parameters": {}, "inputs": [],
           "outputs": [{"path": "out/fit.json", "sha256": "\(ContentHash.sha256("fit"))", "bytes": 3}],
           "results": [], "notices": [], "code": {"FolioSteps": "\(code)"}},
          {"name": "report", "kind": "report", "version": 4, "key": "\(report)", "parameters": {},
           "inputs": [{"name": "step:fit", "ref": {"step": {"_0": "fit"}}, "identity": {"step": {"key": "\(fit)"}}}],
           "outputs": [{"path": "pub/report.html", "sha256": "\(ContentHash.sha256(html))", "bytes": 1},
                       {"path": "pub/report.pdf", "sha256": "\(ContentHash.sha256(pdf))", "bytes": 1}],
           "results": [], "notices": [], "code": {"FolioSteps": "\(code)"}}
         ]}
        """
    }

    func html(fit: String, report: String) -> String {
        "<p>fit key \(fit) (\(fit.prefix(12))…), report \(report.prefix(16)); ts 4.2 deadbeef00</p>"
    }

    func write(_ dir: URL, fit: String, report: String, code: String, pdf: String, htmlText: String? = nil) throws {
        let text = htmlText ?? html(fit: fit, report: report)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(manifest(fit: fit, report: report, code: code, html: text, pdf: pdf).utf8).write(to: dir.appendingPathComponent("manifest.json"))
        try Data("{}".utf8).write(to: dir.appendingPathComponent("results.json"))
        try Data(text.utf8).write(to: dir.appendingPathComponent("report.html"))
    }

    @Test func keysMovedByCodeAreProvenanceAndTextOutputsAreComparedWithKeysMapped() throws {
        let dir = TemporaryDirectory()
        let reference = dir.path("reference"), rebuilt = dir.path("rebuilt")
        try write(reference, fit: oldFit, report: oldReport, code: ContentHash.sha256("v1"), pdf: "pdf with old keys")
        try write(rebuilt, fit: newFit, report: newReport, code: ContentHash.sha256("v2"), pdf: "pdf with new keys")
        let report = try Verification.grade(referenceDirectory: reference, rebuiltDirectory: rebuilt)
        #expect(report.overall != .diverged, "\(report.summary)")
        #expect(report.provenance.count == 2)
        #expect(report.provenance[0].hasPrefix("step fit: cache key \(oldFit.prefix(12)) -> \(newFit.prefix(12)) (code of FolioSteps changed)"))
        #expect(report.outputs.first { $0.name == "report/pub/report.html" }?.grade == .identicalUpToKeys)
        #expect(report.outputs.first { $0.name == "report/pub/report.pdf" }?.grade == .withinTolerance)
        #expect(report.summary.contains("provenance: step fit"))
    }

    @Test func aTextOutputThatDiffersBeyondItsKeysHasDiverged() throws {
        let dir = TemporaryDirectory()
        let reference = dir.path("reference"), rebuilt = dir.path("rebuilt")
        try write(reference, fit: oldFit, report: oldReport, code: ContentHash.sha256("v1"), pdf: "old")
        try write(rebuilt, fit: newFit, report: newReport, code: ContentHash.sha256("v2"), pdf: "new",
                  htmlText: html(fit: newFit, report: newReport).replacingOccurrences(of: "4.2", with: "4.3"))
        let report = try Verification.grade(referenceDirectory: reference, rebuiltDirectory: rebuilt)
        #expect(report.overall == .diverged)
        #expect(report.outputs.first { $0.name == "report/pub/report.html" }?.grade == .diverged)
        #expect(report.outputs.first { $0.name == "report/pub/report.pdf" }?.grade == .diverged)
    }

    @Test func keyReplacementTouchesOnlyRunsThatStartAKey() {
        let other = "1" + String(newFit.dropFirst())  // does not start like newFit
        let twin = String(newFit.prefix(1)) + String(repeating: "0", count: 63)  // does
        let keys = [Verification.KeyPair(step: "fit", new: newFit, old: oldFit),
                    Verification.KeyPair(step: "twin", new: twin, old: twin),
                    Verification.KeyPair(step: "other", new: other, old: other)]
        let text = "x \(newFit) y \(newFit.prefix(12))… z deadbeef \(newFit.prefix(6)) step fit (\(newFit.prefix(1))… "
            + "step fit-kr\(newFit.prefix(1))… \(newFit.prefix(10))z step twin (\(twin.prefix(1))… (\(newFit.prefix(1))…"
        let replaced = String(decoding: Verification.replacingKeys(in: Data(text.utf8), keys), as: UTF8.self)
        #expect(replaced == "x \(oldFit) y \(oldFit.prefix(12))… z deadbeef \(newFit.prefix(6)) step fit (\(oldFit.prefix(1))… "
                + "step fit-kr\(newFit.prefix(1))… \(newFit.prefix(10))z step twin (\(twin.prefix(1))… (\(newFit.prefix(1))…")
    }
}

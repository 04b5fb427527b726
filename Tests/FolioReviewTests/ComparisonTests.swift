import Foundation
import Testing
import FolioModel
@testable import FolioReview

@Suite struct ResultComparisonTests {
    @Test func statusesToleranceAndSigmaShift() {
        let old: [String: ResultValue] = [
            "fit.ns": ResultValue(10, unit: .events, minus: 2, plus: 4, kind: .fitParameter),
            "fit.ts": ResultValue(5, unit: .dimensionless, kind: .testStatistic),
            "fit.gamma": ResultValue(2.5, unit: .dimensionless, kind: .fitParameter),
            "bkg.p": ResultValue(0.01, unit: .dimensionless, kind: .pValue),
            "gone.x": ResultValue(1, unit: .events),
            "redef.x": ResultValue(1, unit: .events),
        ]
        var new = old
        new["fit.ns"] = ResultValue(13, unit: .events, minus: 2, plus: 4, kind: .fitParameter)
        new["fit.ts"] = ResultValue(5 * (1 + 1e-12), unit: .dimensionless, kind: .testStatistic)
        new["bkg.p"] = ResultValue(0.0104, unit: .dimensionless, kind: .pValue)
        new["gone.x"] = nil
        new["new.x"] = ResultValue(2, unit: .events)
        new["redef.x"] = ResultValue(1, unit: .trials)
        let policy = TolerancePolicy(rules: [.kind(.pValue, Tolerance(relative: 0.05))])
        let changes = Dictionary(uniqueKeysWithValues: ResultComparison.compare(old: old, new: new, policy: policy).map { ($0.key, $0) })
        #expect(changes["fit.gamma"]?.status == .identical)
        #expect(changes["fit.ts"]?.status == .withinTolerance)
        #expect(changes["bkg.p"]?.status == .withinTolerance)      // 4% < 5% by the analysis' rule
        #expect(changes["fit.ns"]?.status == .changed)
        #expect(changes["fit.ns"]?.delta == 3)
        #expect(changes["fit.ns"]?.sigmaShift == 1)                 // 3 / ((2 + 4) / 2)
        #expect(changes["gone.x"]?.status == .removed)
        #expect(changes["new.x"]?.status == .added)
        #expect(changes["redef.x"]?.status == .redefined)
        #expect(changes.values.filter(\.isDifference).count == 4)
    }

    @Test func mostSpecificRuleWins() {
        let policy = TolerancePolicy(rules: [.kind(.flux, Tolerance(relative: 0.1)), .unit(.TeVcm2s, Tolerance(relative: 0.2)),
                                             .result("fit.flux", Tolerance(relative: 0.3))])
        #expect(policy.tolerance(forResult: "fit.flux", unit: .TeVcm2s, kind: .flux).relative == 0.3)
        #expect(policy.tolerance(forResult: "other", unit: .TeVcm2s, kind: .flux).relative == 0.2)
        #expect(policy.tolerance(forResult: "other", unit: .GeV, kind: .flux).relative == 0.1)
        #expect(policy.tolerance(forResult: "other", unit: .GeV, kind: .count) == .standard)
    }
}

@Suite struct JSONAndTableComparisonTests {
    @Test func figureDataDifferencesArePathed() throws {
        let a = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"panels":[{"series":[{"values":[1,2,3],"label":"bkg"}]}]}"#.utf8))
        let b = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"panels":[{"series":[{"values":[1,2.5,3,4],"label":"bkg"}]}]}"#.utf8))
        let (found, total) = JSONComparison.compare(a, b, tolerance: .standard)
        #expect(total == 2)
        #expect(found.map(\.description) == ["panels[0].series[0].values.count: 3 -> 4", "panels[0].series[0].values[1]: 2 -> 2.5"])
        #expect(JSONComparison.compare(a, a, tolerance: .exact).total == 0)
    }

    @Test func tableCellsAreComparedWithTolerance() {
        let old = "source,flux,\"note, quoted\"\nA,1.0,x\nB,2.0,y\n"
        let new = "source,flux,\"note, quoted\"\nA,1.0000000000001,x\nB,2.5,\"y\"\"z\"\n"
        let t = TableComparison.compare(old: old, new: new + "C,3,z\n", tolerance: .standard)
        #expect(t.cells.map(\.description) == ["row 2, flux: 2.0 -> 2.5", "row 2, note, quoted: y -> y\"z"])
        #expect(t.oldRows == 3 && t.newRows == 4)
    }
}

@Suite struct ProseComparisonTests {
    @Test func reportsChangedParagraphsAfterNumberSubstitution() {
        let old = "<html><head><style>p{}</style></head><body><h1>Results</h1><p>The fit gives <span title=\"key a\">TS = 5.8</span>.</p><p>Unchanged &amp; same.</p></body></html>"
        let new = "<html><head><style>p{}</style></head><body><h1>Results</h1><p>The fit gives <span title=\"key b\">TS = 6.1</span>.</p><p>Unchanged &amp; same.</p></body></html>"
        #expect(ProseComparison.compare(oldHTML: old, newHTML: new) == ["- The fit gives TS = 5.8.", "+ The fit gives TS = 6.1."])
        #expect(ProseComparison.compare(oldHTML: old, newHTML: old.replacingOccurrences(of: "key a", with: "key c")).isEmpty)
        #expect(ProseComparison.visibleLines(old) == ["Results", "The fit gives TS = 5.8.", "Unchanged & same."])
    }
}

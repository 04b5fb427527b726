import Testing
import Foundation
@testable import FolioPlot

@Suite struct TicksTests {
    func majors(_ t: [Tick]) -> [Double] { t.filter(\.isMajor).map(\.value) }
    func labels(_ t: [Tick]) -> [String] { t.compactMap(\.label) }
    func minors(_ t: [Tick]) -> [Double] { t.filter { !$0.isMajor }.map(\.value) }

    @Test func linearZeroToTen() {
        let t = Ticks.linear(lo: 0, hi: 10, maxCount: 6)
        #expect(majors(t) == [0, 2, 4, 6, 8, 10])
        #expect(labels(t) == ["0", "2", "4", "6", "8", "10"])
        // Step 2: four minor divisions (three minor ticks per interval), at 0.5 spacing.
        #expect(minors(t).count == 15)
        #expect(abs(minors(t)[0] - 0.5) < 1e-12)
    }

    @Test func linearNegativeRangeUsesTrueMinus() {
        let t = Ticks.linear(lo: -1.3, hi: 2.7, maxCount: 5)
        #expect(majors(t) == [-1, 0, 1, 2])
        #expect(labels(t) == ["\u{2212}1", "0", "1", "2"])
    }

    @Test func linearDecimalsFollowTheStep() {
        let t = Ticks.linear(lo: 0, hi: 1, maxCount: 5)
        #expect(labels(t) == ["0.00", "0.25", "0.50", "0.75", "1.00"])
        let u = Ticks.linear(lo: 0.12, hi: 0.57, maxCount: 10)
        #expect(labels(u) == ["0.15", "0.20", "0.25", "0.30", "0.35", "0.40", "0.45", "0.50", "0.55"])
    }

    @Test func linearLargeValuesUseScientificLabels() {
        let t = Ticks.linear(lo: 0, hi: 1e6, maxCount: 6)
        #expect(majors(t) == [0, 2e5, 4e5, 6e5, 8e5, 1e6])
        #expect(labels(t) == ["0", "2×10<sup>5</sup>", "4×10<sup>5</sup>", "6×10<sup>5</sup>", "8×10<sup>5</sup>", "1×10<sup>6</sup>"])
    }

    @Test func stepIsTheSmallestNiceStepThatFits() {
        #expect(Ticks.linearStep(lo: 0, hi: 100, maxCount: 11) == 10)
        #expect(Ticks.linearStep(lo: 0, hi: 100, maxCount: 10) == 20)
        #expect(Ticks.linearStep(lo: 0, hi: 100, maxCount: 5) == 25)
        #expect(Ticks.linearStep(lo: 0.001, hi: 0.0042, maxCount: 4) == 0.001)
    }

    @Test func logThreeDecades() {
        let t = Ticks.log(lo: 1, hi: 1000, maxCount: 10)
        #expect(majors(t) == [1, 10, 100, 1000])
        #expect(labels(t) == ["10<sup>0</sup>", "10<sup>1</sup>", "10<sup>2</sup>", "10<sup>3</sup>"])
        #expect(minors(t).count == 24)
        #expect(minors(t).prefix(3).map { ($0 * 1e9).rounded() / 1e9 } == [2, 3, 4])
    }

    @Test func logManyDecadesThinsLabels() {
        let t = Ticks.log(lo: 1e-3, hi: 1e12, maxCount: 6)
        #expect(labels(t) == ["10<sup>\u{2212}3</sup>", "10<sup>0</sup>", "10<sup>3</sup>", "10<sup>6</sup>", "10<sup>9</sup>", "10<sup>12</sup>"])
        // Unlabelled decade ticks remain as minors; no 2…9 sub-ticks.
        #expect(minors(t).count == 10)
    }

    @Test func logLessThanTwoDecadesLabelsMinors() {
        let t = Ticks.log(lo: 2, hi: 30, maxCount: 8)
        #expect(labels(t) == ["2×10<sup>0</sup>", "3×10<sup>0</sup>", "5×10<sup>0</sup>", "10<sup>1</sup>", "2×10<sup>1</sup>", "3×10<sup>1</sup>"])
        let u = Ticks.log(lo: 2, hi: 30, maxCount: 4)
        #expect(labels(u) == ["2×10<sup>0</sup>", "5×10<sup>0</sup>", "10<sup>1</sup>", "2×10<sup>1</sup>"])
        // No decade inside: the sub-decade ticks carry all labels.
        let v = Ticks.log(lo: 0.55, hi: 0.95, maxCount: 3)
        #expect(!labels(v).isEmpty && labels(v).count <= 3)
        #expect(v.filter(\.isMajor).allSatisfy { $0.value >= 0.55 && $0.value <= 0.95 })
    }

    /// For many awkward ranges and axis lengths, the chosen labels never overlap (measured with
    /// the real font) and at least one label is shown.
    @Test func labelsNeverOverlap() {
        let (canvas, release) = Canvas.measuring()
        defer { release() }
        let measure: (String) -> (width: Double, height: Double) = { s in
            let b = canvas.text(s, size: 10); return (b.width, b.height)
        }
        let linear: [(Double, Double)] = [(0, 1e-7), (-3.3e5, 1.2e6), (0.999, 1.001), (123_456, 123_457),
                                           (-1, 1), (0, 7), (-0.0042, 0.0137), (1e9, 3e9), (-273.15, 1e4)]
        let log: [(Double, Double)] = [(1e-3, 1e12), (2, 30), (0.5, 0.9), (1e-300, 1e300), (1, 1e4)]
        for length in [60.0, 100, 180, 320, 500] {
            for horizontal in [true, false] {
                for (lo, hi) in linear {
                    let t = AxisLayout.fitTicks(lower: lo, upper: hi, scale: .linear, length: length, horizontal: horizontal, fontSize: 10, measure: measure)
                    #expect(AxisLayout.labelsFit(t, lower: lo, upper: hi, scale: .linear, length: length, horizontal: horizontal, fontSize: 10, measure: measure) || labels(t).count <= 1,
                            "linear [\(lo), \(hi)] length \(length) horizontal \(horizontal): \(labels(t))")
                    #expect(!labels(t).isEmpty, "linear [\(lo), \(hi)] has a label")
                }
                for (lo, hi) in log {
                    let t = AxisLayout.fitTicks(lower: lo, upper: hi, scale: .log10, length: length, horizontal: horizontal, fontSize: 10, measure: measure)
                    #expect(AxisLayout.labelsFit(t, lower: lo, upper: hi, scale: .log10, length: length, horizontal: horizontal, fontSize: 10, measure: measure) || labels(t).count <= 1,
                            "log [\(lo), \(hi)] length \(length) horizontal \(horizontal): \(labels(t))")
                }
            }
        }
    }

    @Test func rangesGetMatplotlibMargins() {
        var acc = RangeAccumulator()
        acc.add(0, scale: .linear); acc.add(10, scale: .linear)
        #expect(acc.resolved(scale: .linear) == AxisRange(-0.5, 10.5))
        var hist = RangeAccumulator()
        hist.addSticky(0, scale: .linear); hist.add(100, scale: .linear)
        #expect(hist.resolved(scale: .linear) == AxisRange(0, 105))
        var lg = RangeAccumulator()
        lg.add(1, scale: .log10); lg.add(1e4, scale: .log10); lg.add(-5, scale: .log10)
        let r = lg.resolved(scale: .log10)
        #expect(abs(log10(r.lower) - (-0.2)) < 1e-12 && abs(log10(r.upper) - 4.2) < 1e-12)
    }
}

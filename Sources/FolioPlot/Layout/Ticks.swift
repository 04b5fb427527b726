import Foundation

/// A tick on an axis: its data value and, for major ticks, its label (Pango markup).
struct Tick: Equatable {
    var value: Double
    var label: String?
    var isMajor: Bool { label != nil }
}

/// Tick placement for linear and log10 axes, in the manner of matplotlib's MaxNLocator /
/// AutoMinorLocator and LogLocator / LogFormatterSciNotation.
enum Ticks {
    /// Mantissas of acceptable major steps (× 10^k).
    static let steps: [Double] = [1, 2, 2.5, 5, 10]

    /// The smallest "nice" step s = m·10^k (m in ``steps``) such that at most `maxCount` multiples
    /// of s fall inside [lo, hi].
    static func linearStep(lo: Double, hi: Double, maxCount: Int) -> Double {
        let span = hi - lo
        guard span > 0, maxCount >= 1 else { return max(abs(lo), 1) }
        let raw = span / Double(max(1, maxCount))
        var k = floor(log10(raw)) - 1
        while true {
            for m in steps {
                let s = m * pow(10, k)
                let n = Int(floor(hi / s + 1e-9) - ceil(lo / s - 1e-9)) + 1
                if n <= maxCount { return s }
            }
            k += 1
        }
    }

    /// Major ticks (multiples of the step inside [lo, hi]) with labels, and minor ticks
    /// (5 subdivisions for steps 1·10^k, 2.5·10^k and 5·10^k, 4 for 2·10^k).
    static func linear(lo: Double, hi: Double, maxCount: Int) -> [Tick] {
        let step = linearStep(lo: lo, hi: hi, maxCount: maxCount)
        let first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9)
        guard first <= last else { return [] }
        let mantissa = (step / pow(10, floor(log10(step)))).rounded(toPlaces: 6)
        let format = LinearFormat(step: step, maxMagnitude: max(abs(lo), abs(hi)))
        var ticks: [Tick] = []
        let minorDivisions = mantissa == 2 ? 4 : 5
        let minorStep = step / Double(minorDivisions)
        for i in Int(first - 1)...Int(last + 1) {
            let v = Double(i) * step
            if Double(i) >= first && Double(i) <= last {
                ticks.append(Tick(value: v == 0 ? 0 : v, label: format.label(v)))
            }
            for j in 1..<minorDivisions {
                let m = v + Double(j) * minorStep
                if m >= lo - 1e-12 * abs(step) && m <= hi + 1e-12 * abs(step) { ticks.append(Tick(value: m, label: nil)) }
            }
        }
        return ticks.sorted { $0.value < $1.value }
    }

    /// Log ticks on [lo, hi] (both > 0): majors at 10^k every `stride` decades (stride chosen so that
    /// at most `maxCount` are labelled), minors at 2…9 × 10^k when stride is 1. When fewer than two
    /// decades are visible, the 2× and 5× minors get labels too, so the axis is always readable.
    static func log(lo: Double, hi: Double, maxCount: Int) -> [Tick] {
        let kLo = Int(ceil(log10(lo) - 1e-9)), kHi = Int(floor(log10(hi) + 1e-9))
        let decades = max(0, kHi - kLo + 1)
        var stride = 1
        while decades > 0 && (decades + stride - 1) / stride > max(1, maxCount) { stride += 1 }
        var ticks: [Tick] = []
        let fLo = Int(floor(log10(lo))), fHi = Int(ceil(log10(hi)))
        // With fewer than two labelled decades, some sub-decade ticks get labels too: the densest
        // of these mantissa sets whose label count stays within maxCount (but at least one label).
        var labelled: Set<Int> = []
        if decades < 2 {
            let sets: [Set<Int>] = decades == 0 ? [[2, 3, 4, 5, 6, 7, 8, 9], [2, 3, 5, 7], [2, 5], [5], [3], []] : [[2, 3, 5], [2, 5], [5], []]
            func count(_ set: Set<Int>) -> Int {
                var n = decades
                for k in fLo...fHi { for m in set where Double(m) * pow(10, Double(k)) >= lo * (1 - 1e-12) && Double(m) * pow(10, Double(k)) <= hi * (1 + 1e-12) { n += 1 } }
                return n
            }
            labelled = sets.first { count($0) <= max(1, maxCount) && count($0) >= 1 } ?? []
        }
        for k in fLo...fHi {
            let base = pow(10, Double(k))
            if k >= kLo && k <= kHi && (k - kLo) % stride == 0 {
                ticks.append(Tick(value: base, label: powerOfTen(k)))
            } else if stride > 1 && k >= kLo && k <= kHi {
                ticks.append(Tick(value: base, label: nil))
            }
            if stride == 1 {
                for m in 2...9 {
                    let v = Double(m) * base
                    guard v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) else { continue }
                    ticks.append(Tick(value: v, label: labelled.contains(m) ? "\(m)×" + powerOfTen(k) : nil))
                }
            }
        }
        return ticks.sorted { $0.value < $1.value }
    }

    /// "10<sup>k</sup>" with a true minus sign.
    static func powerOfTen(_ k: Int) -> String {
        "10<sup>" + (k < 0 ? "\u{2212}\(-k)" : "\(k)") + "</sup>"
    }
}

/// Labels for linear ticks: the fewest decimals that tell neighbouring ticks apart; when the
/// values reach 10⁵ in magnitude or the step is below 10⁻³, each label is written m×10^k with its
/// own exponent. Negative numbers use U+2212 (a true minus sign).
struct LinearFormat {
    let step: Double
    let scientific: Bool
    let decimals: Int

    init(step: Double, maxMagnitude: Double) {
        self.step = step
        scientific = maxMagnitude >= 1e5 || step < 1e-3
        decimals = Self.decimals(for: step)
    }

    /// Decimals needed to write `v` exactly (up to 10 significant digits).
    static func decimals(for v: Double) -> Int {
        var d = 0
        while d < 12 {
            let scaled = abs(v) * pow(10, Double(d))
            if abs(scaled.rounded() - scaled) <= 1e-6 * max(1, scaled) { break }
            d += 1
        }
        return d
    }

    func label(_ v: Double) -> String {
        if abs(v) < step * 1e-9 { return scientific ? "0" : number(0, decimals) }
        if scientific {
            let k = Int(floor(log10(abs(v)) + 1e-12))
            let m = v / pow(10, Double(k))
            let mr = (m * 1e9).rounded() / 1e9
            return number(mr, min(3, Self.decimals(for: mr))) + "×" + Ticks.powerOfTen(k)
        }
        return number(v, decimals)
    }

    private func number(_ v: Double, _ d: Int) -> String {
        let s = String(format: "%.\(d)f", abs(v))
        return v < 0 ? "\u{2212}" + s : s
    }
}

extension Double {
    func rounded(toPlaces p: Int) -> Double {
        let f = pow(10, Double(p))
        return (self * f).rounded() / f
    }
}

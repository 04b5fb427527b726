import Foundation

/// Maps data values on one axis to device coordinates, linearly in the axis' scale.
struct ScaleTransform {
    var scale: AxisScale
    var lower: Double
    var upper: Double
    /// Device coordinates of `lower` and `upper` (for a y axis `start` is the bottom).
    var start: Double
    var end: Double

    @inline(__always)
    func t(_ v: Double) -> Double { scale == .log10 ? Foundation.log10(v) : v }

    @inline(__always)
    func callAsFunction(_ v: Double) -> Double {
        let a = t(lower), b = t(upper)
        return start + (t(v) - a) / (b - a) * (end - start)
    }

    /// Normalised position in [0, 1] of v in the range (used by colour scales).
    func unit(_ v: Double) -> Double {
        let a = t(lower), b = t(upper)
        return (t(v) - a) / (b - a)
    }
}

/// Data range of an axis: fixed, or the data's extent with matplotlib's 5% margins (in the
/// axis' scale); histograms and heat maps pin their edges ("sticky" edges: no margin there).
struct RangeAccumulator {
    var lo = Double.infinity
    var hi = -Double.infinity
    var stickyMin = Double.infinity
    var stickyMax = -Double.infinity

    mutating func add(_ v: Double, scale: AxisScale) {
        guard v.isFinite, scale == .linear || v > 0 else { return }
        lo = Swift.min(lo, v); hi = Swift.max(hi, v)
    }

    mutating func addSticky(_ v: Double, scale: AxisScale) {
        guard v.isFinite, scale == .linear || v > 0 else { return }
        add(v, scale: scale)
        stickyMin = Swift.min(stickyMin, v); stickyMax = Swift.max(stickyMax, v)
    }

    mutating func merge(_ o: RangeAccumulator) {
        lo = Swift.min(lo, o.lo); hi = Swift.max(hi, o.hi)
        stickyMin = Swift.min(stickyMin, o.stickyMin); stickyMax = Swift.max(stickyMax, o.stickyMax)
    }

    /// The final range: margins of 5% on non-sticky sides; a degenerate range is widened.
    func resolved(scale: AxisScale) -> AxisRange {
        guard lo.isFinite && hi.isFinite else { return scale == .log10 ? AxisRange(1, 10) : AxisRange(0, 1) }
        let stickyLo = stickyMin <= lo, stickyHi = stickyMax >= hi
        if scale == .log10 {
            var a = Foundation.log10(lo), b = Foundation.log10(hi)
            if a == b { a -= 0.5; b += 0.5 }
            let m = 0.05 * (b - a)
            return AxisRange(pow(10, stickyLo ? a : a - m), pow(10, stickyHi ? b : b + m))
        }
        var a = lo, b = hi
        if a == b { let d = a == 0 ? 0.5 : abs(a) * 0.05; a -= d; b += d }
        let m = 0.05 * (b - a)
        return AxisRange(stickyLo ? a : a - m, stickyHi ? b : b + m)
    }
}

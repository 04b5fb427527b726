import Foundation

/// Style constants, matching matplotlib's defaults (rcParams) in points.
enum Style {
    static let spineWidth = 0.8
    static let majorTickLength = 3.5
    static let majorTickWidth = 0.8
    static let minorTickLength = 2.0
    static let minorTickWidth = 0.6
    static let tickPad = 3.5
    static let labelPad = 4.0
    static let outerPad = 6.0
    static let textColor = Color(hex: 0x000000)
    static let gridColor = Color(hex: 0xB0B0B0)
}

/// Ticks for one axis, chosen so that their labels never overlap.
enum AxisLayout {
    /// Picks the densest tick set (at most matplotlib's ~`length / (3 × font size)` labels) whose
    /// labels keep a gap of at least 0.5 font size (along x) or 0.2 font size (along y).
    /// `horizontal` is true for an axis running left to right.
    static func fitTicks(lower: Double, upper: Double, scale: AxisScale, length: Double, horizontal: Bool,
                         fontSize: Double, measure: (String) -> (width: Double, height: Double)) -> [Tick] {
        let per = horizontal ? 3.0 : 2.0
        let start = max(2, min(11, Int(length / (fontSize * per)) + 1))
        var last: [Tick] = []
        for maxCount in stride(from: start, through: 1, by: -1) {
            let ticks = scale == .log10
                ? Ticks.log(lo: lower, hi: upper, maxCount: maxCount)
                : Ticks.linear(lo: lower, hi: upper, maxCount: maxCount)
            last = ticks
            if labelsFit(ticks, lower: lower, upper: upper, scale: scale, length: length, horizontal: horizontal,
                         fontSize: fontSize, measure: measure) { return ticks }
        }
        return last
    }

    /// True when consecutive labels, centred on their ticks, leave the required gap.
    static func labelsFit(_ ticks: [Tick], lower: Double, upper: Double, scale: AxisScale, length: Double,
                          horizontal: Bool, fontSize: Double, measure: (String) -> (width: Double, height: Double)) -> Bool {
        let t = ScaleTransform(scale: scale, lower: lower, upper: upper, start: 0, end: length)
        let gap = horizontal ? 0.5 * fontSize : 0.2 * fontSize
        var previousEnd = -Double.infinity
        for tick in ticks {
            guard let label = tick.label else { continue }
            let size = measure(label)
            let extent = horizontal ? size.width : size.height
            let centre = t(tick.value)
            if centre - extent / 2 < previousEnd + gap { return false }
            previousEnd = centre + extent / 2
        }
        return true
    }
}

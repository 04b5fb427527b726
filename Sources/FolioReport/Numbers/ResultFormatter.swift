import Foundation
import FolioModel

/// A number to print: a central value with an optional asymmetric interval, or an upper limit.
/// Both ``ResultValue`` (from results) and ``PublishedValue`` (from the literature) become one.
public struct Quantity: Hashable, Sendable {
    public var value: Double?
    public var minus: Double?
    public var plus: Double?
    public var upperLimit: Double?
    public var confidenceLevel: Double?
    public var unit: PhysicalUnit
    public var kind: ResultKind

    public init(value: Double?, minus: Double? = nil, plus: Double? = nil, upperLimit: Double? = nil,
                confidenceLevel: Double? = nil, unit: PhysicalUnit, kind: ResultKind = .quantity) {
        self.value = value
        self.minus = minus
        self.plus = plus
        self.upperLimit = upperLimit
        self.confidenceLevel = confidenceLevel
        self.unit = unit
        self.kind = kind
    }

    public init(_ result: ResultValue) {
        self.init(value: result.value, minus: result.minus, plus: result.plus, upperLimit: result.upperLimit,
                  confidenceLevel: result.confidenceLevel, unit: result.unit, kind: result.kind)
    }

    public init(_ published: PublishedValue, unit: PhysicalUnit, kind: ResultKind) {
        self.init(value: published.value, minus: published.minus, plus: published.plus,
                  upperLimit: published.upperLimit, confidenceLevel: published.confidenceLevel,
                  unit: unit, kind: kind)
    }
}

/// Writes quantities the way a physics paper does.
///
/// - With an uncertainty, the digits follow the PDG rule applied to the smaller of the two
///   uncertainties ("2.2 +0.5/−0.4"); equal rounded uncertainties collapse to "±".
/// - One power of ten is factored out of value and uncertainties together when the value is
///   below 10⁻³ or from 10⁴ on: "(2.2 ± 0.4) × 10⁻¹¹".
/// - An upper limit keeps two significant digits and states its confidence level:
///   "< 3.1 × 10⁻¹¹ (90% CL)".
/// - Without an uncertainty the kind decides: significances one decimal ("4.7σ"), p-values two
///   significant digits, counts as integers, test statistics one decimal, other values three
///   significant digits.
public enum ResultFormatter {
    /// Formats `quantity`; `includeUnit` is false in table cells, where the unit is in the header.
    public static func format(_ quantity: Quantity, style: NumberStyle = .automatic,
                              includeUnit: Bool = true) -> FormattedNumber {
        var runs: [FormattedNumber.Run]
        if let limit = quantity.upperLimit {
            runs = [.text("< ")] + scaled(limit, uncertainties: [], style: style, kind: .flux, isLimit: true)
        } else if let value = quantity.value {
            // A zero on one side is real (an interval ending at a physical boundary, e.g. nₛ = 0):
            // "0 +18 −0", not "0 ± 18". A missing side mirrors the other.
            let minus = style.showsUncertainty ? quantity.minus.flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } : nil
            let plus = style.showsUncertainty ? quantity.plus.flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } : nil
            var uncertainties = [plus ?? minus, minus ?? plus].compactMap { $0 }
            if uncertainties.allSatisfy({ $0 == 0 }) { uncertainties = [] }
            runs = scaled(value, uncertainties: uncertainties, style: style, kind: quantity.kind, isLimit: false)
        } else {
            return FormattedNumber(runs: [.text("—")])
        }
        if includeUnit && style.showsUnit && !UnitFormatting.isDimensionless(quantity.unit) {
            if !UnitFormatting.isAttached(quantity.unit) { runs.append(.text("\u{00A0}")) }
            runs += UnitFormatting.runs(quantity.unit)
        }
        if quantity.upperLimit != nil, let cl = quantity.confidenceLevel {
            runs.append(.text(" (\(PDGRounding.string(cl * 100, decimals: cl * 100 == (cl * 100).rounded() ? 0 : 1))% CL)"))
        }
        return FormattedNumber(runs: runs)
    }

    /// Value (and uncertainties, as [plus, minus]) with a common power of ten factored out.
    private static func scaled(_ value: Double, uncertainties: [Double], style: NumberStyle,
                               kind: ResultKind, isLimit: Bool) -> [FormattedNumber.Run] {
        let exponent = style.commonExponent
            ?? (kind == .count && style.notation != .scientific ? 0 : powerOfTen(for: value, style: style))
        // With a common exponent the power of ten is stated once (in the column header).
        let showsPower = exponent != 0 && style.commonExponent == nil
        let scale = pow(10, Double(-exponent))
        let v = value * scale
        let u = uncertainties.map { $0 * scale }

        let decimals: Int
        switch style.precision {
        case .decimals(let n): decimals = n
        case .significantDigits(let n):
            decimals = PDGRounding.decimals(forSignificantDigits: n, of: u.filter { $0 > 0 }.min() ?? v)
        case .automatic:
            if let smallest = u.filter({ $0 > 0 }).min() {
                decimals = PDGRounding.decimals(forUncertainty: smallest)
            } else if isLimit {
                decimals = PDGRounding.decimals(forSignificantDigits: 2, of: v)
            } else {
                decimals = defaultDecimals(for: v, kind: kind)
            }
        }
        let central = grouped(PDGRounding.string(v, decimals: decimals))
        var runs: [FormattedNumber.Run] = []
        if u.count == 2 {
            let plus = grouped(PDGRounding.string(u[0], decimals: decimals))
            let minus = grouped(PDGRounding.string(u[1], decimals: decimals))
            if plus == minus {
                let body = "\(central) ± \(plus)"
                runs.append(.text(showsPower ? "(\(body))" : body))
            } else {
                runs.append(.text(central))
                runs.append(.interval(plus: plus, minus: minus))
            }
        } else {
            runs.append(.text(central))
        }
        if showsPower {
            runs.append(.text(" × 10"))
            runs.append(.superscript(String(exponent)))
        }
        return runs
    }

    /// SI digit grouping: integer parts of five or more digits get thin spaces ("1 134 450").
    static func grouped(_ number: String) -> String {
        let sign = number.hasPrefix("-") ? "-" : ""
        let unsigned = number.dropFirst(sign.count)
        let integer = unsigned.prefix { $0.isNumber }
        guard integer.count >= 5 else { return number }
        var groups: [Substring] = []
        var end = integer.endIndex
        while end > integer.startIndex {
            let start = integer.index(end, offsetBy: -3, limitedBy: integer.startIndex) ?? integer.startIndex
            groups.insert(integer[start..<end], at: 0)
            end = start
        }
        return sign + groups.joined(separator: "\u{2009}") + unsigned.dropFirst(integer.count)
    }

    /// The power of ten a column of quantities can share, stated once in its header: when every
    /// number would be written in scientific notation and their exponents span at most two
    /// decades, the smallest exponent (so values read 2.2 … 31); otherwise nil.
    public static func commonExponent(of quantities: [Quantity], style: NumberStyle) -> Int? {
        if let fixed = style.commonExponent { return fixed }
        // p-values are quoted one by one (1.2 × 10⁻⁶), never as mantissas of a shared power.
        guard style.notation != .plain, !quantities.contains(where: { $0.kind == .pValue }) else { return nil }
        let exponents = quantities.map { q -> Int in
            guard let x = q.upperLimit ?? q.value, q.kind != .count else { return 0 }
            return powerOfTen(for: x, style: style)
        }
        guard let low = exponents.min(), let high = exponents.max(), !exponents.contains(0), high - low <= 2 else {
            return nil
        }
        return low
    }

    private static func powerOfTen(for value: Double, style: NumberStyle) -> Int {
        guard value != 0, value.isFinite else { return 0 }
        let magnitude = Int(floor(log10(abs(value))))
        switch style.notation {
        case .plain: return 0
        case .scientific: return magnitude
        case .automatic: return (magnitude < -3 || magnitude >= 4) ? magnitude : 0
        }
    }

    private static func defaultDecimals(for v: Double, kind: ResultKind) -> Int {
        switch kind {
        case .significance, .testStatistic: return 1
        case .count: return 0
        case .pValue: return PDGRounding.decimals(forSignificantDigits: 2, of: v)
        case .livetime, .time: return max(0, PDGRounding.decimals(forSignificantDigits: 4, of: v))
        case .quantity, .flux, .fitParameter:
            return PDGRounding.decimals(forSignificantDigits: kind == .flux ? 2 : 3, of: v)
        }
    }
}

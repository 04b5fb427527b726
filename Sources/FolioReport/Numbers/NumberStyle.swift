/// How one number is written: precision, notation and whether its unit and uncertainty are shown.
///
/// In prose, a style follows a bar inside the braces, options separated by commas:
/// `{{ results.fit.ts | decimals: 2 }}`, `{{ results.fit.flux | digits: 3, sci }}`,
/// `{{ results.fit.gamma | value, nounit }}`.
///
/// | option        | meaning                                                              |
/// |---------------|----------------------------------------------------------------------|
/// | `digits: n`   | n significant digits (of the smaller uncertainty if there is one)    |
/// | `decimals: n` | n digits after the point (of the mantissa in scientific notation)    |
/// | `sci`/`plain` | force scientific (× 10ⁿ) or plain notation                            |
/// | `nounit`      | omit the unit                                                        |
/// | `value`       | omit the uncertainty, print the central value only                   |
public struct NumberStyle: Codable, Hashable, Sendable {
    public enum Precision: Codable, Hashable, Sendable {
        /// The PDG rule from the uncertainty; without one, a default by the result's kind.
        case automatic
        case significantDigits(Int)
        case decimals(Int)
    }

    public enum Notation: String, Codable, Hashable, Sendable {
        /// Scientific below 10⁻³ and from 10⁴ on, plain between.
        case automatic
        case plain
        case scientific
    }

    public var precision: Precision
    public var notation: Notation
    public var showsUnit: Bool
    public var showsUncertainty: Bool
    /// A power of ten factored out and stated elsewhere (a table column's header); numbers are
    /// then written as mantissas without "× 10ⁿ". Tables choose it themselves when it helps.
    public var commonExponent: Int?

    public init(precision: Precision = .automatic, notation: Notation = .automatic,
                showsUnit: Bool = true, showsUncertainty: Bool = true, commonExponent: Int? = nil) {
        self.precision = precision
        self.notation = notation
        self.showsUnit = showsUnit
        self.showsUncertainty = showsUncertainty
        self.commonExponent = commonExponent
    }

    public static let automatic = NumberStyle()

    /// Parses the options after the bar in `{{ results.x.y | … }}`; the error names the bad option.
    public static func parse(_ text: String) throws(NumberStyleError) -> NumberStyle {
        var style = NumberStyle()
        for rawOption in text.split(separator: ",") {
            let option = rawOption.trimmingCharacters(in: .whitespaces)
            if option.isEmpty { continue }
            let parts = option.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            switch (parts[0], parts.count) {
            case ("digits", 2), ("decimals", 2):
                guard let n = Int(parts[1]), (parts[0] == "digits" ? 1...15 : 0...15).contains(n) else {
                    throw NumberStyleError(option: option)
                }
                style.precision = parts[0] == "digits" ? .significantDigits(n) : .decimals(n)
            case ("sci", 1): style.notation = .scientific
            case ("plain", 1): style.notation = .plain
            case ("nounit", 1): style.showsUnit = false
            case ("value", 1): style.showsUncertainty = false
            default: throw NumberStyleError(option: option)
            }
        }
        return style
    }
}

/// An option in `{{ results.x.y | … }}` that ``NumberStyle/parse(_:)`` does not know.
public struct NumberStyleError: Error, Hashable, Sendable {
    public var option: String
}

import FolioModel
import Foundation

// JSON: `"automatic"`, `{"significantDigits": 2}`, `{"decimals": 1}` (see `TaggedCase`).
extension NumberStyle.Precision {
    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: ["automatic", "significantDigits", "decimals"])
        switch tagged.name {
        case "automatic": self = .automatic
        case "significantDigits": self = .significantDigits(try tagged.value(Int.self))
        default: self = .decimals(try tagged.value(Int.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .automatic: try TaggedCase.encode("automatic", to: encoder)
        case .significantDigits(let n): try TaggedCase.encode("significantDigits", n, to: encoder)
        case .decimals(let n): try TaggedCase.encode("decimals", n, to: encoder)
        }
    }
}

/// One number that a step reports, as it appears in `results.json`.
///
/// Every number in a report is read from one of these (never typed into prose by hand), so each
/// carries its unit and, once the runner has recorded it, the step and cache key that produced it.
///
/// A measured value has `value` and optionally an asymmetric interval `minus`/`plus` (both
/// positive distances from `value`). An upper limit has `upperLimit` and `confidenceLevel` and may
/// also carry the best-fit `value`.
///
/// ```swift
/// context.record("flux100TeV", ResultValue(2.1e-18, unit: .perGeVcm2sSr, minus: 0.4e-18, plus: 0.5e-18,
///                                          kind: .flux))
/// ```
public struct ResultValue: Codable, Hashable, Sendable {
    public var value: Double?
    public var unit: PhysicalUnit
    public var minus: Double?
    public var plus: Double?
    public var upperLimit: Double?
    public var confidenceLevel: Double?
    public var kind: ResultKind
    /// Filled in by the runner: the step that produced the number and that step's cache key.
    public var step: String?
    public var key: String?

    public init(_ value: Double?, unit: PhysicalUnit, minus: Double? = nil, plus: Double? = nil,
                upperLimit: Double? = nil, confidenceLevel: Double? = nil, kind: ResultKind = .quantity) {
        self.value = value
        self.unit = unit
        self.minus = minus
        self.plus = plus
        self.upperLimit = upperLimit
        self.confidenceLevel = confidenceLevel
        self.kind = kind
    }

    /// An upper limit at confidence level `cl` (e.g. 0.9), optionally with the best fit beside it.
    public static func upperLimit(_ limit: Double, unit: PhysicalUnit, confidenceLevel cl: Double,
                                  bestFit: Double? = nil, kind: ResultKind = .flux) -> ResultValue {
        ResultValue(bestFit, unit: unit, upperLimit: limit, confidenceLevel: cl, kind: kind)
    }
}

/// What a reported number is; the report and `folio diff` choose formatting and tolerances by it.
public enum ResultKind: String, Codable, Hashable, Sendable, CaseIterable {
    case quantity, count, significance, pValue, testStatistic, flux, fitParameter, livetime, time
}

/// Units come from one small vocabulary so that tables, diffs and tolerances can rely on them.
///
/// Strings follow the field's notation: `GeV^-1 cm^-2 s^-1` means GeV⁻¹ cm⁻² s⁻¹.
public struct PhysicalUnit: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// Whether `rawValue` belongs to the fixed vocabulary below.
    public var isKnown: Bool { Self.vocabulary.contains(self) }

    public static let dimensionless = PhysicalUnit("1")
    public static let events = PhysicalUnit("events")
    public static let trials = PhysicalUnit("trials")
    public static let sigma = PhysicalUnit("sigma")
    public static let degrees = PhysicalUnit("deg")
    public static let radians = PhysicalUnit("rad")
    public static let steradian = PhysicalUnit("sr")
    public static let GeV = PhysicalUnit("GeV")
    public static let TeV = PhysicalUnit("TeV")
    public static let days = PhysicalUnit("days")
    public static let seconds = PhysicalUnit("s")
    public static let squareCentimetres = PhysicalUnit("cm^2")
    public static let squareMetres = PhysicalUnit("m^2")
    /// Differential flux dN/dE.
    public static let perGeVcm2s = PhysicalUnit("GeV^-1 cm^-2 s^-1")
    /// Differential diffuse intensity dN/dE per solid angle.
    public static let perGeVcm2sSr = PhysicalUnit("GeV^-1 cm^-2 s^-1 sr^-1")
    /// E² dN/dE of a point source, as the field quotes it.
    public static let TeVcm2s = PhysicalUnit("TeV cm^-2 s^-1")
    /// E² dN/dE of a diffuse intensity.
    public static let GeVcm2sSr = PhysicalUnit("GeV cm^-2 s^-1 sr^-1")
    /// E² dN/dE integrated over a region.
    public static let GeVcm2s = PhysicalUnit("GeV cm^-2 s^-1")
    public static let perCm2s = PhysicalUnit("cm^-2 s^-1")

    public static let vocabulary: Set<PhysicalUnit> = [
        dimensionless, events, trials, sigma, degrees, radians, steradian, GeV, TeV, days, seconds,
        squareCentimetres, squareMetres, perGeVcm2s, perGeVcm2sSr, TeVcm2s, GeVcm2sSr, GeVcm2s, perCm2s,
    ]
}

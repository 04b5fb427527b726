import Foundation

/// A per-event quantity a selection can cut on, in the units of the public IceCube event files.
public enum EventVariable: String, Codable, Hashable, Sendable, CaseIterable {
    /// log10 of the reconstructed energy proxy in GeV.
    case log10Energy
    /// Declination in degrees (J2000).
    case declination
    /// sin(declination).
    case sinDeclination
    /// Right ascension in degrees (J2000).
    case rightAscension
    /// Estimated angular uncertainty in degrees.
    case angularError
    /// Modified Julian Date of the event (days).
    case mjd
}

/// A declarative event selection: a small typed expression, never opaque code, so that it can be
/// hashed into the cache key, printed in the methods appendix and diffed between builds.
///
/// ```swift
/// let cuts: Cut = .log10Energy >= 3 && .interval(.declination, -5...81) && .angularError <= 5
/// let box: Cut = .cone(ra: 77.36, dec: 5.69, radius: 10)     // degrees
/// ```
public indirect enum Cut: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Always true: no selection.
    case all
    /// `lower <= variable <= upper`; either bound may be absent.
    case range(EventVariable, lower: Double?, upper: Double?)
    /// Events within `radius` degrees of (ra, dec) in degrees.
    case cone(ra: Double, dec: Double, radius: Double)
    case and([Cut])
    case or([Cut])
    case not(Cut)

    public var description: String {
        func num(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
        switch self {
        case .all: return "all events"
        case .range(let v, let lo?, let hi?): return "\(num(lo)) ≤ \(v.rawValue) ≤ \(num(hi))"
        case .range(let v, let lo?, nil): return "\(v.rawValue) ≥ \(num(lo))"
        case .range(let v, nil, let hi?): return "\(v.rawValue) ≤ \(num(hi))"
        case .range(let v, nil, nil): return "any \(v.rawValue)"
        case .cone(let ra, let dec, let r): return "within \(num(r))° of (RA \(num(ra))°, Dec \(num(dec))°)"
        case .and(let cuts): return cuts.map { "(\($0))" }.joined(separator: " and ")
        case .or(let cuts): return cuts.map { "(\($0))" }.joined(separator: " or ")
        case .not(let c): return "not (\(c))"
        }
    }

    /// Whether one event passes. `value` returns the event's value of a variable in the units above.
    public func accepts(_ value: (EventVariable) -> Double) -> Bool {
        switch self {
        case .all: return true
        case .range(let v, let lo, let hi):
            let x = value(v)
            if let lo, x < lo { return false }
            if let hi, x > hi { return false }
            return !x.isNaN
        case .cone(let ra, let dec, let radius):
            let d2r = Double.pi / 180
            let cosDistance = sin(dec * d2r) * sin(value(.declination) * d2r)
                + cos(dec * d2r) * cos(value(.declination) * d2r) * cos((value(.rightAscension) - ra) * d2r)
            return cosDistance >= cos(radius * d2r)
        case .and(let cuts): return cuts.allSatisfy { $0.accepts(value) }
        case .or(let cuts): return cuts.contains { $0.accepts(value) }
        case .not(let c): return !c.accepts(value)
        }
    }

    /// Problems with the cut's own numbers (e.g. a lower bound above the upper bound), each a sentence.
    public var problems: [String] {
        switch self {
        case .all: return []
        case .range(let v, let lo?, let hi?) where lo > hi:
            return ["cut on \(v.rawValue): lower bound \(lo) is above upper bound \(hi)"]
        case .range: return []
        case .cone(_, let dec, let r):
            var p: [String] = []
            if abs(dec) > 90 { p.append("cone: declination \(dec)° is outside [-90°, 90°]") }
            if r <= 0 || r > 180 { p.append("cone: radius \(r)° is outside (0°, 180°]") }
            return p
        case .and(let cuts), .or(let cuts): return cuts.flatMap(\.problems)
        case .not(let c): return c.problems
        }
    }
}

// MARK: - Operators that build cuts

extension Cut {
    /// `lower <= variable <= upper`, e.g. `.interval(.declination, -5...81)`.
    public static func interval(_ variable: EventVariable, _ range: ClosedRange<Double>) -> Cut {
        .range(variable, lower: range.lowerBound, upper: range.upperBound)
    }
}

public func >= (variable: EventVariable, bound: Double) -> Cut { .range(variable, lower: bound, upper: nil) }
public func <= (variable: EventVariable, bound: Double) -> Cut { .range(variable, lower: nil, upper: bound) }
public func && (lhs: Cut, rhs: Cut) -> Cut {
    switch (lhs, rhs) {
    case (.and(let a), .and(let b)): return .and(a + b)
    case (.and(let a), _): return .and(a + [rhs])
    case (_, .and(let b)): return .and([lhs] + b)
    default: return .and([lhs, rhs])
    }
}
public func || (lhs: Cut, rhs: Cut) -> Cut { .or([lhs, rhs]) }
public prefix func ! (cut: Cut) -> Cut { .not(cut) }

// JSON: `"all"`, `{"range": {"variable": "log10Energy", "lower": 3}}`, `{"cone": {"ra": …, "dec": …,
// "radius": …}}`, `{"and": [ … ]}`, `{"or": [ … ]}`, `{"not": { … }}` (see `TaggedCase`).
extension Cut {
    private static let cases = ["all", "range", "cone", "and", "or", "not"]

    public init(from decoder: Decoder) throws {
        let tagged = try TaggedCase(decoder, cases: Self.cases)
        switch tagged.name {
        case "all": self = .all
        case "range":
            let f = try tagged.fields()
            self = .range(try f.decode(EventVariable.self, "variable", legacy: "_0"), lower: try f.decodeIfPresent(Double.self, "lower"),
                          upper: try f.decodeIfPresent(Double.self, "upper"))
        case "cone":
            let f = try tagged.fields()
            self = .cone(ra: try f.decode(Double.self, "ra"), dec: try f.decode(Double.self, "dec"), radius: try f.decode(Double.self, "radius"))
        case "and": self = .and(try tagged.value([Cut].self))
        case "or": self = .or(try tagged.value([Cut].self))
        default: self = .not(try tagged.value(Cut.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .all: try TaggedCase.encode("all", to: encoder)
        case .range(let variable, let lower, let upper):
            var f = TaggedCase.fields("range", to: encoder)
            try f.encode(variable, "variable")
            try f.encodeIfPresent(lower, "lower")
            try f.encodeIfPresent(upper, "upper")
        case .cone(let ra, let dec, let radius):
            var f = TaggedCase.fields("cone", to: encoder)
            try f.encode(ra, "ra")
            try f.encode(dec, "dec")
            try f.encode(radius, "radius")
        case .and(let cuts): try TaggedCase.encode("and", cuts, to: encoder)
        case .or(let cuts): try TaggedCase.encode("or", cuts, to: encoder)
        case .not(let cut): try TaggedCase.encode("not", cut, to: encoder)
        }
    }
}

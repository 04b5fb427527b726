import FolioModel

/// How one reported number changed between two builds.
public struct ResultChange: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        /// Same bits.
        case identical
        /// Different bits, within the tolerance.
        case withinTolerance
        case changed
        case added
        case removed
        /// Unit or kind changed: never comparable.
        case redefined
    }

    public var key: String
    public var status: Status
    public var old: ResultValue?
    public var new: ResultValue?
    public var tolerance: Tolerance
    /// new − old of the central value (or of the upper limit when there is no central value).
    public var delta: Double?
    /// The shift in units of the old value's uncertainty ((minus + plus)/2), when it has one.
    public var sigmaShift: Double?

    public var isDifference: Bool { status != .identical && status != .withinTolerance }
}

/// Compares two `results.json` maps key by key under a tolerance policy.
public enum ResultComparison {
    public static func compare(old: [String: ResultValue], new: [String: ResultValue], policy: TolerancePolicy) -> [ResultChange] {
        Set(old.keys).union(new.keys).sorted().map { key in
            let a = old[key], b = new[key]
            let tolerance = policy.tolerance(forResult: key, unit: (b ?? a)?.unit, kind: (b ?? a)?.kind)
            guard let a else { return ResultChange(key: key, status: .added, new: b, tolerance: tolerance) }
            guard let b else { return ResultChange(key: key, status: .removed, old: a, tolerance: tolerance) }
            if a.unit != b.unit || a.kind != b.kind {
                return ResultChange(key: key, status: .redefined, old: a, new: b, tolerance: tolerance)
            }
            let pairs: [(Double?, Double?)] = [(a.value, b.value), (a.minus, b.minus), (a.plus, b.plus),
                                               (a.upperLimit, b.upperLimit), (a.confidenceLevel, b.confidenceLevel)]
            var identical = true, within = true
            for (x, y) in pairs {
                switch (x, y) {
                case (nil, nil): continue
                case (let x?, let y?):
                    if x.bitPattern != y.bitPattern { identical = false }
                    if !tolerance.accepts(old: x, new: y) { within = false }
                default:
                    identical = false
                    within = false
                }
            }
            let delta: Double? = {
                if let x = a.value, let y = b.value { return y - x }
                if let x = a.upperLimit, let y = b.upperLimit { return y - x }
                return nil
            }()
            var sigma: Double?
            if let delta, let m = a.minus, let p = a.plus, m + p > 0 { sigma = delta / ((m + p) / 2) }
            let status: ResultChange.Status = identical ? .identical : (within ? .withinTolerance : .changed)
            return ResultChange(key: key, status: status, old: a, new: b, tolerance: tolerance, delta: delta, sigmaShift: sigma)
        }
    }
}

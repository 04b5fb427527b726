import Foundation

/// The Particle Data Group's rule for how many digits of an uncertainty to quote
/// (PDG, "Introduction", section 5.3):
///
/// take the three leading digits of the uncertainty; from 100 to 354 keep two significant digits,
/// from 355 to 949 keep one, from 950 to 999 round up to 1000 and keep two. The central value is
/// then quoted to the same decimal place as the uncertainty.
public enum PDGRounding {
    /// The number of decimals (negative: tens, hundreds, …) that `uncertainty` should be quoted to.
    /// `uncertainty` must be positive and finite.
    public static func decimals(forUncertainty uncertainty: Double) -> Int {
        precondition(uncertainty > 0 && uncertainty.isFinite, "uncertainty must be positive and finite")
        var magnitude = Int(floor(log10(uncertainty)))
        var leading = Int((uncertainty / pow(10, Double(magnitude - 2))).rounded())
        if leading >= 1000 { // 9995 → 1000: one more order of magnitude
            magnitude += 1
            leading /= 10
        }
        switch leading {
        case ...354: return 1 - magnitude        // two significant digits
        case ...949: return -magnitude           // one significant digit
        default: return -magnitude               // rounds up to 10^(magnitude+1): two digits "1.0"
        }
    }

    /// Decimals for `digits` significant digits of `x` (x ≠ 0).
    public static func decimals(forSignificantDigits digits: Int, of x: Double) -> Int {
        guard x != 0, x.isFinite else { return max(digits - 1, 0) }
        var magnitude = Int(floor(log10(abs(x))))
        // 9.96 to 2 digits is 10, whose magnitude is one higher.
        let rounded = (abs(x) / pow(10, Double(magnitude - digits + 1))).rounded()
        if rounded >= pow(10, Double(digits)) { magnitude += 1 }
        return digits - 1 - magnitude
    }

    /// `x` rounded to `decimals` decimals and written without exponent; negative `decimals` round
    /// to tens, hundreds, …. Never prints "-0".
    public static func string(_ x: Double, decimals: Int) -> String {
        if decimals >= 0 {
            let s = String(format: "%.\(decimals)f", x)
            return isNegativeZero(s) ? String(s.dropFirst()) : s
        }
        let step = pow(10, Double(-decimals))
        let s = String(format: "%.0f", (x / step).rounded() * step)
        return isNegativeZero(s) ? String(s.dropFirst()) : s
    }

    private static func isNegativeZero(_ s: String) -> Bool {
        s.hasPrefix("-") && s.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
    }
}

import Foundation

/// Special functions needed for p-values: regularised incomplete gamma functions
/// (Numerical Recipes 3rd ed. section 6.2: series for x < a+1, Lentz continued fraction otherwise;
/// relative accuracy ~1e-14) and the inverse of the standard normal tail (Acklam's rational
/// approximation refined by one Halley step on erfc, accuracy ~1e-15).
public enum SpecialFunctions {
    /// Regularised lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a), a > 0, x >= 0.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0)
        if x == 0 { return 0 }
        return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x)
    }

    /// Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), computed without cancellation.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0 && x >= 0)
        if x == 0 { return 1 }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x)
    }

    private static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        var ap = a, sum = 1 / a, del = sum
        for _ in 0..<10_000 {
            ap += 1; del *= x / ap; sum += del
            if abs(del) < abs(sum) * 1e-16 { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    private static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }

    /// Upper tail of the standard normal, Q(z) = P(Z > z) = erfc(z / sqrt 2) / 2.
    public static func normalSurvival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Inverse of `normalSurvival`: the z with P(Z > z) = p, for 0 < p < 1.
    public static func inverseNormalSurvival(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "p-value must be in (0, 1)")
        // Acklam's approximation of the lower-tail quantile at 1-p, written in terms of p.
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let lowerP = p  // quantile of the lower tail at p equals -z
        var x: Double
        if lowerP < 0.02425 {
            let q = (-2 * log(lowerP)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if lowerP > 1 - 0.02425 {
            let q = (-2 * log(1 - lowerP)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = lowerP - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        // Halley refinement on Phi(x) - p (x is the lower-tail quantile).
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - lowerP
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return -x
    }
}

/// The chi-square distribution with `degreesOfFreedom` k > 0 (not necessarily an integer):
/// survival P(X > x) = Q(k/2, x/2).
public struct ChiSquare: Sendable {
    public let degreesOfFreedom: Double
    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0); self.degreesOfFreedom = degreesOfFreedom
    }
    /// P(X > x); 1 for x <= 0.
    public func survival(_ x: Double) -> Double {
        x <= 0 ? 1 : SpecialFunctions.regularizedGammaQ(degreesOfFreedom / 2, x / 2)
    }
    public func cdf(_ x: Double) -> Double { 1 - survival(x) }
}

import Foundation

/// A per-flavour (nu_mu + anti-nu_mu) power-law flux dN/dE = phi0 (E / 1 TeV)^-gamma with phi0 in
/// GeV^-1 cm^-2 s^-1.
public struct PowerLawFlux: Sendable, Equatable, Codable {
    /// Normalisation at 1 TeV, GeV^-1 cm^-2 s^-1.
    public var phi0: Double
    public var gamma: Double
    public init(phi0: Double, gamma: Double) { self.phi0 = phi0; self.gamma = gamma }

    /// E^2 dN/dE at `energyTeV`, in TeV cm^-2 s^-1.
    public func e2dNdE(atTeV energyTeV: Double) -> Double {
        let eGeV = energyTeV * 1000
        return eGeV * eGeV * phi0 * pow(energyTeV, -gamma) / 1000
    }
}

extension PointSourceAnalysis {
    /// Expected signal events (all seasons) per unit phi0 [GeV^-1 cm^-2 s^-1 at 1 TeV] for
    /// E^-gamma: sum over seasons and sources of weight share x A_eff x livetime x flux integral.
    /// Units: GeV cm^2 s.
    public func signalYield(gamma: Double) -> Double {
        let total = sourceWeights.reduce(0, +)
        var y = 0.0
        for m in likelihood.models {
            for k in 0..<m.sourceCount { y += sourceWeights[k] / total * m.signalYield(source: k, gamma: gamma) }
        }
        return y
    }

    /// The flux whose expected number of signal events is `ns` (ns <-> flux conversion through
    /// the exposure A_eff x livetime).
    public func flux(ns: Double, gamma: Double) -> PowerLawFlux {
        PowerLawFlux(phi0: ns / signalYield(gamma: gamma), gamma: gamma)
    }

    /// Expected number of signal events for a flux.
    public func expectedSignal(_ flux: PowerLawFlux) -> Double { flux.phi0 * signalYield(gamma: flux.gamma) }
}

import Foundation

extension SkyTemplate {
    /// The central `fraction` (e.g. 0.9) of the true neutrino energies of the signal events this
    /// template would give with spectrum E^−γ in `dataset`: the energy range the data are sensitive
    /// to, as IceCube quotes for its limits. The expected events per true-energy bin are
    /// Σ_seasons T_live Σ_pixels T(q) ΔΩ A_eff(E bin, δ_q) ∫_bin E^−γ dE; the quantiles are
    /// interpolated linearly in log₁₀E within a bin. Returns (lower, upper) in GeV.
    public func centralEnergyRange(dataset: IceCubeDataset, gamma: Double, fraction: Double = 0.9) -> (lowerGeV: Double, upperGeV: Double) {
        precondition(fraction > 0 && fraction < 1, "fraction must lie in (0, 1)")
        var edges: [Double] = [], weights: [Double] = []
        for data in dataset.seasons {
            let aeff = data.effectiveArea
            if edges.isEmpty { edges = aeff.log10EnergyEdges; weights = [Double](repeating: 0, count: aeff.energyBinCount) }
            guard aeff.log10EnergyEdges == edges else { continue }  // all public seasons share one energy binning
            var perDecBin = [Double](repeating: 0, count: aeff.decBinCount)
            for q in values.indices where values[q] > 0 {
                perDecBin[aeff.decBin(degrees: dec[q] * 180 / .pi)] += values[q]
            }
            for (j, mass) in perDecBin.enumerated() where mass > 0 {
                for i in 0..<aeff.energyBinCount where aeff.area[j][i] > 0 {
                    let lo = pow(10, edges[i]), hi = pow(10, edges[i + 1])
                    weights[i] += data.goodRuns.livetimeSeconds * mass * aeff.area[j][i] * PowerLaw.integral(gamma: gamma, e0: 1000, from: lo, to: hi)
                }
            }
        }
        let total = weights.reduce(0, +)
        precondition(total > 0, "the template gives no expected events in this dataset")
        func quantile(_ p: Double) -> Double {
            var cumulative = 0.0
            for i in weights.indices {
                let next = cumulative + weights[i] / total
                if next >= p && weights[i] > 0 {
                    let t = (p - cumulative) / (next - cumulative)
                    return pow(10, edges[i] + t * (edges[i + 1] - edges[i]))
                }
                cumulative = next
            }
            return pow(10, edges[edges.count - 1])
        }
        let tail = (1 - fraction) / 2
        return (quantile(tail), quantile(1 - tail))
    }
}

import Foundation

/// Where a neutrino telescope sits on Earth: only its geographic latitude matters for time-averaged
/// exposure (the sidereal rotation averages over right ascension).
public struct DetectorSite: Sendable, Codable, Hashable {
    public var name: String
    /// Geographic latitude φ in degrees (−90 = South Pole).
    public var latitudeDegrees: Double

    public init(name: String, latitudeDegrees: Double) {
        precondition((-90...90).contains(latitudeDegrees), "latitude must lie in [-90, 90] degrees")
        self.name = name; self.latitudeDegrees = latitudeDegrees
    }

    public static let southPole = DetectorSite(name: "South Pole", latitudeDegrees: -90)
    /// A KM3NeT/ARCA-like site off Sicily (36° 16′ N), rounded.
    public static let mediterranean = DetectorSite(name: "Mediterranean (36° N)", latitudeDegrees: 36)

    /// cos of the local zenith angle of a direction at declination δ and hour angle H:
    /// cos θ = sin φ sin δ + cos φ cos δ cos H (spherical astronomy's altitude formula).
    @inline(__always)
    public func cosZenith(decRadians: Double, hourAngleRadians: Double) -> Double {
        let phi = latitudeDegrees * .pi / 180
        return sin(phi) * sin(decRadians) + cos(phi) * cos(decRadians) * cos(hourAngleRadians)
    }

    /// The declination of a direction seen at local zenith θ and azimuth A (radians):
    /// sin δ = sin φ cos θ + cos φ sin θ cos A.
    @inline(__always)
    public func declination(zenithRadians: Double, azimuthRadians: Double) -> Double {
        let phi = latitudeDegrees * .pi / 180
        let s = sin(phi) * cos(zenithRadians) + cos(phi) * sin(zenithRadians) * cos(azimuthRadians)
        return asin(min(1, max(-1, s)))
    }
}

/// How a response tabulated in IceCube's declination bins looks from another site.
///
/// IceCube at the South Pole sees declination δ at the fixed zenith θ = 90° + δ, so its tables in
/// true declination are tables in local zenith. A detector with the same zenith response at latitude
/// φ sees a source at δ under the zenith θ(δ, H) of `DetectorSite.cosZenith` as the Earth turns; its
/// time-averaged response at δ is the average over the hour angle H of the IceCube response at
/// δ_IC = θ − 90°. `weights[j][b]` is the fraction of the sidereal day (and of declination bin j,
/// sampled at `declinationSamples` interior points) spent in IceCube's bin b, so the rotated table
/// is R[j] = Σ_b weights[j][b] T[b]; each row sums to 1. At the South Pole the matrix is the
/// identity (up to rounding of θ − 90° far from any bin edge), so the input is reproduced exactly.
public struct ResponseRotation: Sendable {
    public let site: DetectorSite
    public let decEdgesDegrees: [Double]
    /// [output declination bin][IceCube declination bin] → fraction of time.
    public let weights: [[Double]]

    public init(site: DetectorSite, decEdgesDegrees: [Double], hourAngleSteps: Int = 720, declinationSamples: Int = 8) {
        precondition(decEdgesDegrees.count >= 2 && hourAngleSteps > 0 && declinationSamples > 0)
        self.site = site; self.decEdgesDegrees = decEdgesDegrees
        let n = decEdgesDegrees.count - 1
        let bins = EffectiveArea(log10EnergyEdges: [0, 1], decEdgesDegrees: decEdgesDegrees, area: Array(repeating: [0], count: n))
        // Integer counts, divided once, so that the South Pole's identity is exact.
        let samples = Double(hourAngleSteps * declinationSamples)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for j in 0..<n {
            let lo = decEdgesDegrees[j], hi = decEdgesDegrees[j + 1]
            for s in 0..<declinationSamples {
                let dec = (lo + (hi - lo) * (Double(s) + 0.5) / Double(declinationSamples)) * .pi / 180
                for k in 0..<hourAngleSteps {
                    let h = 2 * Double.pi * (Double(k) + 0.5) / Double(hourAngleSteps)
                    let theta = acos(min(1, max(-1, site.cosZenith(decRadians: dec, hourAngleRadians: h)))) * 180 / .pi
                    counts[j][bins.decBin(degrees: theta - 90)] += 1
                }
            }
        }
        weights = counts.map { row in row.map { Double($0) / samples } }
    }

    /// Rotates a table indexed [IceCube declination bin][anything]: R[j][i] = Σ_b w[j][b] T[b][i].
    public func rotate(_ table: [[Double]]) -> [[Double]] {
        precondition(table.count == weights.count, "the table has \(table.count) declination rows, the rotation \(weights.count)")
        return weights.map { row in
            var out = [Double](repeating: 0, count: table[0].count)
            for (b, w) in row.enumerated() where w > 0 { for i in out.indices { out[i] += w * table[b][i] } }
            return out
        }
    }
}

extension EffectiveArea {
    /// This area (read as a function of local zenith θ = 90° + δ, as at the South Pole) for a
    /// detector at `site`, averaged over the sidereal day, on the same (E_ν, δ) bins. cm².
    public func rotated(to site: DetectorSite, hourAngleSteps: Int = 720, declinationSamples: Int = 8) -> EffectiveArea {
        let rotation = ResponseRotation(site: site, decEdgesDegrees: decEdgesDegrees, hourAngleSteps: hourAngleSteps,
                                        declinationSamples: declinationSamples)
        return EffectiveArea(log10EnergyEdges: log10EnergyEdges, decEdgesDegrees: decEdgesDegrees, area: rotation.rotate(area))
    }

    /// Expected events per unit time exposure to a point source: events per year for
    /// dN/dE = phi0 (E / e0)^−γ [GeV⁻¹ cm⁻² s⁻¹], at the centre of each declination bin.
    public func eventsPerYear(phi0: Double, gamma: Double, e0: Double, livetimeFraction: Double = 1) -> [Double] {
        (0..<decBinCount).map { j in
            expectedEvents(phi0: phi0, gamma: gamma, e0: e0, decDegrees: 0.5 * (decEdgesDegrees[j] + decEdgesDegrees[j + 1]),
                           livetimeSeconds: livetimeFraction * 365.25 * 86_400)
        }
    }
}

extension SmearingMatrix {
    /// The smearing matrix for a detector at `site` with IceCube's zenith response, on the same
    /// bins. A mixture of IceCube's matrices cannot be stored (inner edges differ per outer bin), so
    /// each (E_ν, δ) bin takes the whole block of the IceCube declination bin that contributes most
    /// events there: the b maximising weights[j][b] × A_eff(E_ν, b) (the hour-angle average's
    /// dominant zenith). An approximation, exact at the South Pole.
    public func rotated(to site: DetectorSite, effectiveArea: EffectiveArea, hourAngleSteps: Int = 720,
                        declinationSamples: Int = 8) -> SmearingMatrix {
        let rotation = ResponseRotation(site: site, decEdgesDegrees: trueDecEdgesDegrees, hourAngleSteps: hourAngleSteps,
                                        declinationSamples: declinationSamples)
        let nD = trueDecBinCount
        let block = recoCount * psiCount * angErrCount, psiBlock = recoCount * psiCount
        var recoLo: [Double] = [], recoHi: [Double] = [], psiLo: [Double] = [], psiHi: [Double] = []
        var aLo: [Double] = [], aHi: [Double] = [], frac: [Double] = []
        for e in 0..<trueEnergyBinCount {
            let eCentre = 0.5 * (trueLog10EnergyEdges[e] + trueLog10EnergyEdges[e + 1])
            let ea = effectiveArea.log10EnergyEdges.indices.dropLast().last { effectiveArea.log10EnergyEdges[$0] <= eCentre } ?? 0
            for j in 0..<nD {
                var best = 0, bestScore = -1.0
                for b in 0..<nD where rotation.weights[j][b] > 0 {
                    let dec = 0.5 * (trueDecEdgesDegrees[b] + trueDecEdgesDegrees[b + 1])
                    // Tiny tie-breaker by time share, so a row with zero area still picks its main zenith.
                    let score = rotation.weights[j][b] * (effectiveArea.area[effectiveArea.decBin(degrees: dec)][ea] + 1e-9)
                    if score > bestScore { bestScore = score; best = b }
                }
                let o = outerIndex(e, best)
                recoLo += recoLower[o * recoCount..<(o + 1) * recoCount]
                recoHi += recoUpper[o * recoCount..<(o + 1) * recoCount]
                psiLo += psiLower[o * psiBlock..<(o + 1) * psiBlock]
                psiHi += psiUpper[o * psiBlock..<(o + 1) * psiBlock]
                aLo += angErrLower[o * block..<(o + 1) * block]
                aHi += angErrUpper[o * block..<(o + 1) * block]
                frac += fraction[o * block..<(o + 1) * block]
            }
        }
        return SmearingMatrix(trueLog10EnergyEdges: trueLog10EnergyEdges, trueDecEdgesDegrees: trueDecEdgesDegrees,
                              recoCount: recoCount, psiCount: psiCount, angErrCount: angErrCount,
                              recoLower: recoLo, recoUpper: recoHi, psiLower: psiLo, psiUpper: psiHi,
                              angErrLower: aLo, angErrUpper: aHi, fraction: frac)
    }
}

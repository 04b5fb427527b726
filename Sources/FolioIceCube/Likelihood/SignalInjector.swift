import FolioStatistics
import Foundation

/// Draws simulated signal events of a point source from the instrument response functions:
/// true-energy bin from E^-gamma x detection probability (SkyLLH's interpolated A_eff/dE at the
/// source's declination; the weights of `SignalEnergyPDF`), then reconstructed energy,
/// PSF angle psi and AngErr from the smearing matrix in turn (each uniform within its bin), and a
/// reconstructed direction at angle psi from the source at a uniform position angle.
///
/// Simplification versus SkyLLH's generator: no per-declination low-energy cut spline.
public struct SignalInjector: Sendable {
    public struct Event: Sendable { public var ra, dec, log10Energy, angularError: Double }

    /// What injected events are drawn from.
    public enum Model: Sendable, Equatable {
        /// The instrument response: reconstructed energy, psi and AngErr from the smearing matrix
        /// (the realistic choice, as SkyLLH's generator).
        case instrumentResponse
        /// The likelihood's own signal model: reconstructed energy from the fit's signal energy PDF
        /// (at the grid gamma nearest the injected one), AngErr drawn from the data's AngErr values
        /// in the declination band at similar reconstructed energy (one of the 41 band events
        /// nearest in log10 E: the likelihood has no AngErr term, i.e. assumes signal and
        /// background share p(AngErr | E)), and psi Rayleigh-distributed with scale AngErr. Injection/recovery with it tests the fit alone; with
        /// `.instrumentResponse` it also tests how well the PDFs describe the IRFs.
        case likelihoodModel
        /// Diagnostic hybrid: reconstructed energy and AngErr from the instrument response, but psi
        /// Rayleigh-distributed with scale AngErr (the likelihood's PSF). Compared with
        /// `.instrumentResponse` it isolates the bias from the PSF model (the stand-in's psi is
        /// Rayleigh in the true resolution, of which AngErr is a noisy estimate).
        case instrumentResponseModelPSF
    }

    let source: SkyDirection
    let smearing: SmearingMatrix
    let decBin: Int
    /// True-energy bins usable at this declination, their detection probabilities and energy edges (GeV).
    let bins: [Int], area: [Double], eLow: [Double], eHigh: [Double]
    /// Cumulative weights over reco bins, psi bins and AngErr bins per parent bin.
    let recoCumulative: [[Double]], psiCumulative: [[Double]], angCumulative: [[Double]]

    init(source: SkyDirection, effectiveArea: EffectiveArea, smearing sm: SmearingMatrix) {
        self.source = source; smearing = sm
        let d = sm.trueDecBin(degrees: source.decDegrees)
        decBin = d
        let row = effectiveArea.area[effectiveArea.decBin(degrees: source.decDegrees)]
        var bins: [Int] = [], area: [Double] = [], lo: [Double] = [], hi: [Double] = []
        var rc: [[Double]] = [], pc: [[Double]] = [], ac: [[Double]] = []
        for e in 0..<sm.trueEnergyBinCount {
            let mid = 0.5 * (sm.trueLog10EnergyEdges[e] + sm.trueLog10EnergyEdges[e + 1])
            guard let ae = effectiveArea.log10EnergyEdges.indices.dropLast().first(where: {
                effectiveArea.log10EnergyEdges[$0] <= mid && mid < effectiveArea.log10EnergyEdges[$0 + 1] }) else { continue }
            var recoW: [Double] = []
            for r in 0..<sm.recoCount {
                var s = 0.0
                for p in 0..<sm.psiCount {
                    var ps = 0.0, cum: [Double] = []
                    for a in 0..<sm.angErrCount { ps += sm.fraction[sm.cellIndex(e, d, r, p, a)]; cum.append(ps) }
                    ac.append(cum)
                    s += ps
                }
                recoW.append(s)
            }
            for r in 0..<sm.recoCount {
                var cum: [Double] = [], s = 0.0
                for p in 0..<sm.psiCount { s += ac[ac.count - sm.recoCount * sm.psiCount + r * sm.psiCount + p].last!; cum.append(s) }
                pc.append(cum)
            }
            var cum: [Double] = [], s = 0.0
            for w in recoW { s += w; cum.append(s) }
            rc.append(cum)
            bins.append(e); area.append(s > 0 ? row[ae] : 0)
            lo.append(pow(10, sm.trueLog10EnergyEdges[e])); hi.append(pow(10, sm.trueLog10EnergyEdges[e + 1]))
        }
        self.bins = bins; eLow = lo; eHigh = hi
        // Bin weights A_eff-like: SkyLLH's detection probability (linear interpolation of A_eff/dE)
        // restricted to bins with a reconstructed-energy distribution, the same weights the signal
        // energy PDF uses, so the generated signal follows the fitted model.
        let usable = bins.indices.filter { area[$0] > 0 }
        var detection = [Double](repeating: 0, count: bins.count)
        if let first = usable.first, let last = usable.last {
            let range = Array(first...last)
            let p = SignalEnergyPDF.detectionProbability(
                effectiveArea: effectiveArea, decDegrees: source.decDegrees,
                lower: range.map { lo[$0] }, upper: range.map { hi[$0] }, rangeMin: lo[first], rangeMax: hi[last])
            for (k, i) in range.enumerated() where area[i] > 0 { detection[i] = p[k] }
        }
        self.area = detection
        recoCumulative = rc; psiCumulative = pc; angCumulative = ac
    }

    /// Cumulative true-energy bin weights for spectral index gamma.
    func energyCumulative(gamma: Double) -> [Double] {
        var cum: [Double] = [], s = 0.0
        for i in bins.indices { s += area[i] * PowerLaw.integral(gamma: gamma, e0: 1000, from: eLow[i], to: eHigh[i]); cum.append(s) }
        return cum
    }

    /// Draws one signal event (around `origin` instead of the injector's source if given; the
    /// response is the one of the injector's declination bin).
    func draw<G: RandomNumberGenerator>(energyCumulative: [Double], model: Model = .instrumentResponse,
                                        energySampler: EnergySampler? = nil, angularErrors: AngularErrorTable? = nil,
                                        origin: SkyDirection? = nil, using g: inout G) -> Event {
        let sm = smearing, d = decBin
        let i = g.index(cumulative: energyCumulative)
        let e = bins[i]
        let r = g.index(cumulative: recoCumulative[i])
        let p = g.index(cumulative: psiCumulative[i * sm.recoCount + r])
        let a = g.index(cumulative: angCumulative[(i * sm.recoCount + r) * sm.psiCount + p])
        var logE = g.uniform(sm.recoLower[sm.recoIndex(e, d, r)], sm.recoUpper[sm.recoIndex(e, d, r)])
        var psi = g.uniform(sm.psiLower[sm.psiIndex(e, d, r, p)], sm.psiUpper[sm.psiIndex(e, d, r, p)]) * .pi / 180
        var ang = g.uniform(sm.angErrLower[sm.cellIndex(e, d, r, p, a)], sm.angErrUpper[sm.cellIndex(e, d, r, p, a)]) * .pi / 180
        if model == .likelihoodModel, let energySampler, let angularErrors {
            logE = energySampler.draw(using: &g)
            ang = angularErrors.draw(log10Energy: logE, using: &g)
            psi = ang * (-2 * log(1 - g.uniform())).squareRoot()
        } else if model == .instrumentResponseModelPSF {
            psi = ang * (-2 * log(1 - g.uniform())).squareRoot()
        }
        let dir = (origin ?? source).offset(by: psi, positionAngle: g.uniform(0, 2 * .pi))
        return Event(ra: dir.ra, dec: dir.dec, log10Energy: logE, angularError: ang)
    }
}

/// Inverse-CDF sampling of a `SignalEnergyPDF` tabulated on 4000 steps of log10 E (linear
/// interpolation of the CDF; the table's resolution, 0.002 in log10 E, is far below the PDF's bins).
struct EnergySampler: Sendable {
    let x: [Double], cdf: [Double]
    init(_ pdf: SignalEnergyPDF, steps: Int = 4000) {
        let a = pdf.lowerEdge, b = pdf.upperEdge, h = (b - a) / Double(steps)
        var xs = [a], c = [0.0], total = 0.0, last = pdf.density(log10Energy: a)
        for i in 1...steps {
            let t = a + h * Double(i), v = pdf.density(log10Energy: min(t, b.nextDown))
            total += 0.5 * (last + v) * h
            xs.append(t); c.append(total); last = v
        }
        x = xs; cdf = c.map { $0 / total }
    }
    func draw<G: RandomNumberGenerator>(using g: inout G) -> Double {
        let u = g.uniform()
        var lo = 0, hi = cdf.count - 1
        while hi - lo > 1 { let mid = (lo + hi) >> 1; if cdf[mid] <= u { lo = mid } else { hi = mid } }
        let span = cdf[hi] - cdf[lo]
        return span > 0 ? x[lo] + (u - cdf[lo]) / span * (x[hi] - x[lo]) : x[lo]
    }
}

/// Data AngErr values sorted by reconstructed energy, to draw an AngErr typical of a given energy.
struct AngularErrorTable: Sendable {
    let log10Energy: [Double], angularError: [Double]
    init(log10Energy: [Double], angularError: [Double]) {
        let order = log10Energy.indices.sorted { log10Energy[$0] < log10Energy[$1] }
        self.log10Energy = order.map { log10Energy[$0] }; self.angularError = order.map { angularError[$0] }
    }
    /// AngErr of one of the 41 events nearest in log10 E (uniformly chosen).
    func draw<G: RandomNumberGenerator>(log10Energy e: Double, using g: inout G) -> Double {
        var lo = 0, hi = log10Energy.count
        while lo < hi { let mid = (lo + hi) / 2; if log10Energy[mid] < e { lo = mid + 1 } else { hi = mid } }
        let a = max(0, min(lo - 20, log10Energy.count - 41)), b = min(log10Energy.count - 1, a + 40)
        return angularError[a + min(Int(g.uniform() * Double(b - a + 1)), b - a)]
    }
}

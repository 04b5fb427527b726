import FolioStatistics
import Foundation

/// Everything about one season that a likelihood for a given set of sources needs, computed once:
/// the background PDFs from the season's data, the signal energy PDFs at each source's declination
/// for every grid gamma, the events inside the declination band of the selection (their RA is
/// what scrambling changes) with their background spatial density and energy ratio table, and the
/// acceptance for the flux <-> ns conversion.
public struct SeasonSourceModel: Sendable {
    public let season: Season
    /// Number of events in the season (N in the likelihood); injected events add to it per trial.
    public let totalEvents: Int
    public let livetimeSeconds: Double
    let effectiveArea: EffectiveArea
    let sources: [SkyDirection]
    /// Selection box half-size (radians).
    let boxHalfAngle: Double
    let signalEnergy: [[SignalEnergyPDF]]   // [source][grid gamma]
    let backgroundEnergy: BackgroundEnergyPDF
    let backgroundSpatial: BackgroundSpatialPDF
    let injectors: [SignalInjector]         // [source]

    // Events in the union of the sources' declination bands.
    let bandRA: [Double], bandDec: [Double], bandSinDec: [Double], bandCosDec: [Double]
    let bandSigma: [Double], bandBackgroundSpatial: [Double]
    /// Band events' AngErr by energy (for `SignalInjector.Model.likelihoodModel`).
    let angularErrorTable: AngularErrorTable
    /// [event][source][grid gamma] energy ratio S/B, flattened.
    let bandEnergyRatio: [Double]
    /// [event][source] the declination-only parts of the event's angular distance to the source,
    /// sin^2((dec - dec_k) / 2) and cos(dec_k) cos(dec) (see `RayleighSignalSpatialPDF`): scrambling
    /// changes only the RA.
    let bandSinHalfDecDifferenceSquared: [Double], bandCosDecProduct: [Double]
    /// Per source: declination window and RA half-width of the box.
    let decWindow: [(Double, Double)], raHalfWidth: [Double]

    public init(data: SeasonData, sources: [SkyDirection], boxHalfAngleDegrees: Double = 10) throws {
        guard let smearing = data.smearing else {
            throw DataFileError(file: "\(IceCubeDataset.releaseFolder)/\(data.season.smearingPath)",
                                "season \(data.season.rawValue) has no smearing matrix; cannot build its signal energy PDF")
        }
        season = data.season
        totalEvents = data.events.count
        livetimeSeconds = data.goodRuns.livetimeSeconds
        effectiveArea = data.effectiveArea
        self.sources = sources
        boxHalfAngle = boxHalfAngleDegrees * .pi / 180
        let xEdges = data.season.log10EnergyBinEdges, yEdges = data.season.sinDecBinEdges
        backgroundEnergy = BackgroundEnergyPDF(events: data.events, log10EnergyEdges: xEdges, sinDecEdges: yEdges)
        backgroundSpatial = try BackgroundSpatialPDF(events: data.events, sinDecEdges: yEdges)
        signalEnergy = sources.map {
            SignalEnergyPDF.make(gammas: GammaGrid.values, sourceDecDegrees: $0.decDegrees,
                                 effectiveArea: data.effectiveArea, smearing: smearing, log10EnergyEdges: xEdges)
        }
        injectors = sources.map { SignalInjector(source: $0, effectiveArea: data.effectiveArea, smearing: smearing) }
        let box = boxHalfAngle
        decWindow = sources.map { (max(-Double.pi / 2, $0.dec - box), min($0.dec + box, Double.pi / 2)) }
        raHalfWidth = decWindow.map { w in min(2 * Double.pi, abs(box / min(cos(w.0), cos(w.1)))) }
        var ra: [Double] = [], dec: [Double] = [], sd: [Double] = [], cd: [Double] = [], sig: [Double] = [], bs: [Double] = []
        var ratio: [Double] = [], logE: [Double] = []
        let ev = data.events
        for i in 0..<ev.count where decWindow.contains(where: { ev.dec[i] > $0.0 && ev.dec[i] < $0.1 }) {
            ra.append(ev.ra[i]); dec.append(ev.dec[i]); sd.append(ev.sinDec[i]); cd.append(cos(ev.dec[i]))
            sig.append(ev.angularError[i]); logE.append(ev.log10Energy[i]); bs.append(backgroundSpatial.density(sinDec: ev.sinDec[i]))
            ratio.append(contentsOf: Self.energyRatioRow(signal: signalEnergy, background: backgroundEnergy,
                                                         log10Energy: ev.log10Energy[i], sinDec: ev.sinDec[i]))
        }
        bandRA = ra; bandDec = dec; bandSinDec = sd; bandCosDec = cd; bandSigma = sig; bandBackgroundSpatial = bs
        bandEnergyRatio = ratio
        var sdsd: [Double] = [], cc: [Double] = []
        for i in dec.indices {
            for source in sources {
                let sd = sin(0.5 * (dec[i] - source.dec))
                sdsd.append(sd * sd); cc.append(cos(source.dec) * cos(dec[i]))
            }
        }
        bandSinHalfDecDifferenceSquared = sdsd; bandCosDecProduct = cc
        angularErrorTable = AngularErrorTable(log10Energy: logE, angularError: sig)
    }

    /// S/B energy ratio for every source and grid gamma. Where the background density is 0 the
    /// ratio is S / 1e-15 (SkyLLH's treatment of empty bins), capped at Float.greatestFiniteMagnitude.
    static func energyRatioRow(signal: [[SignalEnergyPDF]], background: BackgroundEnergyPDF,
                               log10Energy: Double, sinDec: Double) -> [Double] {
        let b = background.density(log10Energy: log10Energy, sinDec: sinDec)
        var row: [Double] = []
        row.reserveCapacity(signal.count * GammaGrid.count)
        for pdfs in signal {
            for pdf in pdfs {
                let s = pdf.density(log10Energy: log10Energy)
                let r = b > 0 ? s / b : s / 1e-15
                row.append(min(r, Double(Float.greatestFiniteMagnitude)))
            }
        }
        return row
    }

    public var bandEventCount: Int { bandRA.count }
    public var sourceCount: Int { sources.count }

    /// Whether (ra, dec) lies inside source k's selection box.
    @inline(__always)
    func inBox(_ k: Int, ra: Double, dec: Double) -> Bool {
        guard dec > decWindow[k].0 && dec < decWindow[k].1 else { return false }
        var d = abs(ra - sources[k].ra)
        if d >= Double.pi { d = 2 * Double.pi - d }
        return d < raHalfWidth[k]
    }

    /// Detector signal yield: expected events per unit flux normalisation phi0 = 1 GeV^-1 cm^-2 s^-1
    /// at 1 TeV for (E/1 TeV)^-gamma from source k, over this season's livetime (GeV cm^2 s).
    public func signalYield(source k: Int, gamma: Double) -> Double {
        effectiveArea.expectedEvents(phi0: 1, gamma: gamma, e0: 1000, decDegrees: sources[k].decDegrees,
                                     livetimeSeconds: livetimeSeconds)
    }
}

import Dispatch
import Foundation
import FolioSky

/// A spatial template on a HEALPix grid with the all-sky spectrum that goes with it.
///
/// `values` are a probability density on the sphere in sr⁻¹ (Σ values · pixel area = 1), in RING
/// order, in the frame `frame`. `spectrum` gives the all-sky per-flavour flux relative to its value
/// at `referenceEnergyGeV`, at the energies `energiesGeV`; multiply by a fitted total flux
/// dN/dE(E₀) in GeV⁻¹ cm⁻² s⁻¹ to get the model's flux at any tabulated energy.
public struct TemplateMap: Codable, Hashable, Sendable {
    public var nside: Int
    public var frame: CoordinateFrame
    public var values: [Double]
    public var referenceEnergyGeV: Double
    public var energiesGeV: [Double]
    public var spectrum: [Double]

    public init(nside: Int, frame: CoordinateFrame, values: [Double], referenceEnergyGeV: Double, energiesGeV: [Double], spectrum: [Double]) {
        self.nside = nside
        self.frame = frame
        self.values = values
        self.referenceEnergyGeV = referenceEnergyGeV
        self.energiesGeV = energiesGeV
        self.spectrum = spectrum
    }

    /// The fraction of the template within `predicate` (Galactic l, b in radians) of the pixel centres.
    public func fraction(where predicate: (_ l: Double, _ b: Double) -> Bool) throws -> Double {
        let hp = try HEALPix(nside: nside)
        let toGalactic = frame.rotation(to: .galactic)
        var total = 0.0
        for (i, v) in values.enumerated() {
            let g = toGalactic.apply(to: hp.center(of: i))
            if predicate(g.longitude, g.latitude) { total += v }
        }
        return total * hp.pixelArea
    }

    /// The effective power-law index between two tabulated energies: −d ln F / d ln E.
    public func effectiveIndex(fromGeV e1: Double, toGeV e2: Double) -> Double {
        func flux(_ e: Double) -> Double {
            let x = log(e)
            let xs = energiesGeV.map(log)
            guard let j = xs.indices.dropFirst().first(where: { xs[$0] >= x }) else { return spectrum.last! }
            let t = (x - xs[j - 1]) / (xs[j] - xs[j - 1])
            return exp((1 - t) * log(spectrum[j - 1]) + t * log(spectrum[j]))
        }
        return -log(flux(e2) / flux(e1)) / log(e2 / e1)
    }
}

extension DiffuseEmission {
    /// Integrates the model at every pixel centre of an `nside` map in `frame` and normalises it to
    /// unit integral over the sphere. The spectrum is the all-sky flux on a coarser nside-8 grid at
    /// half-decade energies from 10² to 10⁸ GeV. Runs on `threads` threads.
    /// `progress` is called with the number of pixels each finished chunk integrated (from any
    /// thread); `integratedPixels(nside:)` is their total.
    public func template(nside: Int, frame: CoordinateFrame = .equatorial, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                         progress: (@Sendable (Int) -> Void)? = nil) throws -> TemplateMap {
        let hp = try HEALPix(nside: nside)
        let toGalactic = frame.rotation(to: .galactic)
        let raw = skyMap(hp, toGalactic: toGalactic, energyGeV: referenceEnergyGeV, threads: threads, progress: progress)
        let total = raw.reduce(0, +) * hp.pixelArea
        let energies = stride(from: 2.0, through: 8.0, by: 0.5).map { pow(10, $0) }
        let allSky: [Double]
        if spectrum.isSeparable {
            allSky = energies.map {
                spectrum.factor(energyGeV: $0, referenceGeV: referenceEnergyGeV, R: geometry.sunDistance, sunDistance: geometry.sunDistance)
            }
        } else {
            let coarse = try HEALPix(nside: 8)
            let reference = skyMap(coarse, toGalactic: toGalactic, energyGeV: referenceEnergyGeV, threads: threads, progress: progress).reduce(0, +)
            allSky = energies.map { e in
                skyMap(coarse, toGalactic: toGalactic, energyGeV: e, threads: threads, progress: progress).reduce(0, +) / reference
            }
        }
        return TemplateMap(nside: nside, frame: frame, values: raw.map { $0 / total }, referenceEnergyGeV: referenceEnergyGeV,
                           energiesGeV: energies, spectrum: allSky)
    }

    /// Pixels `template(nside:)` integrates: the map, plus 14 nside-8 maps for a spectrum that
    /// varies across the sky.
    public func integratedPixels(nside: Int) -> Int {
        12 * nside * nside + (spectrum.isSeparable ? 0 : 14 * 12 * 8 * 8)
    }

    private func skyMap(_ hp: HEALPix, toGalactic: Rotation, energyGeV: Double, threads: Int,
                        progress: (@Sendable (Int) -> Void)?) -> [Double] {
        let n = hp.pixelCount
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { out.deallocate() }
        let chunks = max(1, min(n, threads * 8))
        let model = self
        nonisolated(unsafe) let target = out  // each chunk writes a disjoint range
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in stride(from: c * n / chunks, to: (c + 1) * n / chunks, by: 1) {
                let g = toGalactic.apply(to: hp.center(of: i))
                target[i] = model.intensity(l: g.longitude, b: g.latitude, energyGeV: energyGeV)
            }
            progress?((c + 1) * n / chunks - c * n / chunks)
        }
        return Array(out)
    }
}

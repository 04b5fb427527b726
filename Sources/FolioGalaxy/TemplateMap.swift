import Dispatch
import Foundation
import FolioSky

/// A spatial template on a HEALPix grid with the all-sky spectrum that goes with it.
///
/// `values` are a probability density on the sphere in sr⁻¹ (Σ values · pixel area = 1), in RING
/// order, in the frame `frame`. `spectrum` gives the all-sky per-flavour flux relative to its value
/// at `referenceEnergyGeV`, at the energies `energiesGeV`; multiply by a fitted total flux
/// dN/dE(E₀) in GeV⁻¹ cm⁻² s⁻¹ to get the model's flux at any tabulated energy.
///
/// A spectrum that varies across the sky (KRA-γ-like) also has `energyMaps`: the map at each of
/// `mapEnergiesGeV`, per sr, relative to the all-sky flux at the reference energy (so the map at the
/// reference energy is `values`); their pixel-by-pixel ratio is the local spectral index.
public struct TemplateMap: Codable, Hashable, Sendable {
    public var nside: Int
    public var frame: CoordinateFrame
    public var values: [Double]
    public var referenceEnergyGeV: Double
    public var energiesGeV: [Double]
    public var spectrum: [Double]
    /// Energies (GeV) of `energyMaps`; empty when the spectrum is the same everywhere.
    public var mapEnergiesGeV: [Double]
    public var energyMaps: [[Double]]
    /// The un-normalised all-sky integral of the model at the reference energy, ∫dΩ ∫ n_H n_CR/n_CR,☉ f(E) ds,
    /// in cm⁻³ kpc sr (f: the spectral factor relative to the normalisation energy); nil for maps not
    /// computed from a model.
    public var modelIntegral: Double?

    public init(nside: Int, frame: CoordinateFrame, values: [Double], referenceEnergyGeV: Double, energiesGeV: [Double], spectrum: [Double],
                mapEnergiesGeV: [Double] = [], energyMaps: [[Double]] = [], modelIntegral: Double? = nil) {
        self.nside = nside
        self.frame = frame
        self.values = values
        self.referenceEnergyGeV = referenceEnergyGeV
        self.energiesGeV = energiesGeV
        self.spectrum = spectrum
        self.mapEnergiesGeV = mapEnergiesGeV
        self.energyMaps = energyMaps
        self.modelIntegral = modelIntegral
    }

    /// The map at a tabulated energy of `mapEnergiesGeV` (or the reference map), normalised to unit
    /// integral over the sphere (sr⁻¹).
    public func normalisedMap(atEnergyGeV e: Double) throws -> [Double] {
        let map: [Double]
        if let k = mapEnergiesGeV.firstIndex(of: e) { map = energyMaps[k] } else if e == referenceEnergyGeV || mapEnergiesGeV.isEmpty { map = values } else {
            throw TemplateMapError("no map at \(e) GeV: maps are tabulated at \(mapEnergiesGeV) GeV")
        }
        let area = try HEALPix(nside: nside).pixelArea
        let total = map.reduce(0, +) * area
        return map.map { $0 / total }
    }

    /// Per pixel, the local power-law index of the flux between two energies of `mapEnergiesGeV`:
    /// −ln(F(E₂)/F(E₁)) / ln(E₂/E₁). nil when the spectrum is the same everywhere.
    public func localIndex(fromGeV e1: Double, toGeV e2: Double) throws -> [Double]? {
        guard !mapEnergiesGeV.isEmpty else { return nil }
        guard let i = mapEnergiesGeV.firstIndex(of: e1), let j = mapEnergiesGeV.firstIndex(of: e2) else {
            throw TemplateMapError("local index between \(e1) and \(e2) GeV: maps are tabulated at \(mapEnergiesGeV) GeV")
        }
        let span = log(e2 / e1)
        return zip(energyMaps[i], energyMaps[j]).map { a, b in a > 0 && b > 0 ? -log(b / a) / span : 0 }
    }

    /// The fraction of the template within `predicate` (Galactic l, b in radians) of the pixel centres,
    /// at the reference energy or at one of `mapEnergiesGeV`.
    public func fraction(atEnergyGeV energy: Double? = nil, where predicate: (_ l: Double, _ b: Double) -> Bool) throws -> Double {
        let hp = try HEALPix(nside: nside)
        let toGalactic = frame.rotation(to: .galactic)
        let map = try energy.map { try normalisedMap(atEnergyGeV: $0) } ?? values
        var total = 0.0
        for (i, v) in map.enumerated() {
            let g = toGalactic.apply(to: hp.center(of: i))
            if predicate(g.longitude, g.latitude) { total += v }
        }
        return total * hp.pixelArea
    }

    /// The all-sky flux at `e` (GeV) relative to the reference energy, log-log interpolated in `spectrum`.
    public func relativeFlux(atGeV e: Double) -> Double {
        let x = log(e)
        let xs = energiesGeV.map(log)
        guard let j = xs.indices.dropFirst().first(where: { xs[$0] >= x }) else { return spectrum.last! }
        let t = (x - xs[j - 1]) / (xs[j] - xs[j - 1])
        return exp((1 - t) * log(spectrum[j - 1]) + t * log(spectrum[j]))
    }

    /// The effective power-law index between two tabulated energies: −d ln F / d ln E.
    public func effectiveIndex(fromGeV e1: Double, toGeV e2: Double) -> Double {
        -log(relativeFlux(atGeV: e2) / relativeFlux(atGeV: e1)) / log(e2 / e1)
    }
}

extension DiffuseEmission {
    /// Integrates the model at every pixel centre of an `nside` map in `frame` and normalises it to
    /// unit integral over the sphere. The spectrum is the all-sky flux on a coarser nside-8 grid at
    /// half-decade energies from 10² to 10⁸ GeV. A spectrum that varies across the sky also gets maps
    /// at 1, 10, 100 TeV and 1 PeV (`energyMaps`), from the same lines of sight. Runs on `threads` threads.
    /// `progress` is called with the number of pixels each finished chunk integrated (from any
    /// thread); `integratedPixels(nside:)` is their total.
    public func template(nside: Int, frame: CoordinateFrame = .equatorial, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                         progress: (@Sendable (Int) -> Void)? = nil) throws -> TemplateMap {
        let hp = try HEALPix(nside: nside)
        let toGalactic = frame.rotation(to: .galactic)
        let mapEnergies = spectrum.isSeparable ? [] : Self.mapEnergiesGeV
        let maps = skyMaps(hp, toGalactic: toGalactic, energiesGeV: [referenceEnergyGeV] + mapEnergies, threads: threads, progress: progress)
        let raw = maps[0]
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
                           energiesGeV: energies, spectrum: allSky, mapEnergiesGeV: mapEnergies,
                           energyMaps: maps.dropFirst().map { $0.map { $0 / total } }, modelIntegral: total)
    }

    /// Energies (GeV) of the per-energy maps of a spectrum that varies across the sky: IceCube's range.
    public static let mapEnergiesGeV: [Double] = [1e3, 1e4, 1e5, 1e6]

    /// Pixels `template(nside:)` integrates: the map, plus 14 nside-8 maps for a spectrum that
    /// varies across the sky.
    public func integratedPixels(nside: Int) -> Int {
        12 * nside * nside + (spectrum.isSeparable ? 0 : 14 * 12 * 8 * 8)
    }

    private func skyMap(_ hp: HEALPix, toGalactic: Rotation, energyGeV: Double, threads: Int,
                        progress: (@Sendable (Int) -> Void)?) -> [Double] {
        skyMaps(hp, toGalactic: toGalactic, energiesGeV: [energyGeV], threads: threads, progress: progress)[0]
    }

    /// One map per energy, all from the same line-of-sight integrations.
    private func skyMaps(_ hp: HEALPix, toGalactic: Rotation, energiesGeV: [Double], threads: Int,
                         progress: (@Sendable (Int) -> Void)?) -> [[Double]] {
        let n = hp.pixelCount, m = energiesGeV.count
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * m)
        defer { out.deallocate() }
        let chunks = max(1, min(n, threads * 8))
        let model = self
        nonisolated(unsafe) let target = out  // each chunk writes a disjoint range
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in stride(from: c * n / chunks, to: (c + 1) * n / chunks, by: 1) {
                let g = toGalactic.apply(to: hp.center(of: i))
                let v = model.intensities(l: g.longitude, b: g.latitude, energiesGeV: energiesGeV)
                for k in 0..<m { target[k * n + i] = v[k] }
            }
            progress?((c + 1) * n / chunks - c * n / chunks)
        }
        return (0..<m).map { Array(out[($0 * n)..<(($0 + 1) * n)]) }
    }
}

/// A request a `TemplateMap` cannot answer (an energy it has no map for).
public struct TemplateMapError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

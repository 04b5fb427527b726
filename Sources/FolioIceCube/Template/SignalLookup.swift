import FolioSky
import Foundation

/// What a template trial needs to look up the signal spatial density of every data event, laid out for
/// the trial's inner loop (`TemplateAnalysis.signalDensities`).
///
/// A trial scrambles only right ascension, so everything else about an event's look-up is fixed:
/// its colatitude (cos θ, sin θ for `RingLookup`), its σ-grid index and weight, its energy band. These
/// are computed once here. The events are visited by energy band and then by declination: successive
/// events then read pixels of the same few HEALPix rings, which stay in the L1/L2 cache, instead of
/// jumping across a map of several MB (at nside 64, 8 σ: 3 MB per band) with a cache miss per event;
/// random right ascensions still spread the reads along the ring. The densities are written back in
/// the events' own order, so everything after (the terms, the fit's sums) is unchanged.
struct SignalLookup: Sendable {
    /// Event indices in visiting order: by band, then declination, then index; `rank` is the inverse.
    let order: [Int32], rank: [Int32]
    /// End (in `order`) of each band's events.
    let bandEnds: [Int]
    /// In visiting order: cos θ and sin θ (or −5) of the event's colatitude, its σ-grid index and weight.
    let z: [Double], s: [Double]
    let sigmaIndex: [Int32], sigmaWeight: [Double]
    /// In visiting order: the RA-averaged signal density S~ and S_E / (D_E D_spatial) of the data, with
    /// which a background trial turns S_i into its term X_i as it writes it (`signalDensities(terms:)`).
    let scrambledSignal: [Double], energyOverBackgroundSpatial: [Double]

    init(dec: [Double], sigma: [Double], band: [Int], sigmaGrid: [Double], scrambledSignal: [Double], energyOverBackgroundSpatial: [Double]) {
        let order = dec.indices.sorted { (band[$0], dec[$0], $0) < (band[$1], dec[$1], $1) }
        self.order = order.map { Int32($0) }
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, event) in order.enumerated() { rank[event] = Int32(position) }
        self.rank = rank
        let bands = (band.max() ?? 0) + 1
        bandEnds = (0..<bands).map { b in order.firstIndex { band[$0] > b } ?? order.count }
        // As SkyTemplate.pixel(ra:dec:): θ = π/2 − Dec clamped to [0, π].
        let colatitudes = order.map { RingLookup.colatitude(min(.pi, max(0, .pi / 2 - dec[$0]))) }
        z = colatitudes.map(\.z); s = colatitudes.map(\.s)
        let weights = order.map { TemplateAnalysis.sigmaWeight(sigmaGrid, sigma[$0]) }
        sigmaIndex = weights.map { Int32($0.0) }; sigmaWeight = weights.map(\.1)
        self.scrambledSignal = order.map { scrambledSignal[$0] }
        self.energyOverBackgroundSpatial = order.map { energyOverBackgroundSpatial[$0] }
    }

    /// [sigma][pixel] maps as one array, [pixel × sigma count + sigma], and one 0 after the last
    /// (read, with weight 0, for an event at the top of the σ grid in the last pixel).
    static func interleaved(_ maps: [[Double]]) -> CacheAlignedDoubles {
        let count = maps.count, n = maps.first?.count ?? 0
        return CacheAlignedDoubles(count: count * n + 1) { out in
            for (k, map) in maps.enumerated() { for p in 0..<n { out[p * count + k] = map[p] } }
        }
    }
}

/// Doubles starting at a cache-line boundary (64 bytes; an array's elements start 32 bytes into a
/// 16-byte aligned allocation). With 8 σ values per pixel each pixel's values then fill exactly one
/// line, so an event's two σ neighbours are one line to fetch, never two. Written only while built
/// (`init`'s closure); read through `withBuffer`, which keeps the storage alive while the pointer is used.
final class CacheAlignedDoubles: @unchecked Sendable {
    private let pointer: UnsafeMutablePointer<Double>
    let count: Int

    /// `count` zeros, then `fill` writes the values.
    init(count: Int, fill: (UnsafeMutableBufferPointer<Double>) -> Void) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
        fill(UnsafeMutableBufferPointer(start: pointer, count: count))
    }

    deinit { pointer.deallocate() }

    @inline(__always) subscript(i: Int) -> Double { pointer[i] }

    func withBuffer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(UnsafeBufferPointer(start: pointer, count: count)) }
    }

    /// A copy of the values.
    var values: [Double] { withBuffer(Array.init) }
}

/// Keeps the compiler from dropping the prefetching reads of `signalDensities` (never read).
nonisolated(unsafe) var prefetchSink: UInt64 = 0

extension TemplateAnalysis {
    /// Signal spatial density (sr⁻¹) S_i of every data event of season model `m`, for each of a batch of
    /// trials: from trial t's right ascensions (radians) `ra[t]` into `out[t]`, both in look-up order
    /// (`eventOrder` puts them back), each as `signalDensity` gives it; or, with `terms`, the background
    /// trial's term X_i = (S_i − S~_i) S_E/(D_E D_spatial) / N (signal-subtracted, no injected events),
    /// the same arithmetic as from S_i. The trials are looked up together block by block: a block's
    /// per-event tables and its stretch of the map are read from memory once for the whole batch, and
    /// each trial's values are written in sequence (in event order the writes of a batch would scatter
    /// over several MB).
    func signalDensities(_ m: Model, rightAscensions ra: [UnsafeBufferPointer<Double>], into out: [UnsafeMutableBufferPointer<Double>],
                         terms: Bool) {
        let lookup = m.lookup, ring = RingLookup(template.healpix), sigmas = sigmaGrid.count
        let trials = ra.count, total = Double(m.totalEvents)
        lookup.z.withUnsafeBufferPointer { z in
        lookup.s.withUnsafeBufferPointer { s in
        lookup.sigmaIndex.withUnsafeBufferPointer { sigmaIndex in
        lookup.sigmaWeight.withUnsafeBufferPointer { sigmaWeight in
        lookup.scrambledSignal.withUnsafeBufferPointer { tilde in
        lookup.energyOverBackgroundSpatial.withUnsafeBufferPointer { ratio in
            // In blocks: first every pixel of the block (arithmetic only), then the map reads, a short
            // loop of independent loads whose cache misses the core can overlap.
            let blockSize = 256
            withUnsafeTemporaryAllocation(of: Int.self, capacity: blockSize * trials) { at in
                var start = 0
                for (band, end) in lookup.bandEnds.enumerated() {
                    m.maps[band].withBuffer { maps in
                        for block in stride(from: start, to: end, by: blockSize) {
                            let count = min(blockSize, end - block)
                            var low = Int.max, high = Int.min
                            for t in 0..<trials {
                                let phi = ra[t], pixels = at.baseAddress! + t * blockSize
                                for b in 0..<count {
                                    let i = block + b
                                    pixels[b] = ring.pixel(z: z[i], s: s[i], phi: phi[i]) &* sigmas &+ Int(sigmaIndex[i])
                                }
                                for b in 0..<count { low = min(low, pixels[b]); high = max(high, pixels[b]) }
                            }
                            // The block's events lie on a few neighbouring rings, whose pixels are contiguous:
                            // read that stretch of the map line by line first (a sequential stream the
                            // hardware prefetches), so the scattered reads below find it in the cache.
                            // Only where the batch's reads are dense on the stretch (one band of a KRA-γ-like
                            // template holds 1/16 of the events: the stretch would be mostly unread lines).
                            if (high - low) / sigmas <= 4 * count * trials {
                                var touch: UInt64 = 0   // OR of bit patterns: no chain of dependent additions
                                for a in stride(from: low, through: high + 1, by: 8) { touch |= maps[a].bitPattern }
                                if touch == UInt64.max { prefetchSink = touch }
                            }
                            for t in 0..<trials {
                                let pixels = at.baseAddress! + t * blockSize, x = out[t]
                                if terms {
                                    for b in 0..<count {
                                        let i = block + b, w = sigmaWeight[i], a = pixels[b]
                                        let lower = maps[a], blend = lower * (1 - w) + maps[a + 1] * w
                                        x[i] = ((w == 0 ? lower : blend) - tilde[i]) * ratio[i] / total
                                    }
                                } else {
                                    for b in 0..<count {
                                        let i = block + b, w = sigmaWeight[i], a = pixels[b]
                                        // Both neighbours are read whatever w (no branch to mispredict); at
                                        // w = 0 the first alone is the value, as in `signalDensity`.
                                        let lower = maps[a], blend = lower * (1 - w) + maps[a + 1] * w
                                        x[i] = w == 0 ? lower : blend
                                    }
                                }
                            }
                        }
                    }
                    start = end
                }
            }
        }}}}}}
    }

    /// Values in look-up order (`signalDensities`) into `out` in the events' order of season model `m`.
    func eventOrder(_ m: Model, _ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        m.lookup.rank.withUnsafeBufferPointer { rank in
            for i in 0..<m.totalEvents { out[i] = values[Int(rank[i])] }
        }
    }
}

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

    init(dec: [Double], sigma: [Double], band: [Int], sigmaGrid: [Double]) {
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
    }

    /// [sigma][pixel] maps as one array, [pixel × sigma count + sigma], and one 0 after the last
    /// (read, with weight 0, for an event at the top of the σ grid in the last pixel).
    static func interleaved(_ maps: [[Double]]) -> [Double] {
        let count = maps.count, n = maps.first?.count ?? 0
        var out = [Double](repeating: 0, count: count * n + 1)
        for (k, map) in maps.enumerated() { for p in 0..<n { out[p * count + k] = map[p] } }
        return out
    }
}

/// Keeps the compiler from dropping the prefetching reads of `signalDensities` (never read).
nonisolated(unsafe) var prefetchSink: UInt64 = 0

extension TemplateAnalysis {
    /// Signal spatial density (sr⁻¹) of every data event of season model `m` into `out` (event order),
    /// each as `signalDensity` gives it, from the right ascensions (radians) in look-up order.
    func signalDensities(_ m: Model, rightAscensions ra: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let lookup = m.lookup, ring = RingLookup(template.healpix), sigmas = sigmaGrid.count
        lookup.order.withUnsafeBufferPointer { order in
        lookup.z.withUnsafeBufferPointer { z in
        lookup.s.withUnsafeBufferPointer { s in
        lookup.sigmaIndex.withUnsafeBufferPointer { sigmaIndex in
        lookup.sigmaWeight.withUnsafeBufferPointer { sigmaWeight in
            // In blocks: first every pixel of the block (arithmetic only), then the map reads, a short
            // loop of independent loads whose cache misses the core can overlap.
            let blockSize = 256
            withUnsafeTemporaryAllocation(of: Int.self, capacity: blockSize) { at in
                var start = 0
                for (band, end) in lookup.bandEnds.enumerated() {
                    m.maps[band].withUnsafeBufferPointer { maps in
                        for block in stride(from: start, to: end, by: blockSize) {
                            let count = min(blockSize, end - block)
                            for b in 0..<count {
                                let i = block + b
                                at[b] = ring.pixel(z: z[i], s: s[i], phi: ra[i]) &* sigmas &+ Int(sigmaIndex[i])
                            }
                            // The block's events lie on a few neighbouring rings, whose pixels are contiguous:
                            // read that stretch of the map line by line first (a sequential stream the
                            // hardware prefetches), so the scattered reads below find it in the cache.
                            var low = at[0], high = at[0]
                            for b in 1..<max(1, count) { low = min(low, at[b]); high = max(high, at[b]) }
                            // Only where the block's events are dense on the stretch (one band of a KRA-γ-like
                            // template holds 1/16 of the events: the stretch would be mostly unread lines).
                            if (high - low) / sigmas <= 4 * count {
                                var touch: UInt64 = 0   // OR of bit patterns: no chain of dependent additions
                                for a in stride(from: low, through: high + 1, by: 8) { touch |= maps[a].bitPattern }
                                if touch == UInt64.max { prefetchSink = touch }
                            }
                            for b in 0..<count {
                                let i = block + b, t = sigmaWeight[i], a = at[b]
                                // Both neighbours are read whatever t (no branch to mispredict); at
                                // t = 0 the first alone is the value, as in `signalDensity`.
                                let lower = maps[a], blend = lower * (1 - t) + maps[a + 1] * t
                                out[Int(order[i])] = t == 0 ? lower : blend
                            }
                        }
                    }
                    start = end
                }
            }
        }}}}}
    }
}

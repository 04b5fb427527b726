/// xoshiro256** (Blackman & Vigna, 2018): a small, fast generator with 256 bits of state.
///
/// Folio never uses a global random source. Every pseudo-experiment is drawn from a generator
/// seeded with a seed the runner derives from (analysis seed, step name, chunk index), so the same
/// trial gives the same numbers locally, in parallel, or on a cluster.
///
/// The 64-bit seed is expanded into the 256-bit state with SplitMix64, as the authors recommend.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    // Visible to the inlinable `next` (trial loops draw thousands of numbers per trial).
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var splitMix = SplitMix64(seed: seed)
        s0 = splitMix.next(); s1 = splitMix.next(); s2 = splitMix.next(); s3 = splitMix.next()
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): used to expand one 64-bit seed into a larger state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A generator for code paths that must not draw (the fit on the real, unscrambled events):
/// drawing from it is a programming error, never a silent source of unseeded numbers.
public struct NoRandomness: RandomNumberGenerator, Sendable {
    public init() {}
    public mutating func next() -> UInt64 { preconditionFailure("a code path that must not draw random numbers drew one") }
}

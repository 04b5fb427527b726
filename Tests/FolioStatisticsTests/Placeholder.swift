import Testing
@testable import FolioStatistics

@Suite struct RandomTests {
    /// Reference values of the authors' C implementation seeded through SplitMix64(0).
    @Test func splitMixMatchesReference() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = Xoshiro256StarStar(seed: 42), b = Xoshiro256StarStar(seed: 42), c = Xoshiro256StarStar(seed: 43)
        let xa = (0..<8).map { _ in a.next() }, xb = (0..<8).map { _ in b.next() }, xc = (0..<8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        var u = Xoshiro256StarStar(seed: 1)
        let mean = (0..<100_000).reduce(0.0) { acc, _ in acc + u.nextUniform() } / 100_000
        #expect(abs(mean - 0.5) < 0.005)  // 5 standard errors of 1/sqrt(12*1e5)
    }
}

import Dispatch
import FolioIceCube
import FolioStatistics

// Conveniences over the library's generator-taking trial functions for FolioIceCube's tests and the
// likelihood benchmark (one copy for both). Sources draw only through the runner's `TrialChunk`;
// these seed their own generators, chunk c as the library seeded it before the runner owned the
// seeds (reproducible, chunks independent), so the tests' and benchmark's numbers are as before.

public func testGenerator(seed: UInt64, chunk: Int) -> Xoshiro256StarStar {
    // The library's former per-chunk derivation, kept here so that these checks draw the same numbers as before.
    var s = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: chunk) &* 0x9E37_79B9_7F4A_7C15))
    _ = s.next()
    return Xoshiro256StarStar(seed: s.next())
}

private func chunked<T: Sendable>(count: Int, chunkSize: Int, threads: Int?, _ body: @escaping @Sendable (Int, Int) -> [T]) -> [T] {
    let chunks = (count + chunkSize - 1) / chunkSize
    let slots = ChunkSlots<[T]>(count: chunks)
    let work: @Sendable (Int) -> Void = { c in slots[c] = body(c, min(chunkSize, count - c * chunkSize)) }
    if threads == 1 { for c in 0..<chunks { work(c) } } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
    return slots.values.flatMap { $0! }
}

extension PointSourceAnalysis {
    public func trials(seed: UInt64, chunk: Int, count: Int, injectMean: Double = 0, injectGamma: Double = 2,
                injection: SignalInjector.Model = .instrumentResponse) -> [PointSourceFit] {
        var g = testGenerator(seed: seed, chunk: chunk)
        return trials(count: count, injectMean: injectMean, injectGamma: injectGamma, injection: injection, using: &g)
    }

    public func parallelTrials(seed: UInt64, count: Int, chunkSize: Int = 250, injectMean: Double = 0, injectGamma: Double = 2,
                        injection: SignalInjector.Model = .instrumentResponse, threads: Int? = nil) -> [PointSourceFit] {
        chunked(count: count, chunkSize: chunkSize, threads: threads) { c, n in
            self.trials(seed: seed, chunk: c, count: n, injectMean: injectMean, injectGamma: injectGamma, injection: injection)
        }
    }

    /// Sensitivity (power 0.9 above the background median) on a grid of `points` means up to `top`.
    public func sensitivity(background: BackgroundTSDistribution, gamma: Double = 2, seed: UInt64, trialsPerStep: Int = 200,
                     top: Double = 50, points: Int = 10) -> SensitivityResult {
        fluxFor(threshold: background.median, power: 0.9, gamma: gamma, seed: seed, trials: trialsPerStep, top: top, points: points)
    }

    public func discoveryPotential(sigma: Double, background: BackgroundTSDistribution, gamma: Double = 2, seed: UInt64,
                            trialsPerStep: Int = 200, top: Double = 100, points: Int = 10) -> SensitivityResult {
        let threshold = Self.tsThreshold(background: background, pValue: Significance.pValue(sigma: sigma))
        return fluxFor(threshold: threshold, power: 0.5, gamma: gamma, seed: seed, trials: trialsPerStep, top: top, points: points)
    }

    private func fluxFor(threshold: Double, power: Double, gamma: Double, seed: UInt64, trials: Int, top: Double, points: Int) -> SensitivityResult {
        let means = GridCrossing.grid(top: top, count: points)
        let passing = passingCounts(threshold: threshold, gamma: gamma, means: means, count: trials) { testGenerator(seed: seed, chunk: 0) }
        return fluxForPower(threshold: threshold, power: power, gamma: gamma, means: means, passing: passing, trials: trials).result
    }
}

extension TemplateAnalysis {
    public func trials(seed: UInt64, chunk: Int, count: Int, injectMean: Double = 0,
                injection: SignalInjector.Model = .instrumentResponse, kernel: TrialKernel = .lookup) -> [TemplateFit] {
        var g = testGenerator(seed: seed, chunk: chunk)
        return trials(count: count, injectMean: injectMean, injection: injection, kernel: kernel, using: &g)
    }

    public func parallelTrials(seed: UInt64, count: Int, chunkSize: Int = 50, injectMean: Double = 0,
                        injection: SignalInjector.Model = .instrumentResponse) -> [TemplateFit] {
        chunked(count: count, chunkSize: chunkSize, threads: nil) { c, n in
            self.trials(seed: seed, chunk: c, count: n, injectMean: injectMean, injection: injection)
        }
    }
}

extension AllSkyScan {
    public func scan(scrambledWithSeed seed: UInt64, chunk: Int, threads: Int = 2) -> SkyScanMap {
        var g = testGenerator(seed: seed, chunk: chunk)
        return scan(scrambledUsing: &g, threads: threads)
    }
}

extension PseudoSample {
    public static func season(_ base: SeasonData, exposureFactor k: Double, site: DetectorSite = .southPole, seed: UInt64) -> SeasonData {
        var g = Xoshiro256StarStar(seed: seed)   // as before
        return season(base, exposureFactor: k, site: site, using: &g)
    }
}

extension TemplateAnalysis {
    public func pseudoDataset(from dataset: IceCubeDataset, seed: UInt64, injectMean: Double) -> IceCubeDataset {
        var g = Xoshiro256StarStar(seed: seed)   // as before
        return pseudoDataset(from: dataset, injectMean: injectMean, using: &g)
    }
}

import Foundation
import FolioCache
import FolioModel
import FolioRunner
import FolioSteps
import FolioTestSupport

/// A builder on a temporary output folder with the standard kinds plus `extra`.
func makeBuilder(_ dir: TemporaryDirectory, output: String = "output", jobs: Int = 2,
                 extra: [any StepKind.Type] = [], log: @escaping @Sendable (String) -> Void = { _ in }) -> Builder {
    let environment = BuildEnvironment(projectRoot: dir.url, dataRoot: dir.path("data"), outputDirectory: dir.path(output),
                                       jobs: jobs, toolchain: Toolchain(swift: "test", os: "test", libraries: [:]), folioVersion: "test")
    return Builder(registry: StandardKinds.registry.merging(StepRegistry(extra)), environment: environment, log: log)
}

/// Two independent toy chains; changing one must not touch the other.
func twoChains(eventsA: Int = 400, trialsA: Int = 40, seed: UInt64 = 1) -> Analysis {
    Analysis("chains", title: "Two chains", seed: seed) {
        ToySample("a", events: eventsA, signalFraction: 0.05)
        ToySample("b", events: 300, signalFraction: 0.05)
        ToyFit("fitA", on: "a")
        ToyFit("fitB", on: "b")
        ToyTrials("trialsA", of: "fitA", trials: trialsA, chunkSize: 10)
    }
}

/// Lines collected from a builder's log.
final class LogLines: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) { lock.lock(); storage.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}

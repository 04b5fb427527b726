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


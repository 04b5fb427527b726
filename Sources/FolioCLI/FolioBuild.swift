import Foundation
import FolioModel
import FolioRunner
import FolioSteps

/// Builds one analysis as `folio build` does, without a progress display: for the tests of a
/// user's package ("does `build` of my analysis produce a report?").
///
/// ```swift
/// let summary = try await FolioBuild.run(MyAnalysis.analysis, kinds: [PowerLawFitKind.self],
///                                        outputDirectory: temporaryFolder)
/// #expect(FileManager.default.fileExists(atPath: summary.analysisDirectory.appendingPathComponent("report.html").path))
/// ```
public enum FolioBuild {
    /// - Parameters:
    ///   - kinds: the package's own kinds (the standard kinds are always included).
    ///   - dataRoot: the data root (default: as `folio build` resolves it for `projectRoot`).
    ///   - formats: report formats to write (default: HTML only, the quicker).
    public static func run(_ analysis: Analysis, kinds: [any StepKind.Type] = [], outputDirectory: URL, dataRoot: URL? = nil,
                           projectRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                           formats: [String] = ["html"], jobs: Int = ProcessInfo.processInfo.activeProcessorCount) async throws -> BuildSummary {
        let setup = FolioSetup(analyses: [analysis], kinds: kinds)
        if let problem = setup.problems.first { throw UserError(problem) }
        let environment = BuildEnvironment(
            projectRoot: projectRoot, dataRoot: dataRoot ?? BuildEnvironment.defaultDataRoot(projectRoot: projectRoot),
            outputDirectory: outputDirectory, jobs: jobs, toolchain: ToolchainDescription.current(),
            folioVersion: FolioVersion.current)
        let builder = Builder(registry: setup.registry, environment: environment)
        let options = BuildOptions(overrides: ["report": ["formats": .array(formats.map { .string($0) })]])
        return try await builder.build(analysis, options: options)
    }
}

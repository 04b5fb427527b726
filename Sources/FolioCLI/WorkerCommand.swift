import ArgumentParser
import Foundation
import FolioModel
import FolioRunner
import FolioSteps

/// `folio worker`: what one element of a Slurm job array runs. Plans the analysis again, runs one
/// chunk of one trial step and writes it into the shared cache's chunk store, then exits. The build
/// on the login node submitted it and collects the chunk; users never need to call it.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run one chunk of a trial step into the shared cache (what Slurm jobs run).",
        discussion: """
        Submitted by `folio build --executor slurm`. The chunk defaults to $SLURM_ARRAY_TASK_ID. \
        Exit 0 when the chunk is stored (or already was), 2 when the analysis changed since the \
        build submitted it (--key differs), 1 when the chunk failed; a note is then left in \
        output/.cache/chunks/<key>/<chunk>.error for the build's message.
        """)

    @Argument(help: "The analysis, by name or as a .json file.")
    var analysis: String

    @Option(name: .long, help: "The splittable step.")
    var step: String

    @Option(name: .long, help: "The step's cache key as the submitting build computed it (checked).")
    var key: String?

    @Option(name: .long, help: "The chunk to run (repeatable; default: $SLURM_ARRAY_TASK_ID).")
    var chunk: [Int] = []

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            var chunks = chunk
            if chunks.isEmpty {
                guard let id = ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) else {
                    throw UserError("no --chunk given and $SLURM_ARRAY_TASK_ID is not set")
                }
                chunks = [id]
            }
            let cpus = ProcessInfo.processInfo.environment["SLURM_CPUS_PER_TASK"].flatMap(Int.init) ?? 1
            let environment = BuildEnvironment(
                projectRoot: project.projectRoot, dataRoot: project.dataRoot, outputDirectory: project.outputDirectory,
                jobs: cpus, toolchain: ToolchainDescription.current(), folioVersion: FolioVersion.current)
            let builder = Builder(registry: FolioSetup.current.registry, environment: environment)
            guard let analysis = try project.analyses([self.analysis]).first else { return }
            let started = Date()
            let ran = try await builder.runWorkerChunks(chunks, ofStep: step, in: analysis, expectedKey: key)
            let skipped = chunks.count - ran.count
            print("worker: \(analysis.name)/\(step): chunk\(chunks.count > 1 ? "s" : "") \(chunks.map(String.init).joined(separator: ",")) "
                  + (ran.isEmpty ? "already stored" : "stored in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
                  + (skipped > 0 && !ran.isEmpty ? " (\(skipped) already stored)" : ""))
        }
    }
}

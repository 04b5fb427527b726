import ArgumentParser
import Foundation
import FolioCluster
import FolioRunner

/// `folio build` options choosing where the chunks of trial steps run. They override `folio.json`
/// in the project root (see `ExecutorConfiguration`); without either, the local executor runs them.
struct ExecutorOptions: ParsableArguments {
    @Option(name: .long, help: "Where trial chunks run: local (default; all cores) or slurm (a job array of `folio worker`).")
    var executor: String?

    @Option(name: .long, help: "Slurm partition (default: folio.json's, else the cluster's default).")
    var partition: String?

    @Option(name: .long, help: "Slurm: at most this many chunks of a step run at once (default 100).")
    var maxJobs: Int?

    @Option(name: .long, help: "Slurm: attempts per chunk before the build fails (default 3).")
    var maxAttempts: Int?

    @Option(name: .long, help: "Slurm: seconds between looks at the queue and the chunk store (default 2).")
    var pollSeconds: Double?

    @Option(name: .long, help: "Slurm: --time of each job element, e.g. 00:30:00.")
    var timeLimit: String?

    @Option(name: .long, help: "Slurm: a further sbatch option, e.g. --sbatch-arg=--account=icecube (repeatable).")
    var sbatchArg: [String] = []

    func validate() throws {
        if let executor, ExecutorConfiguration.Kind(rawValue: executor) == nil {
            throw ValidationError("--executor takes local or slurm, not '\(executor)'")
        }
        if let maxJobs, maxJobs < 1 { throw ValidationError("--max-jobs must be at least 1") }
        if let maxAttempts, maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
        if let pollSeconds, !(pollSeconds > 0) { throw ValidationError("--poll-seconds must be positive") }
    }

    /// folio.json overlaid with these options.
    func configuration(projectRoot: URL) throws -> ExecutorConfiguration {
        var c = try ExecutorConfiguration.load(projectRoot: projectRoot)
        if let executor { c.kind = ExecutorConfiguration.Kind(rawValue: executor)! }
        if let partition { c.slurm.partition = partition }
        if let maxJobs { c.slurm.maxJobs = maxJobs }
        if let maxAttempts { c.slurm.maxAttempts = maxAttempts }
        if let pollSeconds { c.slurm.pollSeconds = pollSeconds }
        if let timeLimit { c.slurm.timeLimit = timeLimit }
        if !sbatchArg.isEmpty { c.slurm.sbatchArguments += sbatchArg }
        return c
    }

    /// The executor for one analysis; `analysisArgument` is how a worker names it again (a
    /// catalog name or the absolute path of its JSON file).
    func makeExecutor(_ configuration: ExecutorConfiguration, project: ProjectOptions, analysisArgument: String) -> any ChunkExecutor {
        switch configuration.kind {
        case .local:
            return LocalExecutor()
        case .slurm:
            let worker = WorkerInvocation(
                executable: Self.currentExecutable,
                arguments: ["worker", analysisArgument, "--output", project.outputDirectory.path, "--data", project.dataRoot.path],
                workingDirectory: project.projectRoot)
            return SlurmExecutor(settings: configuration.slurm, worker: worker)
        }
    }

    /// This very binary, so jobs run the same Folio (it must sit on the shared file system).
    static var currentExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

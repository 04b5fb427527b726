import ArgumentParser
import FolioIceCube
import FolioModel
import Foundation

/// `folio data synthesize`: the SYNTHETIC multi-season sample of the scale benchmarks
/// (`Benchmarks/scale`), written beside a README that says what it is.
struct DataSynthesizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "Write a SYNTHETIC multi-season sample (IC40 resampled) for scale benchmarks.",
        discussion: """
        Resamples the real IC40 events into the first N seasons of the 10-year release (IC40, IC59, IC79, \
        IC86_I..VII) with each season's effective area and good-run livetime, and writes them as a data root \
        in the release's format (Folio and SkyLLH read it) into OUT/SYNTHETIC-ic40-resampled-<N>seasons-seed<S>, \
        with SYNTHETIC_README.md (method, seed, per-season counts) and SHA256SUMS. Same seed: byte-identical \
        files. NOT IceCube data: for speed and memory measurements only; never commit it. Smearing matrices are \
        linked from --smearing-dir, else the data root's stand-ins, else IC40's stand-in (the README says which).
        """)

    @Option(help: "Number of seasons, 1-10 (10: about 1.1 million events).") var seasons: Int = 10
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Folder in which the SYNTHETIC-... data root is made.") var out: String
    @Option(help: "A folder with <season>_smearing.csv stand-ins to use first (repeatable).") var smearingDir: [String] = []
    @OptionGroup var project: ProjectOptions

    func run() async throws {
        try await reportingErrors {
            let base = ProjectOptions.resolve(out, in: project.projectRoot)
            let root = base.appendingPathComponent("SYNTHETIC-ic40-resampled-\(seasons)seasons-seed\(seed)")
            let manifestURL = FileRoots.folioSourceRoot.appendingPathComponent("datasets/icecube_10year_ps.sha256.json")
            let manifest = try ChecksumManifest.load(manifestURL)
            let result: SyntheticSample.Result
            do {
                result = try SyntheticSample.write(dataRoot: project.dataRoot, output: root, seasonCount: seasons, seed: seed,
                                                   smearingDirs: smearingDir.map { ProjectOptions.resolve($0, in: project.projectRoot) },
                                                   manifest: manifest)
            } catch let error as DataFileError { throw UserError(error.description) }
            print("SYNTHETIC sample (NOT IceCube data) written to \(root.path)")
            for s in result.seasons {
                print("  \(s.season.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(format: "%8.2f", s.livetimeDays)) d  \(String(format: "%8d", s.events)) events\(s.smearingFromIC40 ? "  (IC40's stand-in smearing)" : "")")
            }
            print("  total \(result.totalEvents) events; see \(SyntheticSample.readmeName), check with: cd \(root.path) && sha256sum -c \(SyntheticSample.checksumsName)")
        }
    }
}

// swift-tools-version:6.1
// Folio: a notebook-style, reproducible report generator for likelihood analyses.
// One module per concern; dependencies point one way:
//   FolioModel <- FolioCache <- FolioRunner <- FolioSteps <- FolioCommandLine <- Folio (umbrella) <- analyses <- folio
//   FolioSky <- FolioPlot;  FolioSky <- FolioGalaxy;  FolioStatistics <- FolioIceCube;  FolioReport
// The C libraries (Cairo, Pango, chealpix, cfitsio, OpenSSL's libcrypto for SHA-256) come from Debian through pkg-config shims.
//
// Folio is also a library (products `Folio` and `FolioCommandLine`) that a user's package depends on
// by path or URL. SwiftPM refuses `unsafeFlags` in dependencies and target names must be unique in
// a package graph, so everything only Folio's own development needs (the `folio` executable, tests,
// benchmarks, -O in debug builds) is declared only when Folio is the root package: see
// `developingFolio` at the end of this file.
import Foundation
import PackageDescription

/// Numerical kernels are compiled with -O even in debug builds when Folio itself is developed:
/// `swift test` then runs template fits and scans at release speed instead of 2-7x slower (measured
/// per step in README "Your own analyses"). So are the model, the cache and the runner, which every
/// command plans with: `swift run folio list` 133 -> 92 ms, a no-op flagship build 262 -> 215 ms
/// (README "Start-up and the no-op rebuild"). A dependent package never sees this flag.
let optimizedEvenInDebug: [SwiftSetting] = developingFolio ? [.unsafeFlags(["-O"], .when(configuration: .debug))] : []

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v14)],
    products: [
        // What a user's package depends on: `import Folio` (model, runner and step-kind API, shipped
        // kinds, report document, plots, statistics, and `FolioCommand.main(analyses:kinds:)`).
        .library(name: "Folio", targets: ["Folio"]),
        .library(name: "FolioCommandLine", targets: ["FolioCommandLine"]),
        // Code fingerprints for cache keys: apply to the executable that runs builds (Plugins/FolioFingerprint/README.md)
        .plugin(name: "FolioFingerprint", targets: ["FolioFingerprint"]),
    ] + developmentProducts,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `folio preview`'s localhost server: no dependencies of its own (sockets on Glibc), ~1 min to compile
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // MARK: System-library shims (nothing but module maps and headers)
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CChealpix", pkgConfig: "chealpix", providers: [.apt(["libchealpix-dev"])]),
        .systemLibrary(name: "CFitsio", pkgConfig: "cfitsio", providers: [.apt(["libcfitsio-dev"])]),
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev"])]),
        .systemLibrary(name: "CHyphen", providers: [.apt(["libhyphen-dev"])]),
        // SHA-256 only: OpenSSL's libcrypto instead of swift-crypto, whose BoringSSL cost more
        // compile time than the rest of the dependencies together (README "Compile cost")
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // MARK: Core: the declarative model, the cache and provenance, the runner
        .target(name: "FolioModel", exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioSHA256", dependencies: ["COpenSSL"]),
        .target(name: "FolioCache", dependencies: ["FolioModel", "FolioSHA256"], exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioRunner", dependencies: ["FolioModel", "FolioCache", "FolioStatistics"], exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        // Cluster executors (Slurm job arrays of `folio worker`) behind FolioRunner's ChunkExecutor
        .target(name: "FolioCluster", dependencies: ["FolioModel", "FolioCache", "FolioRunner"], exclude: ["README.md"]),

        // MARK: Craft: sky geometry, plotting, statistics, IceCube data, reports
        // The unchecked Double -> Int conversion of the HEALPix ring look-up (a header; a C target, so
        // that the code fingerprint covers it)
        .target(name: "CTruncation"),
        .target(name: "FolioSky", dependencies: ["CChealpix", "CFitsio", "CTruncation"], exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioPlot", dependencies: ["FolioModel", "FolioSky", "FolioCache", "CCairo", "CPangoCairo"], exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioStatistics", exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioGalaxy", dependencies: ["FolioSky"], exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioIceCube", dependencies: [
            "FolioStatistics", "FolioSky", "CChealpix", "CFitsio",
            "FolioSHA256",  // sha256 of data files against the manifest
        ], exclude: ["README.md"], swiftSettings: optimizedEvenInDebug),
        .target(name: "FolioMath", dependencies: ["CCairo", "CPangoCairo"], exclude: ["README.md"]),
        .target(name: "FolioReport", dependencies: [
            "FolioModel", "FolioCache", "FolioMath", "CCairo", "CPangoCairo", "CRsvg", "CHyphen",
            .product(name: "Ink", package: "Ink"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], exclude: ["README.md"]),

        // MARK: Data: fetching public data releases (resumable, checksummed)
        .target(name: "FolioData", dependencies: [
            "FolioModel", "FolioCache", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["README.md"]),

        // MARK: Review: diff two builds, explain a number, verify a build against a reference
        .target(name: "FolioReview", dependencies: [
            "FolioModel", "FolioCache", .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["README.md"]),

        // MARK: Step kinds: bind the craft modules to the runner
        .target(name: "FolioSteps", dependencies: [
            "FolioModel", "FolioRunner", "FolioStatistics", "FolioPlot", "FolioSky", "FolioGalaxy", "FolioIceCube", "FolioReport", "FolioReview",
        ], exclude: ["README.md"]),

        // MARK: The library users import, and the command line as a library
        .target(name: "Folio", dependencies: [
            "FolioModel", "FolioRunner", "FolioSteps", "FolioReport", "FolioPlot", "FolioStatistics", "FolioSky", "FolioIceCube",
            "FolioCommandLine",
        ], exclude: ["README.md"]),
        .target(name: "FolioCommandLine", dependencies: [
            "FolioModel", "FolioCache", "FolioRunner", "FolioCluster", "FolioSteps", "FolioReview", "FolioData", "FolioIceCube",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "FlyingFox", package: "FlyingFox"),
        ], path: "Sources/FolioCLI", exclude: ["README.md"]),

        // MARK: Code fingerprints: a build-tool plugin hashing the sources of every module a target is
        // built from (comments and blank lines removed), with a dependency-free host tool
        .target(name: "FolioFingerprintCore", exclude: ["README.md"]),
        .executableTarget(name: "folio-fingerprint", dependencies: ["FolioFingerprintCore"], path: "Sources/FolioFingerprintTool",
                          exclude: ["README.md"]),
        .plugin(name: "FolioFingerprint", capability: .buildTool(), dependencies: ["folio-fingerprint"]),
    ] + developmentTargets
)

// MARK: - Development of Folio itself (only when Folio is the root package)

/// True when `swift build`/`swift test` runs in Folio's own folder; false when Folio is built as a
/// dependency of another package (by path or URL). `FOLIO_DEVELOPMENT=1` (or `0`) overrides, e.g.
/// for `swift build --package-path <folio>` run from elsewhere.
var developingFolio: Bool {
    if let forced = Context.environment["FOLIO_DEVELOPMENT"] { return forced == "1" }
    func canonical(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path }
    return Context.environment["PWD"].map(canonical) == canonical(Context.packageDirectory)
}

var developmentProducts: [Product] {
    developingFolio ? [.executable(name: "folio", targets: ["folio"])] : []
}

var developmentTargets: [Target] {
    guard developingFolio else { return [] }
    return [
        // MARK: Folio's own analyses, and its `folio`: the command line with them and the standard kinds
        .target(name: "Analyses", dependencies: ["Folio", "FolioModel", "FolioSteps", "FolioPlot", "FolioSky"], path: "analyses",
                // The reports' prose, read at build time (a `folioFile` input of the report step), not compiled;
                // the SkyLLH cross-check reference, read by the validation step.
                exclude: ["Toy/report.md", "GalacticPlane/report.md", "GalacticPlane/skyllh-reference.json", "GalacticPlane/skyllh-reference.sh"]),
        .executableTarget(name: "folio", dependencies: ["FolioCommandLine", "Analyses"], path: "Sources/folio",
                          exclude: ["README.md"], plugins: ["FolioFingerprint"]),

        // MARK: Benchmarks (release builds; run by Benchmarks/plot/run.sh and Benchmarks/likelihood/run.sh)
        .executableTarget(name: "folio-plot-bench", dependencies: ["FolioPlot", "FolioSky"], path: "Benchmarks/plot/Sources"),
        .executableTarget(name: "folio-likelihood-bench", dependencies: ["FolioIceCube", "FolioGalaxy", "FolioStatistics", "FolioSky", "FolioTrialSupport"],
                          path: "Benchmarks/likelihood/Sources"),

        // MARK: Tests, one target per module plus end-to-end tests of the CLI
        .target(name: "FolioTestSupport", dependencies: ["FolioModel"], path: "Tests/FolioTestSupport"),
        // Seeded trial conveniences shared by FolioIceCube's tests and the likelihood benchmark
        .target(name: "FolioTrialSupport", dependencies: ["FolioIceCube", "FolioStatistics"], path: "Tests/FolioTrialSupport"),
        .testTarget(name: "FolioModelTests", dependencies: ["FolioModel", "FolioTestSupport"]),
        .testTarget(name: "FolioCacheTests", dependencies: ["FolioCache", "FolioTestSupport"]),
        .testTarget(name: "FolioRunnerTests", dependencies: ["FolioRunner", "FolioSteps", "FolioTestSupport"]),
        .testTarget(name: "FolioClusterTests", dependencies: ["FolioCluster", "FolioRunner", "FolioSteps", "FolioStatistics", "FolioTestSupport"]),
        .testTarget(name: "FolioStepsTests", dependencies: ["FolioSteps", "FolioRunner", "FolioCache", "FolioSky", "FolioPlot", "FolioStatistics", "FolioGalaxy", "FolioIceCube", "FolioTestSupport"]),
        .testTarget(name: "FolioReviewTests", dependencies: ["FolioReview", "FolioTestSupport"]),
        .testTarget(name: "FolioSkyTests", dependencies: ["FolioSky", "FolioTestSupport"]),
        .testTarget(name: "FolioPlotTests", dependencies: ["FolioPlot", "FolioTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "FolioGalaxyTests", dependencies: ["FolioGalaxy", "FolioTestSupport"]),
        .testTarget(name: "FolioStatisticsTests", dependencies: ["FolioStatistics", "FolioTestSupport"]),
        .testTarget(name: "FolioIceCubeTests", dependencies: ["FolioIceCube", "FolioSky", "FolioGalaxy", "FolioTestSupport", "FolioTrialSupport"]),
        .testTarget(name: "FolioFingerprintTests", dependencies: ["FolioFingerprintCore"]),
        .testTarget(name: "FolioReportTests", dependencies: ["FolioReport", "FolioTestSupport"]),
        .testTarget(name: "FolioMathTests", dependencies: ["FolioMath"]),
        .testTarget(name: "FolioEndToEndTests", dependencies: [
            "folio", "Analyses", "FolioCache", "FolioCommandLine", "FolioSky", "FolioPlot", "FolioSteps", "FolioIceCube", "FolioGalaxy", "FolioTestSupport",
            "FolioFingerprintCore",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    ]
}

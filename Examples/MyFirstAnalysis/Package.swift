// swift-tools-version:6.1
// An analysis package of one's own, outside Folio's targets: it depends on Folio by path, defines a
// step kind Folio does not ship (a likelihood fit of the spectral index of the events' reconstructed
// energies), a figure, a table and a report, and has its own tests and its own `folio` command.
import PackageDescription

let package = Package(
    name: "MyFirstAnalysis",
    platforms: [.macOS(.v14)],
    dependencies: [
        // `name:` because a path dependency's identity is its folder's name, which a clone may choose.
        .package(name: "Folio", path: "../.."),
    ],
    targets: [
        .target(name: "MyFirstAnalysis", dependencies: [.product(name: "Folio", package: "Folio")]),
        .executableTarget(name: "folio", dependencies: ["MyFirstAnalysis", .product(name: "Folio", package: "Folio")],
                          // Generates FolioCodeFingerprints: the code of every module enters the cache keys.
                          plugins: [.plugin(name: "FolioFingerprint", package: "Folio")]),
        .testTarget(name: "MyFirstAnalysisTests", dependencies: ["MyFirstAnalysis", .product(name: "Folio", package: "Folio")]),
    ]
)

import Foundation
import Folio

/// The example analysis: the spectral index of the reconstructed muon energies of IceCube's public
/// IC40 tracks, in the northern sky (up-going: atmospheric and astrophysical neutrinos) and in the
/// southern sky (down-going: mostly atmospheric muons, above a high energy threshold in the data).
public enum MyFirstAnalysis {
    /// This package's own step kinds (the standard kinds are always included).
    public static let kinds: [any StepKind.Type] = [SpectralIndexFitKind.self]

    public static let analysis = Analysis("my-first-analysis", title: "The spectral index of IceCube's reconstructed track energies",
                                          seed: 20_080_405) {
        IceCubeData("data", selection: IceCubeSelection(seasons: ["IC40"]))
        SpectralIndexFit("north", data: "data", declination: -5...90, log10Energy: 3.5...6.5)
        SpectralIndexFit("south", data: "data", declination: -90...(-5), log10Energy: 6.0...7.0)
        report
    }

    /// The data root Folio itself uses (`../shared/data` beside the checkout), when it exists.
    public static var folioDataRoot: URL? {
        let root = FileRoots.folioSourceRoot.appendingPathComponent("../shared/data").standardizedFileURL
        return FileManager.default.fileExists(atPath: root.path) ? root : nil
    }

    /// The prose is `report.md` at the package root, read when the analysis is planned (an edit reruns
    /// only the report step, with no compile); figures and tables are declared here and placed there.
    static let report = Report(
        markdown: "report.md",
        figures: [
            ReportFigure(name: "north", caption: "Reconstructed energies of northern-sky events with the fitted power law."),
            ReportFigure(name: "south", caption: "Reconstructed energies of southern-sky events with the fitted power law."),
        ],
        tables: [
            ReportTable(name: "indices", caption: "Fitted spectral indices of the reconstructed energies (IC40).",
                        columns: [.init(header: "Band", role: .text), .init(header: "Events", role: .value),
                                  .init(header: "γ", role: .value)],
                        rows: [
                            [.text("δ ≥ −5°, 10^3.5–10^6.5 GeV"), .result("north.events"), .result("north.index")],
                            [.text("δ < −5°, 10^6–10^7 GeV"), .result("south.events"), .result("south.index")],
                        ]),
        ])
}

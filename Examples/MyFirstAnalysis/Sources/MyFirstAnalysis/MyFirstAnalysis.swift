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
        Report(document: document)
    }

    /// The data root Folio itself uses (`../shared/data` beside the checkout), when it exists.
    public static var folioDataRoot: URL? {
        let root = FileRoots.folioSourceRoot.appendingPathComponent("../shared/data").standardizedFileURL
        return FileManager.default.fileExists(atPath: root.path) ? root : nil
    }

    static let document = ReportDocument(
        title: "The spectral index of IceCube's reconstructed track energies",
        authors: [Author("Folio example", affiliation: "Examples/MyFirstAnalysis")],
        abstract: """
            A maximum-likelihood fit of dN/dE ∝ E^−γ to the reconstructed energies of the \
            {{ results.data.events | nounit }} public IC40 track events gives γ = {{ results.north.index }} in the \
            northern sky ({{ results.north.events | nounit }} events) and γ = {{ results.south.index }} in the southern \
            sky ({{ results.south.events | nounit }} events).
            """,
        sections: [
            ReportSection(id: "method", title: "Method", blocks: [
                .prose("""
                    The events of IceCube's public 10-year point-source release (season IC40) are split at \
                    declination −5°. In each band the reconstructed energies E between E₀ and E₁ are fitted with \
                    a power law truncated to [E₀, E₁]: with x = ln(E/E₀) and g = γ − 1, \
                    ln L(g) = n ln g − g Σx − n ln(1 − e^(−g ln(E₁/E₀))), maximised by bisection of its score. \
                    The error is the inverse square root of −∂²ln L/∂γ² at the maximum. The energy is a \
                    reconstructed proxy, not the neutrino energy: γ describes the observed distribution, folded \
                    with the detector's response, not the flux.
                    """),
            ]),
            ReportSection(id: "results", title: "Results", blocks: [
                .prose("""
                    In the northern sky (@fig:north), where the Earth absorbs atmospheric muons, the events above \
                    10^3.5 GeV fall with γ = {{ results.north.index }}; in the southern sky (@fig:south), above \
                    10^6 GeV (above the peak that the event selection's energy threshold makes), γ = {{ results.south.index }} (@tab:indices). \
                    The northern spectrum steepens above about 10^5 GeV (@fig:north): one power law is a first \
                    description of the reconstructed energies, not a model of them.
                    """),
                .figure(ReportFigure(name: "north", caption: "Reconstructed energies of northern-sky events with the fitted power law.")),
                .figure(ReportFigure(name: "south", caption: "Reconstructed energies of southern-sky events with the fitted power law.")),
                .table(ReportTable(name: "indices", caption: "Fitted spectral indices of the reconstructed energies (IC40).",
                                   columns: [.init(header: "Band", role: .text), .init(header: "Events", role: .value),
                                             .init(header: "γ", role: .value)],
                                   rows: [
                                       [.text("δ ≥ −5°, 10^3.5–10^6.5 GeV"), .result("north.events"), .result("north.index")],
                                       [.text("δ < −5°, 10^6–10^7 GeV"), .result("south.events"), .result("south.index")],
                                   ])),
            ]),
        ])
}

import Foundation
import FolioModel
import CCairo
@testable import FolioReport

/// A small report in the style of the flagship analysis, with figures drawn here by Cairo (SVG and
/// PNG) so these tests do not depend on FolioPlot.
enum ReportFixture {
    static func results(fluxValue: Double = 2.18e-11) -> [String: ResultValue] {
        func r(_ v: ResultValue, _ step: String) -> ResultValue {
            var v = v
            v.step = step
            v.key = String(repeating: step == "fit-pi0" ? "a1" : step == "trials" ? "b2" : "c3", count: 32)
            return v
        }
        return [
            "fit-pi0.flux": r(ResultValue(fluxValue, unit: .GeVcm2sSr, minus: 0.41e-11, plus: 0.52e-11, kind: .flux), "fit-pi0"),
            "fit-pi0.significance": r(ResultValue(4.712, unit: .sigma, kind: .significance), "fit-pi0"),
            "fit-pi0.pvalue": r(ResultValue(1.23e-6, unit: .dimensionless, kind: .pValue), "fit-pi0"),
            "fit-pi0.ns": r(ResultValue(748.3, unit: .events, minus: 96, plus: 104, kind: .fitParameter), "fit-pi0"),
            "fit-kra5.flux": r(.upperLimit(1.37e-11, unit: .GeVcm2sSr, confidenceLevel: 0.9), "fit-kra5"),
            "fit-kra5.significance": r(ResultValue(4.37, unit: .sigma, kind: .significance), "fit-kra5"),
            "trials.pvalue-post": r(ResultValue(2.6e-5, unit: .dimensionless, kind: .pValue), "trials"),
            "trials.significance-post": r(ResultValue(4.05, unit: .sigma, kind: .significance), "trials"),
            "data.events": ResultValue(1_134_450, unit: .events, kind: .count),
        ]
    }

    static let provenance: [String: StepProvenance] = [
        "fit-pi0": StepProvenance(step: "fit-pi0", kind: "template-fit", cacheKey: String(repeating: "a1", count: 32),
                                  inputs: [ProvenanceInput(name: "events", sha256: String(repeating: "e7", count: 32))]),
        "fit-kra5": StepProvenance(step: "fit-kra5", kind: "template-fit", cacheKey: String(repeating: "c3", count: 32)),
        "trials": StepProvenance(step: "trials", kind: "background-trials", cacheKey: String(repeating: "b2", count: 32),
                                 inputs: [ProvenanceInput(name: "fit-pi0", sha256: String(repeating: "a1", count: 32))]),
    ]

    static func document(extraProse: String = "") -> ReportDocument {
        ReportDocument(
            title: "Neutrino emission from the Galactic plane: a Folio reproduction",
            authors: [Author("A. Physicist", affiliation: "Folio Collaboration"),
                      Author("B. Analyst", affiliation: "Folio Collaboration"),
                      Author("C. Referee", affiliation: "Institute for Reproducible Astroparticle Physics")],
            abstract: "We search ten years of public IceCube track events for diffuse emission from the Galactic plane. "
                + "The π⁰ template is preferred over the background-only hypothesis at "
                + "{{ results.fit-pi0.significance }} pre-trial, with a flux of {{ results.fit-pi0.flux }} "
                + "at 100 TeV, in line with @cite:icecube2023.",
            sections: [
                ReportSection(id: "intro", title: "Introduction", blocks: [
                    .prose("""
                    Cosmic rays interacting with interstellar gas produce neutral and charged pions, whose decays \
                    yield γ-rays and neutrinos @cite:fermi2012. The Galactic plane is therefore a guaranteed \
                    neutrino source; IceCube reported evidence for it in 2023 @cite:icecube2023.

                    This report reproduces that analysis **in miniature** on *public* data. Its main points:

                    - a binned template likelihood with the π⁰ and KRA-γ models (@sec:method);
                    - background trials from right-ascension scrambling (@sec:trials);
                    - every number below links to the step that computed it.
                    \(extraProse)
                    """),
                ]),
                ReportSection(id: "method", title: "Data and method", blocks: [
                    .prose("""
                    We use {{ results.data.events | nounit }} track events from the \
                    [public data release](https://icecube.wisc.edu/data-releases/). The test statistic follows from the likelihood \
                    ratio of `fit` against the null hypothesis; its best-fit signal strength is \
                    {{ results.fit-pi0.ns }}. The sky model is drawn in @fig:skymap.
                    """),
                    .figure(ReportFigure(name: "skymap", caption: "Expected π⁰ neutrino emission along the Galactic plane "
                        + "(arbitrary units), with the fitted flux {{ results.fit-pi0.flux | nounit }}.", width: 0.9)),
                ], subsections: [
                    ReportSection(id: "likelihood", title: "Likelihood", blocks: [
                        .prose("The likelihood is a product over events of signal and background densities; see "
                               + "@tab:fluxes for the fitted fluxes and @fig:ts for the test-statistic distribution."),
                    ]),
                ]),
                ReportSection(id: "results", title: "Results", blocks: [
                    .prose("""
                    @tab:fluxes compares the fitted fluxes with the published values. The π⁰ model is found at \
                    {{ results.fit-pi0.significance | decimals: 2 }} pre-trial (p = {{ results.fit-pi0.pvalue }}); \
                    after trials the significance is {{ results.trials.significance-post }}.
                    """),
                    .table(ReportTable(name: "fluxes", caption: "Best-fit fluxes E²Φ at 100 TeV, per flavour, ν + ν̄.",
                        columns: [.text("Model"), .value("E²Φ₁₀₀", unit: .GeVcm2sSr), .value("Significance", unit: .sigma),
                                  .published("Published", unit: .GeVcm2sSr)],
                        rows: [
                            [.text("π⁰"), .result("fit-pi0.flux"), .result("fit-pi0.significance"),
                             .published(PublishedValue(2.18e-11, minus: 0.49e-11, plus: 0.59e-11, citation: "icecube2023"))],
                            [.text("KRA-γ (5 PeV)"), .result("fit-kra5.flux"), .result("fit-kra5.significance"), .empty],
                        ])),
                    .figure(ReportFigure(name: "ts", caption: "Background test-statistic distribution from scrambled trials.",
                                         width: 0.7)),
                ]),
            ],
            appendix: [
                ReportSection(id: "trials", title: "Trial correction", blocks: [
                    .prose("Pre- and post-trial values are listed in @tab:trials."),
                    .table(ReportTable(name: "trials", caption: "Pre-trial and post-trial p-values and significances.",
                        columns: [.text("Quantity"), .value("p-value"), .value("Significance", unit: .sigma)],
                        rows: [
                            [.text("pre-trial (π⁰)"), .result("fit-pi0.pvalue"), .result("fit-pi0.significance")],
                            [.text("post-trial"), .result("trials.pvalue-post"), .result("trials.significance-post")],
                        ])),
                ]),
            ],
            references: [
                BibliographyEntry(key: "icecube2023", text: "IceCube Collaboration, Observation of high-energy neutrinos "
                    + "from the Galactic plane, *Science* **380**, 1338 (2023).", url: "https://doi.org/10.1126/science.adc9818"),
                BibliographyEntry(key: "fermi2012", text: "M. Ackermann et al. (Fermi-LAT), *Astrophys. J.* **750**, 3 (2012)."),
            ])
    }

    /// A fresh folder with the figures `skymap` and `ts` as SVG and PNG, drawn with Cairo.
    static func figuresDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("folio-report-figures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["skymap", "ts"] {
            let svg = cairo_svg_surface_create(dir.appendingPathComponent("\(name).svg").path, 480, 260)!
            draw(name, on: svg, width: 480, height: 260)
            cairo_surface_finish(svg)
            cairo_surface_destroy(svg)
            let png = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 960, 520)!
            let cr = cairo_create(png)!
            cairo_scale(cr, 2, 2)
            drawContent(name, cr, width: 480, height: 260)
            cairo_destroy(cr)
            cairo_surface_write_to_png(png, dir.appendingPathComponent("\(name).png").path)
            cairo_surface_destroy(png)
        }
        return dir
    }

    private static func draw(_ name: String, on surface: OpaquePointer, width: Double, height: Double) {
        let cr = cairo_create(surface)!
        drawContent(name, cr, width: width, height: height)
        cairo_destroy(cr)
    }

    /// A simple plot: frame, axis ticks, and a Gaussian band (skymap) or a falling histogram (ts).
    private static func drawContent(_ name: String, _ cr: OpaquePointer, width: Double, height: Double) {
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        let (x0, y0, x1, y1) = (50.0, 20.0, width - 20, height - 40)
        if name == "skymap" {
            for i in 0..<60 {
                let b = -30.0 + Double(i)
                let intensity = exp(-b * b / 40)
                cairo_set_source_rgb(cr, 0.15 + 0.8 * intensity, 0.2 + 0.5 * intensity, 0.55 - 0.4 * intensity)
                let y = y0 + (y1 - y0) * Double(i) / 60
                cairo_rectangle(cr, x0, y, x1 - x0, (y1 - y0) / 60 + 0.5)
                cairo_fill(cr)
            }
        } else {
            cairo_set_source_rgb(cr, 0.2, 0.35, 0.65)
            for i in 0..<30 {
                let h = (y1 - y0) * exp(-Double(i) / 6)
                let x = x0 + (x1 - x0) * Double(i) / 30
                cairo_rectangle(cr, x, y1 - h, (x1 - x0) / 30 - 1, h)
                cairo_fill(cr)
            }
        }
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, 1)
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0)
        cairo_stroke(cr)
        for i in 0...6 {
            let x = x0 + (x1 - x0) * Double(i) / 6
            cairo_move_to(cr, x, y1)
            cairo_line_to(cr, x, y1 + 5)
            cairo_stroke(cr)
        }
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 12)
        cairo_move_to(cr, (x0 + x1) / 2 - 60, height - 12)
        cairo_show_text(cr, name == "skymap" ? "Galactic longitude (deg)" : "test statistic TS")
    }

    static func inputs(results: [String: ResultValue] = results(), document: ReportDocument = document(),
                       figures: URL) -> ReportInputs {
        ReportInputs(document: document, results: results, provenance: provenance, figuresDirectory: figures,
                     analysisName: "galactic-plane", buildInfo: BuildInfo(folioVersion: "0.1.0-test", toolchain: "Swift 6.3.1"))
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("folio-report-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

import FolioModel
import FolioSteps

/// The paper of the flagship analysis. Every number is a `{{ results.… }}` placeholder or a table
/// cell that names a result; nothing is typed by hand except the published significance, quoted
/// with its citation.
enum GalacticPlaneReport {
    static let templates = [("pi0", "π⁰-like, E<sup>−2.7</sup>"), ("kra5", "KRA-γ-like, 5 PeV cut-off"), ("kra50", "KRA-γ-like, 50 PeV cut-off")]
    /// Templates of the injection-recovery table in the validation appendix.
    static let recoveryTemplates = templates + [("band", "Band |b| < 5°")]
    /// Positions of the point-source cross-check against SkyLLH (names in analyses/GalacticPlane/skyllh-reference.json).
    static let crossCheckPositions = [("txs", "TXS 0506+056"), ("ngc1068", "NGC 1068"), ("crab", "Crab"),
                                      ("hotspot", "Northern hot spot of this scan"), ("cygx3", "Cygnus X-3"), ("gc", "Galactic centre"),
                                      ("south30", "RA 0°, Dec −30°"), ("north60", "RA 200°, Dec 60°")]

    /// The prose is `report.md` beside this file, read when the analysis is planned (a prose edit
    /// reruns only the report step, with no compile); figures and tables are declared here, where
    /// their cells name typed results, and placed there by `@figure:<name>` / `@table:<name>` lines.
    static let report = Report(markdownFile: .folioFile("analyses/GalacticPlane/report.md"), figures: figures, tables: tables)

    static let figures: [ReportFigure] = [
        ReportFigure(name: "event-map", caption: "Arrival directions of the selected events, counted in HEALPix pixels of 13.4 deg² (nside 16), in Galactic coordinates (Mollweide projection, longitude increasing to the left). The dashed line is the celestial equator; the cross marks the Galactic centre."),
        ReportFigure(name: "effective-area", caption: "Effective area for muon neutrinos and antineutrinos versus true neutrino energy, in declination bands (from the release's effective-area file)."),
        ReportFigure(name: "template-maps", caption: "The three template proxies at 100 TeV in Galactic coordinates (density per steradian, one logarithmic colour scale for all three)."),
        ReportFigure(name: "ts-pi0", caption: "Background TS distribution of the π⁰-like template fit with the observed TS."),
        ReportFigure(name: "sky-scan-map", caption: "TS of the point-source fit over the sky in Galactic coordinates (Mollweide, longitude increasing to the left; solid white line: the Galactic plane; dashed line: the celestial equator). Rings N and S: the hottest spot of each equatorial hemisphere (north: δ ≥ −5°), with their TS at the refitted position in the legend; the colour scale extends to it, since the refit off the pixel grid exceeds the hottest pixel. White stars: the Galactic TeV sources of @tab:catalogue, " + TeVSourceCatalogue.legend + "."),
        ReportFigure(name: "spectral-profile-figure", caption: "Profile likelihood of the spectral index of the π⁰-like template: TS versus γ with n<sub>s</sub> refitted at every γ. The dashed horizontal line (drawn when TS<sub>max</sub> exceeds 1) is TS<sub>max</sub> − 1, whose crossings (dotted) bound the 68% interval; the grey line marks the index used by the template fit.", width: 0.65),
        ReportFigure(name: "flux-spectrum", caption: "All-sky per-flavour neutrino flux E² dN/dE. Red: our 90% CL upper limit for the π⁰-like template (E<sup>−2.7</sup>) over the central 90% of its expected signal's true energies; orange: the published π⁰ flux of Science 380, 1338 with its 68% band; dashed: the model spectra of the three templates normalised to their fits or, where n̂<sub>s</sub> = 0, to their upper limits; dash-dotted: the neutrino flux expected from the π⁰-like template's γ-rays through the pp relation, anchored on the Fermi-LAT local emissivity."),
        ReportFigure(name: "projection-years", caption: "Median expected significance of the published π⁰ flux in this analysis (muon tracks, π⁰-like template) versus calendar year for IceCube alone and with a detector of 8× the volume (4× the track area) from 2032; the band is the extrapolation range of Z(k) beyond the measured exposures (exponent from ½ to the last measured one); points: the IceCube injection trials that measure Z(k) (median and 16–84% of √TS). Dotted: 3σ and 5σ."),
        ReportFigure(name: "site-exposure", caption: "Events per year from a point source with dN/dE = 10<sup>−18</sup> (E/100 TeV)<sup>−2.7</sup> GeV<sup>−1</sup> cm<sup>−2</sup> s<sup>−1</sup> versus declination: IceCube's IC86 effective area at the South Pole, and the same area as a function of local zenith rotated through the sidereal day at 36° N."),
        ReportFigure(name: "projection-sites", caption: "Median expected significance (band: extrapolation range of Z(k)) of the published π⁰ flux versus years of operation for IceCube (IC86), the same detector at 36° N, and both in one joint likelihood; squares: the site's injection points. Dotted: 3σ and 5σ."),
    ]

    static let tables: [ReportTable] = [
        ReportTable(name: "data", caption: "The data used.", columns: [.text("Quantity"), .value("Value")], rows: [
                    [.text("Seasons used in the fits (events and a smearing matrix)"), .result("data.seasons")],
                    [.text("Seasons with events"), .result("data.seasonsWithEvents")],
                    [.text("Events after selection, seasons used"), .result("data.events")],
                    [.text("Livetime of the seasons used (good-run lists)"), .result("data.livetime")],
                    [.text("Seasons used with a stand-in smearing matrix"), .result("data.standInSeasons")],
                ]),
        ReportTable(name: "templates", caption: "Template properties: the fraction of the emission within |b| < 5° at 100 TeV, the inner-Galaxy fraction (|b| < 5°, |l| < 60°) at 1 TeV, 100 TeV and 1 PeV, the effective spectral index of the all-sky flux between 1 and 100 TeV, and the model's absolute all-sky per-flavour dN/dE at 100 TeV.",
                                   columns: [.text("Template"), .value("Fraction at |b| < 5°"), .value("Inner, 1 TeV"), .value("Inner, 100 TeV"),
                                             .value("Inner, 1 PeV"), .value("Index 1–100 TeV"), .value("Model dN/dE(100 TeV)", unit: .perGeVcm2s)],
                                   rows: templates.map { t in [.text(t.1), .result("\(t.0).planeFraction"), .result("\(t.0).innerGalaxyFraction1TeV"),
                                                               .result("\(t.0).innerGalaxyFraction"), .result("\(t.0).innerGalaxyFraction1PeV"),
                                                               .result("\(t.0).index1to100TeV"), .result("\(t.0).modelFlux100TeV")] }),
        ReportTable(name: "fits", caption: "Template fits: best-fit signal events with their 68% interval, whether the interval's upper end is the largest nₛ the likelihood allows (1) rather than a crossing (0), TS, pre-trial p-value and significance from background trials, and the all-sky per-flavour flux at 100 TeV as E² dN/dE: the best fit with its 68% interval for a template seen at ≥ 3σ, otherwise the 90% CL upper limit (the sensitivity when TS = 0), the limit's statistical uncertainty in events (bootstrap), and the best fit with its 68% interval and the 90% CL upper limit in units of the model's own flux at 100 TeV.",
                                   columns: [.text("Template"), .value("nₛ"), .value("Upper end at ceiling"), .value("TS"), .value("p (pre-trial)"), .value("Significance"),
                                             .value("E² dN/dE(100 TeV)", unit: .GeVcm2s), .value("90% UL stat. error", unit: .events),
                                             .value("Fit / model"), .value("90% UL / model")],
                                   rows: templates.map { t in
                                       [.text(t.1), .result("fit-\(t.0).nsInterval"), .result("fit-\(t.0).nsIntervalUpperAtCeiling"), .result("fit-\(t.0).ts"),
                                        .result("fit-\(t.0).pValue"), .result("fit-\(t.0).significance"), .result("fit-\(t.0).reportedE2Flux100TeV"),
                                        .result("fit-\(t.0).upperLimitEventsStatError"),
                                        .result("fit-\(t.0).fluxInModelUnits"), .result("fit-\(t.0).upperLimitInModelUnits")]
                                   }),
        ReportTable(name: "regions", caption: "Model-independent regions (uniform emission, E<sup>−2.7</sup>): solid angle, best-fit signal events, TS, pre-trial p-value from background trials, and the 90% CL upper limit on the per-flavour dN/dE at 100 TeV summed over the region.",
                                   columns: [.text("Region"), .value("Solid angle"), .value("nₛ"), .value("TS"), .value("p (pre-trial)"),
                                             .value("dN/dE(100 TeV), 90% UL", unit: .perGeVcm2s)],
                                   rows: [("band", "Band |b| < 5°"), ("inner", "Inner Galaxy"), ("outer", "Outer Galaxy")].map { r in
                                       [.text(r.1), .result("\(r.0).solidAngle"), .result("fit-\(r.0).ns"), .result("fit-\(r.0).ts"),
                                        .result("fit-\(r.0).pValue"), .result("fit-\(r.0).upperLimit100TeV")]
                                   }),
        ReportTable(name: "catalogue", caption: "The stacked sources: positions (J2000) from SIMBAD for point-like objects and compact remnants, and the published TeV centroid for extended ones @cite:tevcat.",
                                   columns: [.text("Source"), .text("Class"), .text("RA [°]"), .text("Dec [°]"), .text("Position from")],
                                   rows: TeVSourceCatalogue.entries.map { e in
                                       [.text(e.source.name), .text(e.kind), .text(String(format: "%.2f", e.source.ra)), .text(String(format: "%.2f", e.source.dec)), .text(e.reference)]
                                   }),
        ReportTable(name: "hot-spots", caption: "The hottest spot of each hemisphere: position (J2000), best-fit signal events and spectral index, TS, local p-value with the 90% CL bound its background trials measure, post-trial p-value from the Gumbel law of the scrambled scans' maxima (68% interval from the fit) with the fraction of scans at or above the observed TS, and the post-trial significance.",
                                   columns: [.text("Hemisphere"), .value("RA", unit: .degrees), .value("Dec", unit: .degrees), .value("nₛ"), .value("γ"),
                                             .value("TS"), .value("p (local)"), .value("Trials bound p (local) <"), .value("p (post-trial, Gumbel)"),
                                             .value("Fraction of scans"), .value("Post-trial significance")],
                                   rows: [("north", "North (δ ≥ −5°)"), ("south", "South (δ < −5°)")].map { h in
                                       [.text(h.1), .result("sky-scan.\(h.0)RA"), .result("sky-scan.\(h.0)Dec"), .result("sky-scan.\(h.0)Ns"),
                                        .result("sky-scan.\(h.0)Gamma"), .result("sky-scan.\(h.0)TS"), .result("sky-scan.\(h.0)LocalPValue"),
                                        .result("sky-scan.\(h.0)LocalTrialBound"), .result("sky-scan.\(h.0)PostTrialPValue"),
                                        .result("sky-scan.\(h.0)PostTrialEmpirical"), .result("sky-scan.\(h.0)PostTrialSignificance")]
                                   }),
        ReportTable(name: "projection", caption: "Expected significance of the published π⁰ flux: medians with the 16–84% range of the injection trials (measured rows), or the central projection with the extrapolation range of Z(k) (projections; the spread of single experiments, ±1σ, comes on top). Published track-only results for comparison: no significant emission in 7 years @cite:ic17; 2.7σ in 12.3 years of northern tracks @cite:fuerst23.",
                                   columns: [.text("Scenario"), .value("Expected significance")],
                                   rows: [
                                       [.text("This data set, from the π⁰ fit's background trials"), .result("projection.expectedSignificance")],
                                       [.text("This data set, asymptotic $\\sqrt{\\mathrm{TS}}$"), .result("projection.expectedSignificanceAsymptotic")],
                                       [.text("IceCube pseudo-data at the largest k, $\\sqrt{\\mathrm{TS}}$"), .result("projection.pseudoSignificance")],
                                       [.text("Mediterranean pseudo-data at the largest k, $\\sqrt{\\mathrm{TS}}$"), .result("projection.siteSignificance")],
                                       [.text("Joint IceCube + site pseudo-data, k = 1 each, $\\sqrt{\\mathrm{TS}}$"), .result("projection.jointMeasured")],
                                       [.text("Joint, predicted from the two laws"), .result("projection.jointPredicted")],
                                       [.text("IceCube, all recorded seasons"), .result("projection.icecubeRecorded")],
                                       [.text("IceCube by 2030 (tracks, this analysis)"), .result("projection.icecube2030")],
                                       [.text("IceCube by the end of the projection"), .result("projection.icecubeLast")],
                                       [.text("With an 8× volume (4× track area) detector from 2032, same year"), .result("projection.gen2Last")],
                                       [.text("IceCube, years of operation of the site comparison"), .result("projection.icecubeSiteYears")],
                                       [.text("Mediterranean detector, same years"), .result("projection.siteSiteYears")],
                                       [.text("Both, joint likelihood, same years"), .result("projection.combinedSiteYears")],
                                   ]),
        ReportTable(name: "comparison", caption: "Our numbers beside those of Science 380, 1338 (2023); the published π⁰ flux is read from its data file.",
                                   columns: [.text("Quantity"), .value("This work"), .published("Published", unit: .sigma)],
                                   rows: [
                                       [.text("Significance, best of three templates (post-trial)"), .result("templates-combined.significance"),
                                        .published(PublishedValue(4.5, citation: "ic23"))],
                                       [.text("π⁰ template, pre-trial"), .result("fit-pi0.significance"), .published(PublishedValue(4.71, citation: "ic23"))],
                                       [.text("KRA-γ 5 PeV template, pre-trial"), .result("fit-kra5.significance"), .published(PublishedValue(4.37, citation: "ic23"))],
                                       [.text("KRA-γ 50 PeV template, pre-trial"), .result("fit-kra50.significance"), .published(PublishedValue(3.96, citation: "ic23"))],
                                       [.text("Expected significance of the published π⁰ flux in this data set"), .result("projection.expectedSignificance"), .empty],
                                   ]),
        ReportTable(name: "flux-comparison", caption: "The π⁰ flux: ours beside the published measurement (per flavour, all sky, dN/dE at 100 TeV).",
                                   columns: [.text("π⁰ model"), .value("dN/dE(100 TeV)", unit: .perGeVcm2s)],
                                   rows: [
                                       [.text("This work (68% interval at ≥ 3σ, else 90% CL upper limit)"), .result("fit-pi0.reported100TeV")],
                                       [.text("Science 380, 1338, best fit and 68% interval"), .result("published-pi0.flux100TeV")],
                                   ]),
        ReportTable(name: "injection", caption: "Injection and recovery: Poisson mean of the injected signal, mean drawn count, mean fitted nₛ, and the bias of nₛ (events and relative to the mean) with its standard error.",
                    columns: [.text("Template"), .value("Injected mean"), .value("Mean drawn"), .value("Mean n̂ₛ"), .value("Bias"), .value("Relative bias")],
                    rows: recoveryTemplates.flatMap { t in (1...2).map { k in
                        [.text(t.1), .result("recovery-\(t.0).injected\(k)"), .result("recovery-\(t.0).meanInjected\(k)"),
                         .result("recovery-\(t.0).meanNs\(k)"), .result("recovery-\(t.0).bias\(k)"), .result("recovery-\(t.0).relativeBias\(k)")]
                    } }),
        ReportTable(name: "ts-asymptotics", caption: "Background trials above TS thresholds: count, fraction with its binomial standard error, and the ½δ(0) + ½χ²₁ expectation.",
                    columns: [.text("Template"), .value("TS above"), .value("Trials above"), .value("Fraction"), .value("½δ(0) + ½χ²₁")],
                    rows: recoveryTemplates.flatMap { t in (1...4).map { k in
                        [.text(t.1), .result("ts-asymptotics.threshold\(k)"), .result("ts-asymptotics.\(t.0)CountAbove\(k)"),
                         .result("ts-asymptotics.\(t.0)Above\(k)"), .result("ts-asymptotics.expectedAbove\(k)")]
                    } }),
        ReportTable(name: "skyllh", caption: "Point-source fits (nₛ ≥ 0, γ in [1, 4], 10° box) by Folio in this build and by SkyLLH 26.1.0 (committed reference), and their differences (Folio − SkyLLH).",
                    columns: [.text("Position"), .value("RA", unit: .degrees), .value("Dec", unit: .degrees), .value("TS, Folio"), .value("TS, SkyLLH"),
                              .value("nₛ, Folio"), .value("nₛ, SkyLLH"), .value("γ, Folio"), .value("γ, SkyLLH"), .value("ΔTS"), .value("Δnₛ")],
                    rows: crossCheckPositions.map { p in
                        [.text(p.1)] + ["RA", "Dec", "FolioTS", "SkyllhTS", "FolioNs", "SkyllhNs", "FolioGamma", "SkyllhGamma", "DeltaTS", "DeltaNs"]
                            .map { TableCell.result("skyllh-crosscheck.\(p.0)\($0)") }
                    }),
    ]
}

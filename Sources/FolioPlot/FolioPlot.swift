/// FolioPlot draws publication-quality figures with Cairo and Pango, in the style of matplotlib
/// and healpy, from a declarative ``Figure`` value.
///
/// - Model (`Model/`): ``Figure``, ``Panel`` (``PlotPanel`` or ``SkyPanel``), ``Series`` kinds,
///   ``Axis``, ``ColorScale``; all `Codable, Hashable, Sendable`, with the data embedded.
/// - Layout (`Layout/`): tick placement (linear, log10) with non-overlapping labels, axis ranges.
/// - Render (`Render/`): the only code that talks to Cairo/Pango. ``render(_:format:to:)`` writes
///   PNG (any dpi), SVG or PDF atomically and byte-deterministically.
/// - Gallery (`Gallery/`): ``GalleryFigures/all()``, one figure of every kind.
///
/// Text is set in DejaVu Sans (Debian `fonts-dejavu-core`), with Pango markup in every label
/// (`E<sup>2</sup> d<i>N</i>/d<i>E</i>`, Greek letters as Unicode).
public enum FolioPlotModule {}

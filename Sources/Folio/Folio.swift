// The one module a user's package imports. `import Folio` gives:
//   - the analysis model (Analysis, StepSpec, StepDeclaration, StepParameters, InputRef, Cut, ResultValue)
//   - the runner's step-kind API (StepKind, SplittableStepKind, StepContext, StepRegistry, Builder)
//   - the kinds Folio ships (StandardKinds: toy, figures, templates, IceCube data and fits, Report)
//   - the report document (ReportDocument, ReportSection, ReportFigure, ReportTable)
//   - figures (FolioPlot), statistics and seeded generators (FolioStatistics), sky geometry
//     (FolioSky), the IceCube public-data readers (FolioIceCube)
//   - the command line: FolioCommand.main(analyses:kinds:)
@_exported import FolioModel
@_exported import FolioRunner
@_exported import FolioSteps
@_exported import FolioReport
@_exported import FolioPlot
@_exported import FolioStatistics
@_exported import FolioSky
@_exported import FolioIceCube
@_exported import FolioCommandLine

import Analyses
import FolioCommandLine

// Folio's own `folio`: the flagship and example analyses with the standard step kinds. A user's
// package has the same one call with its own analyses and kinds (see `folio new`).
await FolioCommand.main(analyses: AnalysisCatalog.all, defaultAnalyses: AnalysisCatalog.standard)

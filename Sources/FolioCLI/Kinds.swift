import FolioRunner
import FolioSteps

/// The step kinds this `folio` runs, with the code fingerprint table that the FolioFingerprint
/// build-tool plugin generated for this executable (`FolioCodeFingerprints`, regenerated whenever a
/// source file of a module it is built from changes). Every command that plans builds uses it, so
/// `folio build`, `folio verify` and `folio worker` compute the same keys.
enum Kinds {
    static let registry = StandardKinds.registry.fingerprinted(by: code)
    static let code = CodeFingerprints(generated: FolioCodeFingerprints.modules)
}

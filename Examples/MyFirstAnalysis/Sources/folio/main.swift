import Foundation
import Folio
import MyFirstAnalysis

// This example lives inside Folio's checkout: unless a data root is given (--data or $FOLIO_DATA),
// read the IceCube release from the data root Folio itself uses.
if ProcessInfo.processInfo.environment["FOLIO_DATA"] == nil, let root = MyFirstAnalysis.folioDataRoot {
    setenv("FOLIO_DATA", root.path, 0)
}
await FolioCommand.main(analyses: [MyFirstAnalysis.analysis], kinds: MyFirstAnalysis.kinds)

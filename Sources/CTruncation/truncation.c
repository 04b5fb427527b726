// A C target (not a system-library shim) so that FolioFingerprint fingerprints the header: the
// conversion is Folio's code, and a change to it must rerun the steps that use FolioSky.
#include "CTruncation.h"

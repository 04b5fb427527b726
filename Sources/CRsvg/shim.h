// Thin shim: the C headers of this system library, nothing else.
#include <librsvg/rsvg.h>

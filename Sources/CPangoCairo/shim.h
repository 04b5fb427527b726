// Thin shim: the C headers of this system library, nothing else.
#include <pango/pangocairo.h>

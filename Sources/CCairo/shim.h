// Thin shim: the C headers of this system library, nothing else.
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

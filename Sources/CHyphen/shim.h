// Thin shim: the C header of libhyphen (Debian libhyphen-dev; it ships no pkg-config file).
#include <hyphen.h>

// Thin shim: the C headers of this system library, nothing else (SHA-256 through OpenSSL's EVP API).
#include <openssl/evp.h>

#!/usr/bin/env bash
# Installs the Debian packages Folio builds and tests with. Idempotent; safe to run again.
#   C libraries (via pkg-config): Cairo, Pango, librsvg, chealpix, cfitsio, zlib (ZIP bundles),
#   OpenSSL's libcrypto (SHA-256 of cache keys and checksums);
#   libhyphen with the US English patterns (hyphenation of the PDF's justified text)
#   Fonts: DejaVu (figures, as matplotlib), TeX Gyre Pagella (report body text) and its Math companion (equations)
#   Tools the tests use: poppler-utils (pdftotext, pdfinfo, pdftoppm), chromium (HTML checks),
#   python3 (a local HTTP server for the data-fetch tests), make (the baseline of Benchmarks/cli/noop_rebuild.py)
set -euo pipefail
packages=(
  pkg-config zlib1g-dev make
  libcairo2-dev libpango1.0-dev librsvg2-dev
  libchealpix-dev libcfitsio-dev libssl-dev
  libhyphen-dev hyphen-en-us
  fonts-dejavu-core fonts-texgyre fonts-texgyre-math
  poppler-utils chromium python3
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"

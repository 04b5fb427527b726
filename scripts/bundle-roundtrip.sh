#!/usr/bin/env bash
# The archivist's loop end to end: build analyses, archive each with Folio's source and the data
# (`folio archive --include-source --include-data`), then verify every bundle from a folder that
# holds only the bundle, with the Folio the bundle carries (`folio verify --bundled-folio`), a fresh
# HOME and every clone out of reach: as root, a private mount namespace (unshare -m) lays an empty
# tmpfs over the folder holding this clone ($FOLIO_ROUNDTRIP_HIDE, default: its parent, e.g. /work,
# which also hides the shared data). Prints bundle sizes (with and without data) and times.
#
#   scripts/bundle-roundtrip.sh [ANALYSIS ...]        default: toy galactic-plane-quick
#
# Each verify compiles the bundled Folio from scratch (5-15 min on 2 cores), so CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
analyses=("$@")
[ ${#analyses[@]} -gt 0 ] || analyses=(toy galactic-plane-quick)
hide=${FOLIO_ROUNDTRIP_HIDE:-$(dirname "$repo")}
rt=$(mktemp -d /tmp/folio-roundtrip.XXXXXX)
case "$rt/" in "$hide"/*) echo "roundtrip: $rt is inside $hide, which is hidden" >&2; exit 2 ;; esac

swift build --product folio
mkdir -p "$rt/bin" "$rt/home"
# Some folio must start `verify --bundled-folio`; it only unpacks, checks, builds and runs the
# bundled one, so a copy of this binary outside the clone will do.
cp .build/debug/folio "$rt/bin/folio"

for a in "${analyses[@]}"; do
  start=$(date +%s)
  .build/debug/folio build "$a" >/dev/null
  echo "roundtrip: $a built in $(( $(date +%s) - start )) s"
  .build/debug/folio archive "$a" --include-source --include-data --bundle "$rt/$a.folio.zip"
  .build/debug/folio archive "$a" --include-source --bundle "$rt/$a-no-data.folio.zip"
  .build/debug/folio archive "$a" --bundle "$rt/$a-plain.folio.zip"
  mkdir -p "$rt/verify-$a"
  mv "$rt/$a.folio.zip" "$rt/verify-$a/"
done
ls -l "$rt"/*.zip "$rt"/verify-*/*.zip

status=0
for a in "${analyses[@]}"; do
  start=$(date +%s)
  verify="cd '$rt/verify-$a' && HOME='$rt/home' '$rt/bin/folio' verify '$a.folio.zip' --bundled-folio"
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
    unshare -m bash -c "mount -t tmpfs tmpfs '$hide' && test ! -e '$repo/Package.swift' && echo 'roundtrip: $hide hidden' && $verify" \
      || status=$?
  else
    echo "roundtrip: not root: clones stay reachable, only HOME is fresh" >&2
    bash -c "$verify" || status=$?
  fi
  echo "roundtrip: $a verified from the bundle alone in $(( $(date +%s) - start )) s (exit $status)"
done
echo "roundtrip: bundles in $rt"
exit $status

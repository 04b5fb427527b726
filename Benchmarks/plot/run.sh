#!/usr/bin/env bash
# Plot benchmark: FolioPlot vs healpy.mollview + matplotlib savefig on the same cases
# (1600x800 px Mollweide PNG of an nside=128 HEALPix map with colour bar; 100,000-event scatter).
# Usage: Benchmarks/plot/run.sh [repeats]      (from the repository root)
# Needs: a venv with healpy and matplotlib at .venv-bench (created if missing; pip from PyPI).
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats="${1:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [ ! -x .venv-bench/bin/python ]; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -q healpy matplotlib
fi

swift build -c release --product folio-plot-bench >/dev/null 2>&1 || swift build -c release --product folio-plot-bench
bin="$(swift build -c release --show-bin-path)/folio-plot-bench"

folio="$("$bin" "$repeats" "$out")"
healpy="$(.venv-bench/bin/python Benchmarks/plot/healpy_bench.py "$repeats" "$out")"

echo "median of $repeats runs, seconds (lower is better); outputs in one temp folder per run"
printf "%-8s %10s %10s %10s\n" case folio healpy "healpy/folio"
for c in map events; do
    f=$(echo "$folio" | awk -v c=$c '$1==c {print $2}')
    h=$(echo "$healpy" | awk -v c=$c '$1==c {print $2}')
    printf "%-8s %10s %10s %10.1fx\n" "$c" "$f" "$h" "$(echo "$h / $f" | bc -l)"
done
for f in "$out"/*.png; do printf "%s: %s\n" "$(basename "$f")" "$(file -b "$f" | cut -d, -f2)"; done

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

# The same map as a whole process each (start-up, imports, data, render, PNG, exit), median of
# $repeats runs per side, alternating sides so that both see the same load.
wall() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
fp=(); hp=()
for _ in $(seq "$repeats"); do
    fp+=("$(wall "$bin" 1 "$out" map)")
    hp+=("$(wall .venv-bench/bin/python Benchmarks/plot/healpy_bench.py 1 "$out" map)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
fpm=$(median "${fp[@]}"); hpm=$(median "${hp[@]}")
printf "%-8s %10.4f %10.4f %10.1fx   (whole process: start-up and imports included)\n" map-proc "$fpm" "$hpm" "$(echo "$hpm / $fpm" | bc -l)"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"

# The contract of Benchmarks/run-all.sh, as the last lines (ratio = healpy / folio, a speed-up;
# goal of issue #15: the sky map at least 5x faster than healpy, process start included).
fm=$(echo "$folio" | awk '$1=="map" {print $2}'); hm=$(echo "$healpy" | awk '$1=="map" {print $2}')
fe=$(echo "$folio" | awk '$1=="events" {print $2}'); he=$(echo "$healpy" | awk '$1=="events" {print $2}')
printf "BENCH|sky map PNG 1600x800 nside 128, whole process (s)|%.3f|healpy.mollview + savefig, whole process|%.3f|%.1f|ratio >= 5\n" "$fpm" "$hpm" "$(echo "$hpm / $fpm" | bc -l)"
printf "BENCH|sky map PNG 1600x800 nside 128, in-process (s)|%.3f|healpy.mollview + savefig|%.3f|%.1f|-\n" "$fm" "$hm" "$(echo "$hm / $fm" | bc -l)"
printf "BENCH|100k events PNG 1600x800, in-process (s)|%.3f|healpy.projscatter + savefig|%.3f|%.1f|-\n" "$fe" "$he" "$(echo "$he / $fe" | bc -l)"

#!/usr/bin/env bash
# Wall time of the flagship's all-sky scan step (`icecube.skyScan`, debug build as `swift run folio`
# builds it; FolioIceCube is compiled with -O even in debug), for the given analyses, beside a
# baseline measured in the same run: the stacking step (`icecube.pointSource`, nine sources, the
# analysis' background-trial count). Each step runs alone (`--only`, `--no-cache`, 2 threads).
#
#   Benchmarks/skyscan/run.sh [analysis ...]     (default: galactic-plane-quick galactic-plane)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product folio >/dev/null
folio=.build/debug/folio
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() {  # analysis step -> wall seconds of the step, from the build log
    "$folio" build "$1" --only "$2" --no-cache --jobs 2 --output "$out" 2>&1 \
        | sed -n "s/^  ran $2 (\([0-9.]*\) s)$/\1/p"
}
bench=()
for analysis in "${@:-galactic-plane-quick galactic-plane}"; do
    for a in $analysis; do
        scan=$(seconds "$a" sky-scan)
        stacking=$(seconds "$a" stacking)
        ratio=$(python3 -c "print(f'{$scan / $stacking:.2f}')")
        echo "$a: sky-scan ${scan} s, stacking ${stacking} s, ratio ${ratio} (load $(cut -d' ' -f1-3 /proc/loadavg))"
        bench+=("BENCH|sky-scan step, $a (s)|$scan|stacking step, same run (s)|$stacking|$ratio|-")
    done
done
printf '%s\n' "${bench[@]}"   # the contract of Benchmarks/run-all.sh, as the last lines

#!/usr/bin/env bash
# Background point-source trials per second on IC40 (TXS 0506+056 position): Folio (release build,
# single core and all cores) beside SkyLLH 26.1.0 (single core) on the same data and machine, one run.
# usage: Benchmarks/likelihood/run.sh [TRIALS=3000]     (data root: $FOLIO_DATA or ../shared/data)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
data=${FOLIO_DATA:-$repo/../shared/data}; n=${1:-3000}
tools=$(cd "$data/../tools/skyllh" 2>/dev/null && pwd || true)
[ -x .venv-skyllh/bin/python ] || { python3 -m venv .venv-skyllh && .venv-skyllh/bin/pip install -q skyllh==26.1.0; }
base=$(mktemp -d); trap 'rm -rf "$base"' EXIT
"$tools/layout.sh" "$base" >/dev/null
swift build -c release --product folio-likelihood-bench >/dev/null
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
echo "== SkyLLH 26.1.0 (1 core)"; sky=$(.venv-skyllh/bin/python "$tools/bench_ps.py" "$base" 77.36 5.69 "$n" 0 IC40 | grep RESULT); echo "$sky"
echo "== Folio"; folio=$(.build/release/folio-likelihood-bench bench "$data" 77.36 5.69 "$n" 2>/dev/null); echo "$folio"
s=$(echo "$sky" | sed -n 's/.*trials_per_s=\([0-9.]*\).*/\1/p')
f1=$(echo "$folio" | sed -n 's/.*single_core_trials_per_s=\([0-9.]*\).*/\1/p')
fa=$(echo "$folio" | sed -n 's/.*all_cores_trials_per_s=\([0-9.]*\).*/\1/p')
python3 -c "print(f'RATIO folio_single/skyllh_single = {$f1/$s:.1f}x   folio_all_cores/skyllh_single = {$fa/$s:.1f}x')"
# The contract of Benchmarks/run-all.sh (ratio = ours / baseline, a speed-up; goal: issue #15)
python3 -c "
print(f'BENCH|point-source background trials/s, 1 core (IC40, TXS 0506+056)|{$f1:.0f}|SkyLLH 26.1.0, 1 core|{$s:.1f}|{$f1/$s:.1f}|>= 3000')
print(f'BENCH|point-source background trials/s, all cores|{$fa:.0f}|SkyLLH 26.1.0, 1 core|{$s:.1f}|{$fa/$s:.1f}|-')"

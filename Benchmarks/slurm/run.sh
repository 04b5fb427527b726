#!/usr/bin/env bash
# Background trials per second of `folio build` with the Slurm executor (single-node cluster on this
# machine) against the local executor on the same machine, for 1, 2 and N chunks, in one run; and
# the per-job overhead of a Slurm chunk.
#
# usage: Benchmarks/slurm/run.sh [TRIALS=20000] [N=16]
#   FOLIO_BENCH_CONFIG=debug to use the debug binary (default: release build of folio)
# Needs a Slurm cluster (sinfo answering); as root it starts the single-node one from
# scripts/slurm-cluster.sh when none answers, and stops it again at the end.
#
# Workload: the toy analysis' background trials (2000 events per pseudo-experiment, one unbinned fit
# each). Wall time is the `background` step's own time from the build log (prepare + chunks + merge;
# the sample and fit steps before it take milliseconds). Slurm runs `--max-jobs $(nproc)` elements at once.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
trials=${1:-20000}; n=${2:-16}; config=${FOLIO_BENCH_CONFIG:-release}
cores=$(nproc)
started_cluster=""
if ! sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
  [ "$(id -u)" -eq 0 ] || { echo "no Slurm cluster answers sinfo; start one (scripts/slurm-cluster.sh start, as root)"; exit 1; }
  bash scripts/slurm-cluster.sh start; started_cluster=1
fi
work=$(mktemp -d /tmp/folio-slurm-bench.XXXXXX)
cleanup() { rm -rf "$work"; [ -z "$started_cluster" ] || bash scripts/slurm-cluster.sh stop; }
trap cleanup EXIT
swift build -c "$config" --product folio >/dev/null
folio="$repo/.build/$config/folio"

# The toy analysis as JSON with this many trials in `chunks` chunks.
spec() {  # $1 = chunks -> prints the spec path
  local chunks=$1 size=$(( (trials + $1 - 1) / $1 ))
  "$folio" export toy | python3 -c "
import json, sys
a = json.load(sys.stdin)
a['name'] = 'bench'
a['steps'] = [s for s in a['steps'] if s['name'] in ('sample', 'fit', 'background')]
for s in a['steps']:
    if s['name'] == 'background': s['parameters'].update(trials=$trials, chunkSize=$size)
json.dump(a, sys.stdout)" > "$work/spec-$chunks.json"
  echo "$work/spec-$chunks.json"
}

# Seconds the background step took: "  ran background (12.34 s)".
run() {  # $1 = executor, $2 = chunks
  local out="$work/out-$1-$2" log="$work/log-$1-$2"
  (cd "$work" && "$folio" build "$(spec "$2")" --output "$out" --executor "$1" --max-jobs "$cores" --poll-seconds 0.25 >/dev/null 2>"$log") \
    || { cat "$log" >&2; exit 1; }
  sed -n 's/^  ran background (\([0-9.]*\) s)$/\1/p' "$log"
  # The same trials whatever ran them (the chunking itself does change them: chunk c draws from seed c):
  [ "$1" = local ] || cmp -s "$out/bench/tables/background-ts.csv" "$work/out-local-$2/bench/tables/background-ts.csv" \
    || { echo "trial arrays differ between slurm and local with $2 chunks" >&2; exit 1; }
}

echo "== $trials toy trials, $cores cores, folio $config build, Slurm $(sinfo -V | cut -d' ' -f2)"
printf '%-8s %-7s %9s %13s %22s\n' executor chunks wall_s trials_per_s "slurm/local (same N)"
declare -A wall
for chunks in 1 2 "$n"; do
  for ex in local slurm; do
    wall[$ex-$chunks]=$(run "$ex" "$chunks")
  done
  for ex in local slurm; do
    python3 -c "
w = ${wall[$ex-$chunks]}; l = ${wall[local-$chunks]}
print(f'%-8s %-7s %9.2f %13.0f %22s' % ('$ex', '$chunks', w, $trials / w, f'{l / w:.2f}x' if '$ex' == 'slurm' else ''))"
  done
done

# Per-job overhead: what one Slurm element adds beyond its share of the local work, from the N-chunk
# runs (both use $cores slots): (wall_slurm - wall_local) * slots / N. Plus its parts: an empty array
# element through the scheduler, and `folio worker` start-up (plan the analysis, find the chunk stored).
python3 -c "
s, l = ${wall[slurm-$n]}, ${wall[local-$n]}
print(f'RESULT per_job_overhead_s = {(s - l) * min($cores, $n) / $n:.2f}   (N = $n, {$cores} slots)')"
printf '#!/bin/sh\ntrue\n' > "$work/true.sh"
t0=$(date +%s.%N); (cd "$work" && sbatch --wait --quiet --array=0-$((2 * cores - 1))%$cores -o /dev/null "$work/true.sh" >/dev/null); t1=$(date +%s.%N)
python3 -c "print(f'RESULT empty_element_s = {($t1 - $t0) / $((2 * cores)) * $cores:.2f}   ({2 * $cores} elements of /bin/true, {$cores} at a time, incl. sbatch --wait)')"
# Drop the merged step so the worker really runs: plan + load inputs + one chunk.
key=$(python3 -c "import json; print([s['key'] for s in json.load(open('$work/out-local-$n/bench/manifest.json'))['steps'] if s['name'] == 'background'][0])")
rm -rf "$work/out-local-$n/.cache/steps/$key"
t0=$(date +%s.%N)
(cd "$work" && "$folio" worker "$work/spec-$n.json" --output "$work/out-local-$n" --step background --key "$key" --chunk 0 >/dev/null)
t1=$(date +%s.%N)
python3 -c "
w = $t1 - $t0; chunk = ${wall[local-1]} / $n
print(f'RESULT worker_process_s = {w:.2f}   (folio worker: start, plan, load inputs, one chunk of {$trials // $n} trials)')
print(f'RESULT worker_startup_s = {max(0, w - chunk):.2f}   (the same minus the chunk\'s own share of the 1-chunk local time, {chunk:.2f} s)')"
# The contract of Benchmarks/run-all.sh, as the last lines: trials/s with Slurm against the local
# executor, same chunking (ratio = slurm / local throughput).
for chunks in 1 2 "$n"; do
  python3 -c "
w = ${wall[slurm-$chunks]}; l = ${wall[local-$chunks]}
print(f'BENCH|toy trials/s, Slurm executor, $chunks chunks|{$trials / w:.0f}|local executor, same chunks|{$trials / l:.0f}|{l / w:.2f}|-')"
done

#!/usr/bin/env bash
# Background trials of one template at scale on the Slurm cluster: the flagship's pi0 template
# (galactic-plane's `pi0` and `fit-pi0` steps, nside 64, IC40) with TRIALS background trials fanned
# out as one job array of CHUNK-trial elements, with one running element cancelled on the way
# (`scancel JOB_INDEX`) that the build resubmits. First a check on CHECK_TRIALS (in 10 chunks): the same
# spec built locally and on Slurm (with an element cancelled) must give byte-identical results and tables.
#
# usage: Benchmarks/slurm/million.sh [TRIALS=1000000] [CHUNK=1000] [CHECK_TRIALS=10000]
#   FOLIO_DATA (data root, default ../shared/data); FOLIO_MILLION_SKIP_CHECK=1 skips the check.
# Needs a Slurm cluster answering sinfo (as root, starts scripts/slurm-cluster.sh's and stops it after).
# Chunk count = ceil(TRIALS / CHUNK) + 1 (the upper-limit set, 10 trials per grid point) must stay
# within Slurm's MaxArraySize (1001 by default): CHUNK >= 1000 for 10^6 trials.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
trials=${1:-1000000}; chunk=${2:-1000}; check=${3:-10000}
data=${FOLIO_DATA:-$repo/../shared/data}
cores=$(nproc); started_cluster=""
if ! sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
  [ "$(id -u)" -eq 0 ] || { echo "no Slurm cluster answers sinfo; start one (scripts/slurm-cluster.sh start, as root)"; exit 1; }
  bash scripts/slurm-cluster.sh start >/dev/null; started_cluster=1
fi
work=$(mktemp -d /tmp/folio-million.XXXXXX)
cleanup() { rm -rf "$work"; [ -z "$started_cluster" ] || bash scripts/slurm-cluster.sh stop >/dev/null; }
trap cleanup EXIT
swift build -c release --product folio >/dev/null
folio="$repo/.build/release/folio"
echo "== load: $(uptime | sed 's/.*load average/load average/'), $cores cores, Slurm $(sinfo -V | cut -d' ' -f2); $(date -u +%FT%TZ)"

spec() {  # $1 = trials, $2 = chunk size -> spec path: data, pi0 and fit-pi0 of the flagship
  "$folio" export galactic-plane | python3 -c "
import json, sys
a = json.load(sys.stdin)
a['name'] = 'million'
a['steps'] = [s for s in a['steps'] if s['name'] in ('data', 'pi0', 'fit-pi0')]
for s in a['steps']:
    if s['name'] == 'fit-pi0': s['parameters'].update(backgroundTrials=$1, chunkSize=$2, upperLimitTrials=10)
json.dump(a, sys.stdout)" > "$work/spec-$1.json"
  echo "$work/spec-$1.json"
}

# Cancels one element in the middle of its chunk once $2 chunks are done: RUNNING for at least 5 s
# and its chunk file not yet written. Prints "JOB_INDEX CHUNKS_DONE".
cancel_one() {  # $1 = output folder, $2 = chunks done before the kill
  local out=$1 after=$2
  while :; do
    local done=$(find "$out/.cache/chunks" -name '*.chunk' 2>/dev/null | wc -l)
    if [ "$done" -ge "$after" ]; then
      local el secs
      while read -r el secs; do
        [ "${secs:-0}" -ge 5 ] || continue
        find "$out/.cache/chunks" -name "${el#*_}.chunk" 2>/dev/null | grep -q . && continue
        scancel "$el"; echo "$el $done"; return
      done < <(squeue -h -t RUNNING -o '%i %M' 2>/dev/null | grep '_' | awk '{n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print $1, s}')
    fi
    sleep 0.5
  done
}

build() {  # $1 = executor, $2 = spec, $3 = output, [$4 = chunks done before cancelling one element]
  local t0=$(date +%s.%N) killer=""
  if [ -n "${4:-}" ]; then cancel_one "$3" "$4" > "$3.cancelled" & killer=$!; fi
  (cd "$work" && "$folio" build "$2" --output "$3" --data "$data" --executor "$1" --max-jobs "$cores" --poll-seconds 1 >/dev/null 2>"$3.log") \
    || { cat "$3.log" >&2; exit 1; }
  local t1=$(date +%s.%N)
  [ -z "$killer" ] || wait "$killer"
  python3 -c "print(f'{$t1 - $t0:.1f}')" > "$3.wall"
}
step_s() { sed -n 's/^  ran fit-pi0 (\([0-9.]*\) s)$/\1/p' "$1.log"; }

if [ -z "${FOLIO_MILLION_SKIP_CHECK:-}" ]; then
  cchunk=$(( check / 10 > 0 ? check / 10 : 1 ))
  s=$(spec "$check" "$cchunk")
  echo "== check: $check trials in chunks of $cchunk, local vs Slurm with one element cancelled"
  build local "$s" "$work/check-local"
  build slurm "$s" "$work/check-slurm" 2
  echo "  cancelled element $(cut -d' ' -f1 "$work/check-slurm.cancelled") after $(cut -d' ' -f2 "$work/check-slurm.cancelled") chunks were done"
  grep -h 'resubmitted' "$work/check-slurm.log" | sed 's/^ */  slurm: /'
  same=yes
  for f in $(cd "$work/check-local/million" && find . -type f \( -name '*.csv' -o -name 'results.json' \) | sort); do
    cmp -s "$work/check-local/million/$f" "$work/check-slurm/million/$f" || { echo "  DIFFERS: $f"; same=no; }
  done
  echo "  files compared: $(cd "$work/check-local/million" && find . -type f \( -name '*.csv' -o -name 'results.json' \) | wc -l) (results.json and every table); identical: $same"
  echo "RESULT check trials=$check local_fit_s=$(step_s "$work/check-local") slurm_fit_s=$(step_s "$work/check-slurm") identical=$same"
  [ "$same" = yes ] || exit 1
fi

s=$(spec "$trials" "$chunk")
nchunks=$(( (trials + chunk - 1) / chunk + 1 ))
echo "== $trials trials in $nchunks elements of $chunk (at most $cores at once), one element cancelled after 3 chunks"
build slurm "$s" "$work/big" 3
echo "  cancelled element $(cut -d' ' -f1 "$work/big.cancelled") after $(cut -d' ' -f2 "$work/big.cancelled") chunks were done"
grep -h 'submitted\|resubmitted' "$work/big.log" | sed 's/^ */  slurm: /'
fit=$(step_s "$work/big"); wall=$(cat "$work/big.wall")
echo "  fit-pi0 results: $(python3 -c "import json; print(json.dumps(json.load(open('$work/big/million/results.json')))[:300])" || true)"
python3 -c "
t, fit, wall = $trials, $fit, $wall
print(f'RESULT million trials={t} chunk={$chunk} elements={$nchunks} fit_step_s={fit:.1f} build_wall_s={wall:.1f} trials_per_s={t / fit:.1f}')
print(f'RESULT extrapolated_1e6_s={1e6 / (t / fit):.0f} (at this rate, {$cores} slots)')
print(f'BENCH|slurm template bkg trials/s (pi0 nside 64, IC40, {t} trials, {$cores} slots)|{t / fit:.1f}|issue #15 goal per core x slots|{1000 * $cores}|{t / fit / (1000 * $cores):.2f}|>= 1')"

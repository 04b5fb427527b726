#!/usr/bin/env bash
# Template background trials per second on one core (IC40, nside 64, signal-subtracted likelihood, γ = 2.7)
# for the Galactic band |b| < 5° ("plane"), the KRA-γ-like 5 PeV map with its energy-dependent signal PDF
# ("kra5") and the same map with one spectrum ("kra5flat"), plus trials with 30 and 80 injected events (the
# flagship's upper-limit trials). Baseline in the same run and process: the per-event implementation the
# trial code replaced (`TemplateAnalysis.TrialKernel.perEvent`, the pre-change code path on today's map
# layout), alternating with it in rounds; rates from the thread's CPU time, so a loaded machine slows
# both alike. Each line also checks that both give the same fits bit for bit.
# usage: Benchmarks/likelihood/template.sh [TRIALS=400]     (data root: $FOLIO_DATA or ../shared/data)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
data=${FOLIO_DATA:-$repo/../shared/data}; n=${1:-400}
swift build -c release --product folio-likelihood-bench >/dev/null
bench=.build/release/folio-likelihood-bench
echo "== load: $(uptime)"
declare -A line
for t in plane kra5 kra5flat; do
    line[$t]=$("$bench" template-trials "$data" 64 "$t" "$n" 2>/dev/null | grep TEMPLATE-TRIALS); echo "${line[$t]}"
done
# Injected (upper-limit) trials: 30 events, and 80, about the mean of the flagship's upper-limit grids (10
# strengths up to 8x the 68% interval's upper end: 143 events for fit-pi0, 163 for fit-kra5).
line[inj]=$("$bench" template-trials "$data" 64 plane "$((n / 4))" 30 2>/dev/null | grep TEMPLATE-TRIALS); echo "${line[inj]}"
line[inj80]=$("$bench" template-trials "$data" 64 plane "$((n / 4))" 80 2>/dev/null | grep TEMPLATE-TRIALS); echo "${line[inj80]}"
field() { echo "${line[$1]}" | sed -n "s/.* $2=\([^ ]*\).*/\1/p"; }
for t in plane kra5 kra5flat inj inj80; do
    [ "$(field $t identical)" = yes ] || { echo "error: $t: the trial code and the per-event path gave different fits" >&2; exit 1; }
done
bench_line() {  # name ours baseline-name baseline goal
    python3 -c "import sys; o, b = float(sys.argv[2]), float(sys.argv[4]); print(f'BENCH|{sys.argv[1]}|{o:.1f}|{sys.argv[3]}|{b:.1f}|{o / b:.2f}|{sys.argv[5]}')" "$@"
}
bench_line "template bkg trials/s 1 core plane sigsub" "$(field plane lookup_trials_per_cpu_s)" "per-event path" "$(field plane perEvent_trials_per_cpu_s)" ">= 1000/s"
bench_line "template bkg trials/s 1 core kra5" "$(field kra5 lookup_trials_per_cpu_s)" "per-event path" "$(field kra5 perEvent_trials_per_cpu_s)" ">= 1000/s"
bench_line "template bkg trials/s 1 core kra5flat" "$(field kra5flat lookup_trials_per_cpu_s)" "per-event path" "$(field kra5flat perEvent_trials_per_cpu_s)" ">= 1000/s"
bench_line "template trials/s 1 core plane 30 injected" "$(field inj lookup_trials_per_cpu_s)" "per-event path" "$(field inj perEvent_trials_per_cpu_s)" "-"
bench_line "template trials/s 1 core plane 80 injected (upper-limit grid mean)" "$(field inj80 lookup_trials_per_cpu_s)" "per-event path" "$(field inj80 perEvent_trials_per_cpu_s)" "-"
bench_line "template construction CPU s kra5" "$(field kra5 build_cpu_s)" "kra5flat" "$(field kra5flat build_cpu_s)" "-"

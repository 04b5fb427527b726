#!/usr/bin/env bash
# How the cost of background trials grows with the number of events: point-source and template
# trials/s and peak memory at ~37k, ~370k and ~1.1M events of a SYNTHETIC ten-season sample (the real
# IC40 events resampled with each season's effective area and livetime, `folio data synthesize`),
# Folio (release folio-likelihood-bench) beside SkyLLH 26.1.0 on the same files, one core each, one run.
#
# usage: Benchmarks/scale/run.sh [PS_TRIALS=1000] [SKYLLH_TRIALS=200] [TEMPLATE_TRIALS=100] [NSIDE=64]
#   FOLIO_DATA        real data root (default ../shared/data)
#   FOLIO_SCRATCH     where the SYNTHETIC sample and its smearing stand-ins go (default ../scratch if it
#                     exists, else .build-synthetic, which is gitignored). Never commit the sample.
#   FOLIO_SCALE_SIZES which sizes to run (default "1 4 10": seasons IC40 / IC40..IC86_I / all ten)
# Each measurement is its own process under `/usr/bin/time -v` (max RSS) and `taskset -c 0` (one core).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
data=${FOLIO_DATA:-$repo/../shared/data}
ps_n=${1:-1000}; sky_n=${2:-200}; tpl_n=${3:-100}; nside=${4:-64}
# run-all.sh --quick: few trials (the sizes' data loading and SkyLLH's construction still take minutes)
[ "${FOLIO_BENCH_QUICK:-0}" = 1 ] && [ $# -eq 0 ] && { ps_n=300; sky_n=20; tpl_n=10; }
scratch=${FOLIO_SCRATCH:-$( [ -d "$repo/../scratch" ] && cd "$repo/../scratch" && pwd || echo "$repo/.build-synthetic")}
sizes=${FOLIO_SCALE_SIZES:-1 4 10}
tools=$(cd "$data/../tools" 2>/dev/null && pwd || true)
mkdir -p "$scratch"
echo "== load: $(uptime | sed 's/.*load average/load average/'), $(nproc) cores; $(date -u +%FT%TZ)"
swift build -c release --product folio-likelihood-bench >/dev/null
[ -x .venv-skyllh/bin/python ] || { python3 -m venv .venv-skyllh && .venv-skyllh/bin/pip install -q skyllh==26.1.0; }
folio=.build/release/folio; bench=.build/release/folio-likelihood-bench

# SYNTHETIC stand-in smearing matrices for IC59..IC86_II from their REAL effective-area binning (the
# shared stand-in generator; only IC40's is staged). Without them every season would get IC40's.
standins="$scratch/SYNTHETIC-standin-smearing"
if [ -f "$tools/make_standin_smearing.py" ] && [ ! -f "$standins/IC86_II_smearing.csv" ]; then
  echo "== making SYNTHETIC stand-in smearing matrices (IC59 IC79 IC86_I IC86_II) into $standins (minutes, once)"
  python3 "$tools/make_standin_smearing.py" IC59 IC79 IC86_I IC86_II --out-dir "$standins" >/dev/null
fi

# The sample: generated once, twice on the first run to show it is deterministic (same seed, same bytes).
root="$scratch/SYNTHETIC-ic40-resampled-10seasons-seed1"
if ! (cd "$root" 2>/dev/null && sha256sum --quiet -c SHA256SUMS 2>/dev/null); then
  swift build -c release --product folio >/dev/null   # only to generate the sample (a release build of everything)
  t0=$(date +%s.%N)
  "$folio" data synthesize --seasons 10 --seed 1 --out "$scratch" --data "$data" --smearing-dir "$standins"
  t1=$(date +%s.%N)
  again=$(mktemp -d "$scratch/SYNTHETIC-determinism-check.XXXXXX")
  "$folio" data synthesize --seasons 10 --seed 1 --out "$again" --data "$data" --smearing-dir "$standins" >/dev/null
  cmp "$root/SHA256SUMS" "$again/SYNTHETIC-ic40-resampled-10seasons-seed1/SHA256SUMS" \
    && echo "RESULT synthesize_s=$(python3 -c "print(f'{$t1 - $t0:.1f}')") deterministic=yes (second run: identical SHA256SUMS)" \
    || { echo "SYNTHETIC sample differs between two runs with the same seed" >&2; exit 1; }
  rm -rf "$again"
fi
echo "== SYNTHETIC sample (NOT IceCube data): $root"

# SkyLLH's view of the same files: its layout wants the smearing matrices in irfs/ (links only).
sky=$(mktemp -d); trap 'rm -rf "$sky"' EXIT
mkdir -p "$sky/icecube_10year_ps/irfs"
ln -s "$root/icecube_10year_ps/events" "$root/icecube_10year_ps/uptime" "$sky/icecube_10year_ps/"
for f in "$root"/icecube_10year_ps/irfs/*.csv "$root"/icecube_10year_ps_standins/irfs/*.csv; do ln -s "$(readlink -f "$f")" "$sky/icecube_10year_ps/irfs/$(basename "$f")"; done

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# run NAME CMD...: one process on core 0 under /usr/bin/time -v; stdout to $work/NAME.out, max RSS (KiB) to $work/NAME.rss
work=$(mktemp -d); trap 'rm -rf "$sky" "$work"' EXIT
run() {
  local name=$1; shift
  /usr/bin/time -v -o "$work/$name.time" taskset -c 0 "$@" >"$work/$name.out" 2>"$work/$name.err" \
    || { cat "$work/$name.err" >&2; exit 1; }
  sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$name.time" >"$work/$name.rss"
}
field() { sed -n "s/.*[ ]$2=\([0-9.]*\).*/\1/p" "$work/$1.out" | head -1; }
declare -A folio_seasons=([1]=IC40 [4]=IC40,IC59,IC79,IC86_I [10]=all)
declare -A sky_names=([1]=IC40 [4]=IC40,IC59,IC79,IC86_I [10]=all)
for k in $sizes; do
  echo "== $k season(s): ${folio_seasons[$k]}"
  FOLIO_BENCH_SEASONS=${folio_seasons[$k]} run "folio-ps-$k" "$bench" bench "$root" 77.36 5.69 "$ps_n"
  run "skyllh-ps-$k" .venv-skyllh/bin/python "$tools/skyllh/bench_ps.py" "$sky" 77.36 5.69 "$sky_n" 0 "${sky_names[$k]}"
  FOLIO_BENCH_SEASONS=${folio_seasons[$k]} run "folio-tpl-$k" "$bench" template "$root" "$nside" 5 0 "$tpl_n" 0 model pi0 sigsub
  grep -h RESULT "$work/folio-ps-$k.out" "$work/skyllh-ps-$k.out" | sed 's/^/  /'; grep -h TEMPLATE "$work/folio-tpl-$k.out" | sed 's/^/  /'
done

# The table, the growth per event, and the BENCH lines (last).
python3 - "$work" "$sizes" "$ps_n" "$sky_n" "$tpl_n" "$nside" <<'PY'
import sys, re
work, sizes, ps_n, sky_n, tpl_n, nside = sys.argv[1], sys.argv[2].split(), *sys.argv[3:]
def out(name): return open(f'{work}/{name}.out').read()
def rss(name): return int(open(f'{work}/{name}.rss').read()) / 1024  # MiB
def num(text, key): return float(re.search(rf'\b{key}=([0-9.]+)', text).group(1))
rows = []
for k in sizes:
    fp, sp, ft = out(f'folio-ps-{k}'), out(f'skyllh-ps-{k}'), out(f'folio-tpl-{k}')
    rows.append(dict(k=k, events=int(num(fp, 'events')), fps=num(fp, 'single_core_trials_per_s'), sps=num(sp, 'trials_per_s'),
                     ftp=num(ft, 'bkg_trials_per_s_all_cores'), frss=rss(f'folio-ps-{k}'), srss=rss(f'skyllh-ps-{k}'),
                     trss=rss(f'folio-tpl-{k}'), tbuild=num(ft, 'build_s'), fload=num(fp, 'load_s'), sbuild=num(sp, 'build_s'),
                     # thread (process, for the construction) CPU time: holds on a loaded machine, wall-clock rates do not
                     fpsc=num(fp, 'single_core_trials_per_cpu_s'), ftpc=num(ft, 'single_core_trials_per_cpu_s'), tbuildc=num(ft, 'build_cpu_s')))
print(f'\nSYNTHETIC ten-season sample (IC40 resampled; NOT IceCube data). One core each. Point source at TXS 0506+056 '
      f'(10 deg box), Folio {ps_n} trials, SkyLLH {sky_n}; template: pi0 at nside {nside}, {tpl_n} trials (signal-subtracted).')
print(f"{'events':>9} {'PS Folio/s':>11} {'PS SkyLLH/s':>12} {'ratio':>7} {'tpl Folio/s':>12} {'RSS Folio PS':>13} {'RSS SkyLLH':>11} {'RSS Folio tpl':>14} {'tpl build s':>12} {'SkyLLH build s':>15}")
for r in rows:
    print(f"{r['events']:>9} {r['fps']:>11.1f} {r['sps']:>12.2f} {r['fps'] / r['sps']:>6.1f}x {r['ftp']:>12.2f} {r['frss']:>10.0f} MiB {r['srss']:>7.0f} MiB {r['trss']:>10.0f} MiB {r['tbuild']:>12.1f} {r['sbuild']:>15.1f}")
print('\nFolio in CPU time (thread CPU for trials, process CPU for the template construction):')
print(f"{'events':>9} {'PS trials/CPU s':>16} {'tpl trials/CPU s':>17} {'tpl build CPU s':>16}")
for r in rows:
    print(f"{r['events']:>9} {r['fpsc']:>16.1f} {r['ftpc']:>17.2f} {r['tbuildc']:>16.2f}")
if len(rows) > 1:
    a, b = rows[0], rows[-1]; x = b['events'] / a['events']
    print(f"\nGrowth from {a['events']} to {b['events']} events (x{x:.1f}):")
    for key, what in (('fps', 'Folio PS'), ('sps', 'SkyLLH PS'), ('ftp', 'Folio template'), ('fpsc', 'Folio PS CPU'), ('ftpc', 'Folio tpl CPU')):
        t = a[key] / b[key]
        print(f"  {what:<15} time per trial x{t:.1f}: cost per event per trial {1e6 / (a[key] * a['events']):.3f} -> {1e6 / (b[key] * b['events']):.3f} us ({t / x:.2f} of linear)")
    for key, what in (('frss', 'Folio PS'), ('srss', 'SkyLLH PS'), ('trss', 'Folio template')):
        print(f"  {what:<15} peak RSS {a[key]:.0f} -> {b[key]:.0f} MiB: {(b[key] - a[key]) * 1048576 / (b['events'] - a['events']):.0f} bytes per extra event")
print()
for r in rows:
    n = f"{r['events'] / 1000:.0f}k"
    print(f"BENCH|scale PS bkg trials/s, {n} SYNTHETIC events (1 core)|{r['fps']:.1f}|SkyLLH 26.1.0 (1 core)|{r['sps']:.2f}|{r['fps'] / r['sps']:.1f}|ratio > 1")
    print(f"BENCH|scale PS peak RSS (MiB), {n} SYNTHETIC events|{r['frss']:.0f}|SkyLLH 26.1.0|{r['srss']:.0f}|{r['frss'] / r['srss']:.2f}|ratio < 1")
# Template rows: the growth against linear in the events, a measurement (#15 target 6 asks how the cost
# grows), not a goal; the ratio says how far from linear (below 1: trials cost more than linearly).
for r in rows:
    n = f"{r['events'] / 1000:.0f}k"; lin = rows[0]['ftpc'] * rows[0]['events'] / r['events']
    print(f"BENCH|scale template bkg trials/CPU s, {n} SYNTHETIC events (1 core)|{r['ftpc']:.2f}|linear in events from {rows[0]['events'] / 1000:.0f}k|{lin:.2f}|{r['ftpc'] / lin:.2f}|-")
for r in rows[1:]:
    n = f"{r['events'] / 1000:.0f}k"; lin = rows[0]['tbuildc'] * r['events'] / rows[0]['events']
    print(f"BENCH|scale template construction CPU s, {n} SYNTHETIC events|{r['tbuildc']:.1f}|linear in events from {rows[0]['events'] / 1000:.0f}k|{lin:.1f}|{r['tbuildc'] / lin:.2f}|-")
PY

#!/usr/bin/env bash
# Runs every benchmark in Benchmarks/ and prints one table of their BENCH lines: benchmark, ours,
# baseline, ratio, goal and whether the goal is met (see Benchmarks/README.md for the contract).
#
# usage: Benchmarks/run-all.sh [--quick] [--only AREA[,AREA...]]
#   --quick   a short run: few trials and repeats (minutes, not the full benchmarks' tens of minutes)
#   --only    run only these areas (folder names under Benchmarks/, e.g. likelihood,plot)
# Each script's full output goes to a log folder (printed at the end); the table goes to stdout.
# Benchmarks run one after another (they measure on all cores). slurm runs only when a cluster
# answers `sinfo`; a script that prints no BENCH line is listed as such, a failing one with its exit code.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd); cd "$repo"
quick=0; only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only=",$2,"; shift ;;
    --only=*) only=",${1#--only=},"; ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run-all.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
logs=$(mktemp -d "${TMPDIR:-/tmp}/folio-benchmarks.XXXXXX")
export FOLIO_BENCH_QUICK=$quick

# area|command (full)|command (--quick). Scripts not listed here but present as
# Benchmarks/<area>/run.sh are found and run without arguments (FOLIO_BENCH_QUICK=1 under --quick).
known=(
  "cli|swift build -c release --product folio >/dev/null && python3 Benchmarks/cli/noop_rebuild.py|swift build -c release --product folio >/dev/null && python3 Benchmarks/cli/noop_rebuild.py --runs 5"
  "likelihood|Benchmarks/likelihood/run.sh 3000 && Benchmarks/likelihood/template.sh 400|Benchmarks/likelihood/run.sh 300 && Benchmarks/likelihood/template.sh 100"
  "plot|Benchmarks/plot/run.sh 5|Benchmarks/plot/run.sh 2"
  "skyscan|Benchmarks/skyscan/run.sh|Benchmarks/skyscan/run.sh galactic-plane-quick"
  "slurm|Benchmarks/slurm/run.sh|Benchmarks/slurm/run.sh 2000 4"
)
declare -A command
areas=()
for entry in "${known[@]}"; do
  IFS='|' read -r area full short <<<"$entry"
  [ -e "Benchmarks/$area" ] || continue
  areas+=("$area"); command[$area]=$([ "$quick" = 1 ] && echo "$short" || echo "$full")
done
for script in Benchmarks/*/run.sh; do
  area=$(basename "$(dirname "$script")")
  [ -n "${command[$area]+x}" ] && continue
  areas+=("$area"); command[$area]="$script"
done

status="$logs/status"; : >"$status"
for area in "${areas[@]}"; do
  [ -z "$only" ] || [[ "$only" == *",$area,"* ]] || continue
  if [ "$area" = slurm ] && ! sinfo -h -o %T 2>/dev/null | grep -qE 'idle|mixed|alloc'; then
    echo "$area|skipped: no Slurm cluster answers sinfo" >>"$status"; continue
  fi
  echo "== $area: ${command[$area]}  (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  start=$(date +%s)
  bash -c "${command[$area]}" >"$logs/$area.log" 2>&1
  rc=$?
  echo "   exit $rc after $(( $(date +%s) - start )) s; log $logs/$area.log" >&2
  echo "$area|$rc" >>"$status"
done

python3 - "$logs" "$quick" <<'EOF'
import os, re, sys
logs, quick = sys.argv[1], sys.argv[2] == "1"

def number(text):
    m = re.match(r"\s*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)", text.replace(",", ""))
    return float(m.group(1)) if m else None

def met(goal, ours, ratio):
    """Goal grammar: '[ratio] OP NUMBER [unit]' with OP one of < <= > >=; compared with the
    ratio when it starts with 'ratio', with ours otherwise. '-' or empty: no goal."""
    g = goal.strip()
    if g in ("", "-"): return "n/a"
    target = ours
    if g.lower().startswith("ratio"): target, g = ratio, g[5:].strip()
    m = re.match(r"(<=|>=|<|>|≤|≥)\s*(.*)", g)
    limit = number(m.group(2)) if m else None
    value = number(target) if target is not None else None
    if m is None or limit is None or value is None: return "?"
    op = {"≤": "<=", "≥": ">="}.get(m.group(1), m.group(1))
    ok = {"<": value < limit, "<=": value <= limit, ">": value > limit, ">=": value >= limit}[op]
    return "yes" if ok else "NO"

rows, notes = [], []
for line in open(os.path.join(logs, "status")):
    area, result = line.rstrip("\n").split("|", 1)
    if result.startswith("skipped"):
        notes.append((area, result)); continue
    bench = []
    path = os.path.join(logs, area + ".log")
    for text in open(path, errors="replace"):
        if text.startswith("BENCH|"):
            f = text.rstrip("\n").split("|")[1:]
            f += [""] * (6 - len(f))
            name, ours, base_name, base, ratio, goal = f[:6]
            bench.append((area, name, ours, f"{base} ({base_name})" if base_name else base, ratio, goal or "-",
                          met(goal, ours, ratio)))
    rows += bench
    if result != "0": notes.append((area, f"failed (exit {result}); log {path}"))
    elif not bench: notes.append((area, "no BENCH line"))

header = ("area", "benchmark", "ours", "baseline", "ratio", "goal", "met")
print(f"Folio benchmarks ({'--quick' if quick else 'full'} run; load {open('/proc/loadavg').read().split()[:3]})")
print()
print("| " + " | ".join(header) + " |")
print("|" + "|".join("---" for _ in header) + "|")
for r in rows: print("| " + " | ".join(r) + " |")
for area, note in notes: print(f"| {area} | {note} | | | | | |")
print()
print(f"logs: {logs}")
EOF

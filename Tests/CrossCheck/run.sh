#!/usr/bin/env bash
# Cross-check Folio's point-source fit against SkyLLH 26.1.0 on the same files (IC40 real events,
# uptime and effective area; SYNTHETIC stand-in smearing), at TXS 0506+056, NGC 1068 and several
# declinations. One command:   Tests/CrossCheck/run.sh
# Data root: $FOLIO_DATA, default ../shared/data relative to the repository root (never copied).
# Needs python3 (venv) and network access to PyPI the first time (skyllh==26.1.0 into .venv-skyllh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
data=$(cd "${FOLIO_DATA:-$repo/../shared/data}" && pwd)
layout=${SKYLLH_LAYOUT:-$data/../tools/skyllh/layout.sh}
positions="77.36:5.69 40.67:-0.01 0:-30 120:30 200:60 300:15 150:-60 125:-45 325:15 345:30 45:45 145:60"
[ -x .venv-skyllh/bin/python ] || { python3 -m venv .venv-skyllh && .venv-skyllh/bin/pip install -q skyllh==26.1.0; }
base=$(mktemp -d); trap 'rm -rf "$base"' EXIT
"$layout" "$base" >/dev/null
swift build -c release --product folio-likelihood-bench >/dev/null 2>&1
OMP_NUM_THREADS=1 .venv-skyllh/bin/python Tests/CrossCheck/skyllh_fits.py "$base" $positions > "$base/skyllh.jsonl"
.build/release/folio-likelihood-bench fit "$data" $positions > "$base/folio.jsonl" 2>/dev/null
python3 Tests/CrossCheck/compare.py "$base/skyllh.jsonl" "$base/folio.jsonl"

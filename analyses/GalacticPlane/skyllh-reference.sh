#!/usr/bin/env bash
# Writes analyses/GalacticPlane/skyllh-reference.json: SkyLLH 26.1.0 point-source fits (ns, gamma, TS)
# at the flagship's cross-check positions on the staged IC40 files (real events, good-run livetime and
# effective area; SYNTHETIC stand-in smearing), laid out by ../shared/tools/skyllh/layout.sh. The build
# (step `skyllh-crosscheck`) compares Folio's fits with this table; SkyLLH is not a build dependency.
# usage: analyses/GalacticPlane/skyllh-reference.sh      (data root: $FOLIO_DATA or ../shared/data)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd); cd "$repo"
data=$(cd "${FOLIO_DATA:-$repo/../shared/data}" && pwd)
python=${SKYLLH_PYTHON:-.venv-skyllh/bin/python}
[ -x "$python" ] || { python3 -m venv .venv-skyllh && .venv-skyllh/bin/pip install -q skyllh==26.1.0; python=.venv-skyllh/bin/python; }
base=$(mktemp -d); trap 'rm -rf "$base"' EXIT
"$data/../tools/skyllh/layout.sh" "$base" >/dev/null
names=(txs ngc1068 crab hotspot cygx3 gc south30 north60)
positions=(77.36:5.69 40.67:-0.01 83.63:22.01 113.6:15.1 308.11:40.96 266.40:-28.94 0:-30 200:60)
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$python" Tests/CrossCheck/skyllh_fits.py "$base" "${positions[@]}" > "$base/fits.jsonl"
python3 - "$base/fits.jsonl" "${names[@]}" > analyses/GalacticPlane/skyllh-reference.json <<'PY'
import json, sys
fits = [json.loads(l) for l in open(sys.argv[1])]
names = sys.argv[2:]
assert len(fits) == len(names), (len(fits), len(names))
out = {"command": "analyses/GalacticPlane/skyllh-reference.sh (Tests/CrossCheck/skyllh_fits.py on ../shared/tools/skyllh/layout.sh)",
       "skyllh": "26.1.0", "seasons": ["IC40"],
       "positions": [dict(name=n, **f) for n, f in zip(names, fits)]}
print(json.dumps(out, indent=1))
PY

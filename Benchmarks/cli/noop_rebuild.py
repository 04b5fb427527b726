#!/usr/bin/env python3
"""No-op rebuild overhead of `folio build`, as a ratio against process start-up in the same run.

Usage (from the repository root):
    swift build -c release --product folio
    python3 Benchmarks/cli/noop_rebuild.py [--analysis toy] [--runs 30]

It measures, with the release binary on a scratch output folder:
  cold      the first build of the analysis (every step runs), once
  baseline  `folio list`: process start, argument parsing, the analysis catalog (median of runs)
  noop      `folio build <analysis>` with nothing changed: plan, hash check of every cache
            entry, up-to-date check of the published folder (median of runs)
and prints the no-op overhead beyond start-up (noop - baseline) and the ratio noop / baseline.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

def timed(cmd, cwd, env):
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--analysis", default="toy")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--binary", default=".build/release/folio")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        sys.exit(f"no binary at {binary}: run `swift build -c release --product folio` first")
    root = os.getcwd()
    out = tempfile.mkdtemp(prefix="folio-bench-")
    env = dict(os.environ)
    try:
        build = [binary, "build", args.analysis, "--output", out]
        cold = timed(build, root, env)
        base = [timed([binary, "list"], root, env) for _ in range(args.runs)]
        noop = [timed(build, root, env) for _ in range(args.runs)]
        b, n = statistics.median(base), statistics.median(noop)
        print(f"analysis            {args.analysis}")
        print(f"cold build          {cold:8.3f} s")
        print(f"baseline (list)     {b*1000:8.1f} ms  median of {args.runs}")
        print(f"no-op build         {n*1000:8.1f} ms  median of {args.runs}")
        print(f"overhead beyond start-up {1000*(n-b):6.1f} ms; ratio no-op/baseline {n/b:.2f}")
    finally:
        shutil.rmtree(out, ignore_errors=True)

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Start-up and no-op rebuild of `folio`, each a ratio against `make -q` in the same run.

Usage (from the repository root):
    swift build --product folio                      # or -c release and --binary .build/release/folio
    python3 Benchmarks/cli/noop_rebuild.py [--runs 15] [--binary .build/debug/folio]
        [--output output] [--analyses toy,galactic-plane-quick,galactic-plane] [--warm-timeout 120]

It measures, median of --runs process runs each (wall time and CPU time of the process and its
children, i.e. git):
  baseline   `make -q` on a one-rule Makefile whose target is up to date (what "nothing to do"
             costs a classic build tool: process start, parse, two stats)
  version    `folio --version`: process start and argument parsing
  list       `folio list`: every analysis of the catalog built (names, steps, titles)
  noop <a>   `folio build <a>` with nothing changed: plan (keys, input files by their stat memo),
             verify every cache entry (entry checksum; files by the stat memo), check output/<a>/
The toy is built cold into a scratch output folder first. The flagship analyses are measured in
--output (default output/) only if their cache there is complete: a first build, killed after
--warm-timeout seconds, must run nothing; otherwise they are skipped with a message (build them
first: `swift run folio build galactic-plane-quick`, ~20 min for the full `galactic-plane`).

Prints a table, then the BENCH lines of Benchmarks/run-all.sh's contract as the last lines:
    BENCH|<name>|<ours>|<baseline name>|<baseline>|<ratio>|<goal>
"""
import argparse, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time


def timed(cmd, cwd, timeout=None):
    """(wall seconds, CPU seconds of the child and its children, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=timeout)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}")
    return wall, cpu, p.stdout


def median_of(cmd, cwd, runs):
    samples = [timed(cmd, cwd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples), samples[-1][2]


def ran_steps(stdout):
    m = re.search(r"(\d+) ran, (\d+) cached", stdout)
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--binary", default=".build/debug/folio")
    ap.add_argument("--output", default="output", help="output folder holding the flagship caches")
    ap.add_argument("--analyses", default="toy,galactic-plane-quick,galactic-plane")
    ap.add_argument("--warm-timeout", type=float, default=120)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        sys.exit(f"no binary at {binary}: run `swift build --product folio` first")
    if not shutil.which("make"):
        sys.exit("the baseline needs `make` (Debian package make)")
    root = os.getcwd()
    scratch = tempfile.mkdtemp(prefix="folio-bench-")
    kind = "release" if "release" in binary else "debug"  # .build/release/folio, or a copy named so
    rows, bench = [], []
    try:
        with open(os.path.join(scratch, "Makefile"), "w") as f:
            f.write("target: source\n\ttouch target\n")
        for name in ("source", "target"):
            open(os.path.join(scratch, name), "w").close()
            time.sleep(0.01)
        base_wall, base_cpu, _ = median_of(["make", "-q"], scratch, args.runs)
        rows.append(("make -q (baseline)", base_wall, base_cpu))

        def measure(label, cmd, goal, cwd=root):
            wall, cpu, _ = median_of(cmd, cwd, args.runs)
            rows.append((label, wall, cpu))
            bench.append(f"BENCH|{label} ({kind}, s)|{wall:.3f}|make -q|{base_wall:.3f}|{wall / base_wall:.1f}|{goal}")

        measure("folio --version", [binary, "--version"], "-")
        measure("folio list", [binary, "list"], "< 0.1 s")
        for analysis in [a for a in args.analyses.split(",") if a]:
            if analysis == "toy":
                out = os.path.join(scratch, "output")
                timed([binary, "build", "toy", "--output", out], root)  # cold
            else:
                out = os.path.abspath(args.output)
                try:
                    _, _, first = timed([binary, "build", analysis, "--output", out], root, timeout=args.warm_timeout)
                except subprocess.TimeoutExpired:
                    print(f"skipped {analysis}: its cache in {out} is not complete for this binary (the build "
                          f"did not finish within {args.warm_timeout:.0f} s); build it first")
                    continue
                if ran_steps(first) is None:
                    print(f"skipped {analysis}: unexpected output {first!r}")
                    continue
            time.sleep(2.1)  # past the stat memo's racy window for the files just written
            _, _, warm = timed([binary, "build", analysis, "--output", out], root)
            if ran_steps(warm) != 0:
                print(f"skipped {analysis}: a repeated build still ran steps ({warm.strip()})")
                continue
            goal = "< 0.2 s" if analysis.startswith("galactic-plane") else "-"
            measure(f"noop rebuild {analysis}", [binary, "build", analysis, "--output", out], goal)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    load = open("/proc/loadavg").read().split()[:3]
    print(f"binary {binary} ({kind}); median of {args.runs} runs; load average {' '.join(load)}")
    print(f"{'command':34} {'wall ms':>9} {'CPU ms':>9} {'wall / make -q':>15}")
    for label, wall, cpu in rows:
        print(f"{label:34} {wall * 1000:9.1f} {cpu * 1000:9.1f} {wall / base_wall:15.1f}")
    for line in bench:
        print(line)


if __name__ == "__main__":
    main()

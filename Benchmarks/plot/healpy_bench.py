#!/usr/bin/env python3
"""The healpy/matplotlib side of the plot benchmark (see run.sh).

Same cases as folio-plot-bench: a 1600x800 px Mollweide PNG of an nside=128 map with colour bar
and graticule, and 100,000 events as dots. Prints `case seconds` (median of `repeats` runs,
each: new figure, draw, savefig to PNG, close), imports excluded.
usage: healpy_bench.py [REPEATS=5] [OUT_DIR] [map|events]  (a case name: only that case; run.sh
times `healpy_bench.py 1 OUT map` as a whole process, imports included)
"""
import sys, os, time, tempfile
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import healpy as hp

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
out = sys.argv[2] if len(sys.argv) > 2 else tempfile.gettempdir()

nside = 128
theta, phi = hp.pix2ang(nside, np.arange(hp.nside2npix(nside)))
m = np.sin(3 * theta) * np.cos(2 * phi) + theta / np.pi

i = np.arange(100_000, dtype=float)
ra = 360 * np.mod(i * 0.6180339887498949, 1)
dec = np.degrees(np.arcsin(2 * np.mod(i * 0.7071067811865476, 1) - 1))

def render_map(path):
    fig = plt.figure(figsize=(16, 8), dpi=100)
    hp.mollview(m, fig=fig.number, xsize=1600, cmap="viridis", title="", cbar=True)
    hp.graticule(30, 30)
    fig.savefig(path, dpi=100)
    plt.close(fig)

def render_events(path):
    fig = plt.figure(figsize=(16, 8), dpi=100)
    hp.mollview(np.full(12, hp.UNSEEN), fig=fig.number, xsize=1600, title="", cbar=False)
    hp.graticule(30, 30)
    hp.projscatter(ra, dec, lonlat=True, s=1.5, c="#0072B2")
    fig.savefig(path, dpi=100)
    plt.close(fig)

only = sys.argv[3] if len(sys.argv) > 3 else None
for name, fn in [("map", render_map), ("events", render_events)]:
    if only and name != only:
        continue
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(os.path.join(out, "healpy-%s.png" % name))
        times.append(time.perf_counter() - t0)
    print("%s %.4f" % (name, sorted(times)[len(times) // 2]))

#!/usr/bin/env python3
"""Fit ns, gamma, TS with SkyLLH 26.1.0 at several positions on the IC40 public data.

usage: skyllh_fits.py BASE_DIR [RA:DEC ...]
BASE_DIR is a SkyLLH base path laid out by /work/shared/tools/skyllh/layout.sh (official headers,
SYNTHETIC stand-in smearing). Prints one JSON object per line: {"ra":..,"dec":..,"ts":..,"ns":..,"gamma":..}.
"""
import json, os, sys
os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np
import skyllh
from skyllh.core.config import Config
from skyllh.core.random import RandomStateService
from skyllh.core.source_model import PointLikeSource
from skyllh.analyses.i3.publicdata_ps.time_integrated_ps import create_analysis

base = sys.argv[1]
positions = [tuple(map(float, p.split(':'))) for p in sys.argv[2:]]
cfg = Config(); cfg.set_ncpu(1)
dsets = skyllh.create_datasets('IceTracks-DR1', cfg=cfg, base_path=base, names=['IC40'])
for ra, dec in positions:
    ana = create_analysis(cfg=cfg, datasets=dsets, source=PointLikeSource(ra=np.deg2rad(ra), dec=np.deg2rad(dec)))
    ts, pd, _ = ana.unblind(minimizer_rss=RandomStateService(seed=1))
    print(json.dumps({'ra': ra, 'dec': dec, 'ts': float(ts), 'ns': float(pd['ns']), 'gamma': float(pd['gamma'])}), flush=True)

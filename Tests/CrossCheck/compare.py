#!/usr/bin/env python3
"""Compare SkyLLH and Folio fits (JSON lines with ra, dec, ts, ns, gamma); exit 1 if any differs by
more than 1% (gamma only where ns > 0: at ns = 0 the likelihood does not depend on gamma)."""
import json, sys
sky = [json.loads(l) for l in open(sys.argv[1])]
fol = [json.loads(l) for l in open(sys.argv[2])]
bad = 0
print(f"{'RA':>7} {'Dec':>6} | {'TS skyllh':>10} {'TS folio':>10} | {'ns skyllh':>9} {'ns folio':>9} | {'g skyllh':>8} {'g folio':>8} | ok")
for s, f in zip(sky, fol):
    def close(a, b, tol=0.01, floor=1e-3):
        return abs(a - b) <= tol * max(abs(a), abs(b)) or abs(a - b) < floor
    ok = close(s['ts'], f['ts']) and close(s['ns'], f['ns']) and (s['ns'] == 0 or close(s['gamma'], f['gamma']))
    bad += not ok
    print(f"{s['ra']:7.2f} {s['dec']:6.2f} | {s['ts']:10.5f} {f['ts']:10.5f} | {s['ns']:9.4f} {f['ns']:9.4f} | "
          f"{s['gamma']:8.4f} {f['gamma']:8.4f} | {'yes' if ok else 'NO'}")
print('all within 1%' if bad == 0 else f'{bad} positions differ by more than 1%')
sys.exit(1 if bad else 0)

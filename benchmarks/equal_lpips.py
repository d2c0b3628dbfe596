"""PSNR of one dial against another at equal LPIPS: each setting of model B against model A's curve, interpolated.

    python benchmarks/equal_lpips.py --curve benchmarks/results/compare_x4.json:featsr-x4:B100 \
        runs/photo/eval/b100_photo@*.json [--set B100]

`--curve FILE:PREFIX:SET` reads model A's dial settings (`PREFIX@A`, no `+` suffixes) from a `featsr_compare`
results.json; the other arguments are `featsr_eval --json` files of model B, one per setting. For each of B's
settings, A's Y-PSNR is interpolated linearly in LPIPS between A's two settings around B's LPIPS.
"""
import argparse, json, re
from pathlib import Path
import numpy as np

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('jsons', nargs='+'); ap.add_argument('--curve', required=True); ap.add_argument('--set', default='B100')
    a = ap.parse_args()
    f, prefix, s = a.curve.split(':')
    res = json.loads(Path(f).read_text())['methods']
    pts = sorted((m[s]['lpips'], m[s]['psnr']) for k, m in res.items() if re.fullmatch(re.escape(prefix) + r'@[0-9.]+', k) and s in m)
    lp, ps = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    print(f"| setting | {s} Y-PSNR / LPIPS | {prefix} at that LPIPS | difference |\n|---|---|---:|---:|")
    for j in sorted(a.jsons, key=lambda p: float(re.search(r'@([0-9.]+)', json.loads(Path(p).read_text())['method']).group(1))):
        doc = json.loads(Path(j).read_text()); r = doc['sets'][s]
        name = doc['method'].removeprefix('featsr:')
        if not lp.min() <= r['lpips'] <= lp.max(): print(f"| {name} | {r['psnr']:.2f} / {r['lpips']:.4f} | outside {prefix}'s range | |"); continue
        ref = float(np.interp(r['lpips'], lp, ps))
        print(f"| {name} | {r['psnr']:.2f} / {r['lpips']:.4f} | {ref:.2f} | {r['psnr'] - ref:+.2f} dB |")

if __name__ == '__main__': main()

"""Y-PSNR / SSIM / LPIPS and seconds per image of every comparison baseline on a benchmark set (default Set5 x4).

Usage: python benchmarks/baselines_set5.py [--bench ../shared/bench/Set5] [--threads 1] [--out results.json]
Prints a markdown table; methods whose weights or runtime are missing are listed as skipped.
"""
import argparse, json, time
from pathlib import Path
import torch
from featsr.core import shared_dir
from featsr import metrics, evaluate
from featsr.baselines import BASELINES, load_baseline, WeightsMissing

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bench', default=None, help='benchmark folder with HR/ and LR_bicubic/X4/ (default: shared Set5)')
    ap.add_argument('--threads', type=int, default=1, help='torch/ncnn CPU threads')
    ap.add_argument('--methods', nargs='*', default=None, help='subset of methods (default: bicubic + all baselines)')
    ap.add_argument('--out', default=None, help='also write the results as JSON here')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    bench = Path(a.bench) if a.bench else shared_dir()/'bench'/'Set5'
    names = a.methods or ['bicubic', *BASELINES]
    rows, res = [], {}
    for name in names:
        if name != 'bicubic':
            try: t = time.perf_counter(); u = load_baseline(name, 4); load_s = time.perf_counter() - t
            except (WeightsMissing, ImportError, PermissionError) as e:
                rows.append(f"| {name} | skipped: {str(e)[:80]} |||||"); continue
        r = evaluate.evaluate(name, [bench], 4, lpips=True, progress=False)[bench.name]
        params = 0 if name == 'bicubic' else u.params
        res[name] = dict(r, params=params)
        rows.append(f"| {name} | {params:,} | {r['psnr']:.2f} | {r['ssim']:.4f} | {r['lpips']:.4f} | {r['sec_per_img']:.2f} |")
        print(rows[-1], flush=True)
    print(f"\n{bench.name} x4, {a.threads} thread(s); {metrics.PROTOCOL}\n")
    print('| method | parameters | Y-PSNR | Y-SSIM | LPIPS (alex) | s/img |\n|---|---|---|---|---|---|')
    print('\n'.join(rows))
    if a.out: Path(a.out).write_text(json.dumps(res, indent=1) + '\n')

if __name__ == '__main__': main()

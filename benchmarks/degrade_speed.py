"""Training-batch throughput: cached bicubic pairs against degradations drawn afresh for every crop, side by side.

    python benchmarks/degrade_speed.py [--data ../shared/train] [--sz 128 --bs 8 --batches 40 --repeats 5]

Both loaders are `featsr.data.sr_dataloaders` on the same photographs, in the main process (`num_workers=0`, the CPU
default), with every photograph already decoded in memory. `bicubic` reads the cached MATLAB-bicubic inputs and
crops them; `real` crops the target and runs the `real` degradation on the crop (blur, random-kernel downscale,
noise, JPEG). The first build of each is not timed. Reported: median seconds per batch over `--repeats` runs of
`--batches` batches, images per second, and the extra time per batch that fresh degradation costs. Writes
`benchmarks/results/degrade_speed.md`.
"""
import argparse, os, statistics, sys, time, warnings
from pathlib import Path
import torch
from featsr.core import shared_dir
from featsr.data import sr_dataloaders

def time_batches(dls, n:int, repeats:int) -> float:
    "Median seconds per training batch over `repeats` runs of `n` batches"
    runs = []
    for _ in range(repeats):
        it, t0 = iter(dls.train), time.perf_counter()
        for _ in range(n): next(it)
        runs.append((time.perf_counter() - t0) / n)
    return statistics.median(runs)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=None, help='training photographs (default: the shared train/ folder)')
    ap.add_argument('--sz', type=int, default=128); ap.add_argument('--bs', type=int, default=8)
    ap.add_argument('--batches', type=int, default=30); ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--out', default='benchmarks/results/degrade_speed.md')
    a = ap.parse_args()
    data = a.data or (shared_dir()/'train' if shared_dir() else None)
    if data is None: sys.exit("no --data and no shared data folder (../shared or $FEATSR_SHARED)")
    torch.set_num_threads(1)
    rows = []
    for deg in ('bicubic', 'real'):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            dls = sr_dataloaders(data, sz=a.sz, bs=a.bs, degradation=deg, device='cpu', num_workers=0)
        time_batches(dls, 3, 1)  # warm-up
        rows.append((deg, 'fresh per crop' if dls.fresh else 'cached', time_batches(dls, a.batches, a.repeats)))
    base = rows[0][2]
    lines = [f"Training batches, {a.sz} px targets, bs {a.bs}, main process, 1 thread ({os.cpu_count()} CPUs, {a.repeats} x {a.batches} batches, medians)", '',
             '| degradation | inputs | ms / batch | images / s | extra ms / batch |', '|---|---|---:|---:|---:|']
    lines += [f"| {d} | {k} | {1e3*s:.1f} | {a.bs/s:.0f} | {1e3*(s-base):+.1f} |" for d, k, s in rows]
    text = '\n'.join(lines)
    print(text)
    Path(a.out).write_text(text + '\n')

if __name__ == '__main__': main()

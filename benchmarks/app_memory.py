"""Seconds and peak memory of `featsr_app`'s processing of one 1-megapixel photo, in this (fresh) process.

    python benchmarks/app_memory.py [--image PHOTO] [--model featsr-x4] [--dial 0.6] [--threads N] [--device cpu]

Runs what a press of *Upscale* runs, without the browser: `ModelCache.get` (the model at a dial setting),
`upscale_upload` (read the file, upscale tile by tile, write the PNG), `views` (the two before/after pairs) and the
PNG encoding Gradio does for those four images. Default photo: the first photo of at least 1000×1000 in
`$FEATSR_SHARED/train/pkg_photos`, centre-cropped to 1000×1000 (1.0 MP). Peak RSS is the process's `ru_maxrss`;
"base" is the RSS after imports (torch, gradio), loading the model and a 32×32 warm-up.
"""
import argparse, io, os, resource, sys, tempfile, time
from pathlib import Path

def rss_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--image', default=None); p.add_argument('--model', default='featsr-x4')
    p.add_argument('--dial', type=float, default=0.6); p.add_argument('--other-dial', type=float, default=0.3)
    p.add_argument('--threads', type=int, default=0, help='torch threads (0: torch default)')
    p.add_argument('--device', default='cpu')
    a = p.parse_args()
    import numpy as np, torch
    from PIL import Image
    from featsr.core import shared_dir
    from featsr.app import ModelCache, upscale_upload, views
    if a.threads: torch.set_num_threads(a.threads)
    tmp = Path(tempfile.mkdtemp(prefix='featsr_app_bench_'))
    if a.image: src = Path(a.image)
    else:
        sd = shared_dir()
        if sd is None: print('no --image and no shared data folder ($FEATSR_SHARED)', file=sys.stderr); return 1
        big = next(f for f in sorted((sd/'train'/'pkg_photos').glob('*')) if min(Image.open(f).size) >= 1000)
        im = Image.open(big).convert('RGB'); w, h = im.size
        src = tmp/f'{big.stem}_1000.png'
        im.crop(((w - 1000) // 2, (h - 1000) // 2, (w + 1000) // 2, (h + 1000) // 2)).save(src)
    rows = []
    cache = ModelCache(device=a.device)
    t0 = time.perf_counter(); m = cache.get(a.model, a.dial); rows.append((f'load {a.model}@{a.dial:g} (cold)', time.perf_counter() - t0))
    t0 = time.perf_counter(); cache.get(a.model, a.dial); rows.append((f'load {a.model}@{a.dial:g} again (cached)', time.perf_counter() - t0))
    t0 = time.perf_counter(); cache.get(a.model, a.other_dial); rows.append((f'load {a.model}@{a.other_dial:g} (another setting)', time.perf_counter() - t0))
    Image.new('RGB', (32, 32), (128, 90, 60)).save(tmp/'warm.png')
    upscale_upload(tmp/'warm.png', m, tmp)  # warm-up: one-off library initialisation is not counted
    base = rss_mb()
    t0 = time.perf_counter(); r = upscale_upload(src, m, tmp); t_all = time.perf_counter() - t0
    rows.append((f"upscale_upload {r['input'].size[0]}x{r['input'].size[1]} -> {r['result'].size[0]}x{r['result'].size[1]} "
                 f"(read, upscale, write PNG)", t_all))
    rows.append(('  of which upscale itself', r['seconds']))
    t0 = time.perf_counter()
    whole, crop = views(r)
    for im in (*whole, *crop): im.save(io.BytesIO(), format='PNG')
    rows.append(('views + PNG encoding of the 4 page images', time.perf_counter() - t0))
    peak = rss_mb()
    mp = r['input'].size[0] * r['input'].size[1] / 1e6
    print(f"featsr_app processing, {src.name} ({mp:.2f} MP), model {a.model}@{a.dial:g}, device {a.device}, "
          f"torch threads {torch.get_num_threads()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n")
    print('| step | seconds |'); print('|---|---|')
    for name, s in rows: print(f'| {name} | {s:.2f} |')
    print(f'\n| RSS | MB |\n|---|---|\n| base (imports incl. gradio, model, warm-up) | {base:.0f} |\n'
          f'| peak | {peak:.0f} |\n| peak - base (one 1-MP request) | {peak - base:.0f} |')
    import shutil; shutil.rmtree(tmp, ignore_errors=True)

if __name__ == '__main__': sys.exit(main())

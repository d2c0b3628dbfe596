"""Seconds per image of tiled upscaling with `featsr.upscale.tile_layout` (the fewest tiles, sized to cover the image,
spread evenly) against the earlier layout (tiles of exactly `tile` pixels, the last one shifted inwards), side by side.

    python benchmarks/tile_layout.py [--models featsr-x4 featsr-video-x4] [--sizes 640x272 480x270 500x375]
                                     [--tile 256] [--overlap 32] [--reps 3] [--threads N]

For each model and low-resolution size (width x height) it prints the tiles of each layout, the pixels the network
computes (tiles padded to the model's multiple, summed), the median seconds of `--reps` runs (the two layouts
alternate, so both see the same machine), their ratio, and how far each layout's output lies from the untiled output
(the model on the whole image at once, untimed): mean and largest absolute difference in grey levels (tiles differ
from it only near where they meet). A multi-frame model gets the same frame three times
(`upscale_tiles` on its stacked input, as `featsr_video` runs it). The cost does not depend on
the content, so the input is a photograph (`--image`, resized to each size; noise when it is absent), which also
makes the difference between the layouts' outputs meaningful.
"""
import argparse, os, statistics, time, warnings
from pathlib import Path
from PIL import Image
import numpy as np
import torch
import featsr.all  # registers the model builders
from featsr import upscale as up
from featsr.video import VideoSRModel, load_video_model

def fixed_layout(n, t, overlap, multiple=1):
    "The earlier layout: tiles of min(t, n) pixels `t - overlap` apart, the last one flush with the end"
    if t <= 0 or n <= t: return n, [0]
    return t, list(range(0, n - t, t - overlap)) + [n - t]

def tiles_and_pixels(layout, W, H, tile, overlap, multiple):
    "Number of tiles, and the pixels the network computes (tiles padded up to `multiple`, summed)"
    (th, ys), (tw, xs) = layout(H, tile, overlap, multiple), layout(W, tile, overlap, multiple)
    pad = lambda v: -(-v // multiple) * multiple
    return len(ys) * len(xs), len(ys) * len(xs) * pad(th) * pad(tw)

def run(model, a, tile, overlap, layout):
    "Upscale `a` with `layout` patched into `featsr.upscale`; (seconds, output)"
    saved, up.tile_layout = up.tile_layout, layout
    try:
        t0 = time.perf_counter()
        x = model.stack([a] * model.n_frames) if isinstance(model, VideoSRModel) else a
        out = up.upscale_tiles(x, model, tile, overlap, 1)
        return time.perf_counter() - t0, out
    finally: up.tile_layout = saved

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--models', nargs='+', default=['featsr-x4', 'featsr-video-x4'])
    p.add_argument('--sizes', nargs='+', default=['640x272', '480x270', '500x375'], help='LR width x height')
    p.add_argument('--tile', type=int, default=256)
    p.add_argument('--overlap', type=int, default=32)
    p.add_argument('--reps', type=int, default=3, help='timed runs per layout (median reported)')
    p.add_argument('--threads', type=int, default=None)
    p.add_argument('--image', default=Path(os.environ.get('FEATSR_SHARED', '../shared'))/'train/kodak24_500crop/kodim01.png',
                   help='photograph resized to each LR size (default: a training photo in $FEATSR_SHARED)')
    args = p.parse_args()
    warnings.filterwarnings('ignore')
    if args.threads: torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, tile {args.tile}, overlap {args.overlap}, '
          f'median of {args.reps}, layouts alternating')
    print(f"input: {args.image if Path(args.image).exists() else 'random noise'}")
    print('model | LR size | tiles fixed / even | network Mpx fixed / even | s fixed | s even | speed-up | '
          'fixed vs untiled: mean / max | even vs untiled: mean / max')
    print('---|---|---|---|---|---|---|---|---')
    for name in args.models:
        model = load_video_model(name, 'cpu').eval()  # a single-image model loads as itself
        mult = model.pad_to
        for size in args.sizes:
            W, H = map(int, size.split('x'))
            if Path(args.image).exists(): a = np.asarray(Image.open(args.image).convert('RGB').resize((W, H), Image.BICUBIC))
            else: a = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
            run(model, a[:64, :64], args.tile, args.overlap, up.tile_layout)  # warm-up
            times, outs = {'fixed': [], 'even': []}, {}
            for _ in range(args.reps):
                for key, layout in (('fixed', fixed_layout), ('even', up.tile_layout)):
                    s, outs[key] = run(model, a, args.tile, args.overlap, layout)
                    times[key].append(s)
            (nf, pf), (ne, pe) = (tiles_and_pixels(l, W, H, args.tile, args.overlap, mult) for l in (fixed_layout, up.tile_layout))
            tf, te = statistics.median(times['fixed']), statistics.median(times['even'])
            _, whole = run(model, a, 0, 0, up.tile_layout)
            dev = {k: np.abs(o.astype(int) - whole.astype(int)) for k, o in outs.items()}
            print(f'{name} | {W}x{H} | {nf} / {ne} | {pf/1e6:.3f} / {pe/1e6:.3f} | {tf:.2f} | {te:.2f} | {tf/te:.2f}x | '
                  f"{dev['fixed'].mean():.3f} / {dev['fixed'].max()} | {dev['even'].mean():.3f} / {dev['even'].max()}",
                  flush=True)

if __name__ == '__main__': main()

"""Cheap sanity check of tools/gpu/train_video.sh's multi-frame model on a few of its own validation windows.

    python3 tools/gpu/video_check.py --model DIR --init DIR --data gpu_carry/train_q95 --sz 128 [--n 6] [--device cuda]

It loads the model as users do (`featsr.video.load_video_model`), rebuilds the validation split of the last training
stage (`video_dataloaders` splits the still photos by source: `random_split(len(ok), 0.1, seed)` over the photos at
least as large as the crop), makes the same shifted (t-1, t, t+1) sequences of the first N validation photos
(`load_sequences`, same seed, so the same shifts and LR frames as in training), and prints Y-PSNR (4 px shaved) of
- `dynamic`: the model on its real window (neighbours aligned as it was trained),
- `static`:  the model fed the centre frame three times (the `featsr_video --static` ablation: no motion information),
- `init`:    the single-image start model (--init) on the centre frame.
dynamic > static says the neighbours are used; static close to init says the single-image skill was kept.
A first look only (a few synthetic windows): the real evaluation is Vid4, back on the CPU machine.
"""
import argparse, json, sys, time
import numpy as np
import torch
from PIL import Image


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', required=True); ap.add_argument('--init', required=True)
    ap.add_argument('--data', required=True, help='the --stills folder training used (same spelling: seeds depend on it)')
    ap.add_argument('--sz', type=int, required=True, help='HR crop size of the last training stage')
    ap.add_argument('--n', type=int, default=6); ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--device', default=None); ap.add_argument('--json', default=None)
    a = ap.parse_args()
    t0 = time.time()
    from featsr.core import image_files
    from featsr.data import random_split
    from featsr.export import load_model
    from featsr.metrics import psnr_y
    from featsr.upscale import upscale, upscale_tiles
    from featsr.video import load_video_model, VideoSRModel
    from featsr.video_data import load_sequences
    model = load_video_model(a.model, device=a.device)
    if not isinstance(model, VideoSRModel): sys.exit(f"{a.model}: not a multi-frame model ({type(model.net).__name__})")
    init = load_model(a.init, device=a.device)
    s = model.scale
    cfg = model.config or {}
    print(f"loaded {a.model}: {type(model.net).__name__}, {model.n_frames} frames, align={model.align}, "
          f"neighbours={getattr(model.net, 'neighbours', None)}, x{s}, on {next(model.parameters()).device}; "
          f"dtype in file: {json.load(open(f'{a.model}/model.json')).get('dtype')}")
    files = image_files(a.data)
    ok = [p for p in files if min(Image.open(p).size) // s >= a.sz // s]
    _, va = random_split(len(ok), 0.1, a.seed)
    pick = [ok[i] for i in va][:a.n]
    if not pick: sys.exit(f"no validation photos (of {len(ok)} usable in {a.data})")
    seqs = load_sequences(None, pick, scale=s, n_frames=model.n_frames, seed=a.seed)
    rows = []
    for q in seqs:
        c = q.centres[0]
        k = model.n_frames // 2
        frames = [q.lr[c + j] for j in range(-k, k + 1)]
        hr = q.hr[c]
        dyn = upscale_tiles(model.stack(frames), model, 0, 0, 1)
        sta = upscale_tiles(model.stack([frames[k]] * len(frames)), model, 0, 0, 1)
        one = np.asarray(upscale(frames[k], init, tile=0, overlap=0))
        r = dict(photo=q.name, lr=list(frames[k].shape[:2]), dynamic=psnr_y(dyn, hr), static=psnr_y(sta, hr),
                 init=psnr_y(one, hr))
        rows.append(r)
        print(f"  {q.name:60s} LR {r['lr'][1]}x{r['lr'][0]}  dynamic {r['dynamic']:6.2f}  static {r['static']:6.2f}  "
              f"init {r['init']:6.2f} dB")
    mean = {k: float(np.mean([r[k] for r in rows])) for k in ('dynamic', 'static', 'init')}
    print(f"mean Y-PSNR over {len(rows)} validation windows: dynamic {mean['dynamic']:.2f}, static {mean['static']:.2f}, "
          f"init {mean['init']:.2f} dB  (dynamic - static {mean['dynamic'] - mean['static']:+.2f} dB) in {time.time()-t0:.1f} s")
    if not mean['dynamic'] > mean['static']:
        print("!!! check: the neighbours do not help on these windows (dynamic <= static)")
    if a.json:
        with open(a.json + '.tmp', 'w') as f: json.dump(dict(mean=mean, windows=rows, sz=a.sz, model=a.model), f, indent=1)
        import os; os.replace(a.json + '.tmp', a.json)


if __name__ == '__main__':
    main()

"""Choose a model's anti-ringing setting: the edge test and a validation folder, with each setting and without.

    python benchmarks/antiring_choice.py models/featsr-x4-photo --valid runs/photo_split/valid --lr real \
        --dial 0,0.4,0.8,1 [--settings none,3:0,3:2,3:3] [--out FILE]

For every dial setting the model runs once per image with its anti-ringing off; each candidate `WINDOW:PULL`
(`featsr.export.antiring`, pull in grey levels) is then applied to that same output, so the columns differ only by
the clamp. Reported per candidate: the edge test's pooled max / 99.9th-percentile overshoot (grey levels,
`featsr.evaluate.edge_overshoot`) and the validation folder's mean Y-PSNR / LPIPS-alex. Run it on a validation
folder, never on a test set.
"""
import argparse, time
from pathlib import Path
import numpy as np
import torch
import featsr.all  # every method provider
from featsr.export import load_model, antiring
from featsr.upscale import upscale
from featsr.evaluate import edge_overshoot, bench_pairs, set_label
from featsr.metrics import psnr_y, lpips_dist

def parse_settings(spec:str) -> dict:
    "{'none': None, '3:2': (3, 2.0), ...} from 'none,3:2,...'"
    out = {}
    for s in spec.split(','):
        if s == 'none': out[s] = None
        else: w, p = s.split(':'); out[s] = (int(w), float(p))
    return out

def clamp_u8(sr:np.ndarray, lr:np.ndarray, setting) -> np.ndarray:
    "`sr` (uint8 HxWx3) clamped to the range of `lr` around each pixel with `setting` = (window, pull in grey levels)"
    if setting is None: return sr
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a)).permute(2, 0, 1)[None].float()
    out = antiring(t(sr), t(lr), setting[0], setting[1])
    return out.round().clamp(0, 255)[0].permute(1, 2, 0).byte().numpy()

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('model'); ap.add_argument('--valid', required=True); ap.add_argument('--lr', default='real')
    ap.add_argument('--dial', default='0,0.4,0.8,1'); ap.add_argument('--settings', default='none,3:0,3:2,3:3')
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--out')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    settings = parse_settings(a.settings)
    rows = []
    for d in a.dial.split(','):
        t0 = time.perf_counter()
        model = load_model(f'{a.model}@{d}', device='cpu', antiring=False)
        run = lambda lr: np.asarray(upscale(lr, model))
        edge_sr = {}  # the edge test's six inputs, each upscaled once for all candidates
        def edge_fn(s):
            return lambda lr: clamp_u8(edge_sr.setdefault(lr.tobytes(), run(lr)), lr, s)
        edge = {k: edge_overshoot(edge_fn(s))['all'] for k, s in settings.items()}
        acc = {k: [] for k in settings}
        for name, lr, hr in bench_pairs(a.valid, model.scale, a.lr):
            sr = run(lr)
            for k, s in settings.items():
                o = clamp_u8(sr, lr, s); acc[k].append((psnr_y(o, hr, model.scale), lpips_dist(o, hr)))
        for k in settings:
            p, l = np.mean(acc[k], 0)
            rows.append(f"| {d} | {k} | {edge[k]['max']:.0f} / {edge[k]['p999']:.0f} | {p:.3f} / {l:.4f} |")
        print('\n'.join(rows[-len(settings):]), f'({time.perf_counter() - t0:.0f} s)', flush=True)
    n = len(acc[next(iter(settings))])
    text = '\n'.join([f"# Anti-ringing settings of `{a.model}`", '',
                      f"Produced by `python benchmarks/antiring_choice.py {a.model} --valid {a.valid} --lr {a.lr} --dial {a.dial} "
                      f"--settings {a.settings}`. Validation folder `{set_label(a.valid, a.lr)}` ({n} images); edge test as in "
                      "`benchmarks/edge_halo.py` (SRResNet: 6 / 4; the pass mark is within 1 grey level of it).", '',
                      '| A | anti-ringing (window:pull) | edge max / p99.9 | valid Y-PSNR / LPIPS |', '|---:|---|---|---|', *rows])
    print('\n' + text)
    if a.out: Path(a.out).write_text(text + '\n'); print(f'wrote {a.out}')

if __name__ == '__main__': main()

"""Training throughput at 128 px HR crops, batch 8, on this machine: the lesson-7 configuration against featsr's.

Prints one table (median seconds per optimiser step over `--steps` after `--warmup`, images/s, ratio to lesson 7)
and a per-part profile (data, model forward, loss forward, backward+step) so it is clear where the time goes.
All configurations are measured in the same run, one after the other. Encoders and loss networks use random
weights here (`pretrained=False`): the FLOPs and memory traffic are the same as with ImageNet weights, and the
lesson's VGG-16-BN and ResNet-34 weights are not available offline.

    python benchmarks/train_speed.py --data ../shared/train --steps 5
"""
import argparse, statistics, time, json
import torch
from featsr.data import sr_dataloaders
from featsr.model import sr_learner
from featsr.loss import FeatureLoss

CONFIGS = {
    # name: (mode, arch, model kwargs, loss kwargs)
    'lesson7 (pre, resnet34, vgg16_bn loss)': ('pre', 'resnet34', dict(blur=True), dict(bn=True)),
    'featsr post resnet34 w128': ('post', 'resnet34', dict(decoder_width=128), dict()),
    'featsr post vgg16 w128': ('post', 'vgg16', dict(decoder_width=128), dict()),
    'featsr post vgg16 w64': ('post', 'vgg16', dict(decoder_width=64), dict()),
}

def time_steps(learn, steps, warmup, channels_last):
    "Median seconds per training step and per part (data, model, loss, backward+step)"
    model, loss_func = learn.model, learn.loss_func
    model.train()
    if channels_last: model.to(memory_format=torch.channels_last)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    it = iter(learn.dls.train)
    parts = {'data': [], 'model': [], 'loss': [], 'backward+step': [], 'total': []}
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        try: xb, yb = next(it)
        except StopIteration: it = iter(learn.dls.train); xb, yb = next(it)
        if channels_last: xb = xb.contiguous(memory_format=torch.channels_last)
        t1 = time.perf_counter()
        pred = model(xb)
        t2 = time.perf_counter()
        loss = loss_func(pred, yb)
        t3 = time.perf_counter()
        loss.backward(); opt.step(); opt.zero_grad()
        t4 = time.perf_counter()
        if i >= warmup:
            for k, v in zip(parts, (t1-t0, t2-t1, t3-t2, t4-t3, t4-t0)): parts[k].append(v)
    return {k: statistics.median(v) for k, v in parts.items()}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', nargs='+', default=['../shared/train'])
    ap.add_argument('--steps', type=int, default=5)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--sz', type=int, default=128)
    ap.add_argument('--bs', type=int, default=8)
    ap.add_argument('--configs', default=None, help='comma-separated subset of config names (substring match)')
    ap.add_argument('--channels-last', action='store_true')
    ap.add_argument('--json', default=None)
    a = ap.parse_args()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, sz {a.sz}, bs {a.bs}, "
          f"median of {a.steps} steps after {a.warmup} warm-up")
    rows = []
    for name, (mode, arch, mkw, lkw) in CONFIGS.items():
        if a.configs and not any(c.strip() in name for c in a.configs.split(',')): continue
        dls = sr_dataloaders(a.data, scale=4, mode=mode, sz=a.sz, bs=a.bs, device='cpu')
        loss = FeatureLoss(pretrained=False, **lkw)
        learn = sr_learner(dls, arch=arch, loss_func=loss, pretrained=False, **mkw)
        learn.unfreeze()
        t = time_steps(learn, a.steps, a.warmup, a.channels_last)
        nparams = sum(p.numel() for p in learn.model.parameters())
        rows.append(dict(config=name, params_M=round(nparams/1e6, 1), **{k: round(v, 3) for k, v in t.items()},
                         img_per_s=round(a.bs / t['total'], 2)))
        print(f"  measured {name}: {t['total']:.2f} s/step", flush=True)
    base = rows[0]['img_per_s'] if rows and rows[0]['config'].startswith('lesson7') else None
    cols = ['config', 'params_M', 'data', 'model', 'loss', 'backward+step', 'total', 'img_per_s']
    print('\n| ' + ' | '.join(cols + (['x lesson7'] if base else [])) + ' |')
    print('|' + '---|' * (len(cols) + (1 if base else 0)))
    for r in rows:
        extra = [f"{r['img_per_s']/base:.2f}"] if base else []
        print('| ' + ' | '.join(str(r[c]) for c in cols) + (' | ' + ' | '.join(extra) if extra else '') + ' |')
    if a.json:
        with open(a.json, 'w') as f: json.dump(rows, f, indent=1)

if __name__ == '__main__': main()

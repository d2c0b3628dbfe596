"""Throughput of featsr on a GPU: training steps, the data loader, and inference (for tools/gpu/train.sh).

    python tools/gpu/bench.py train [--json F] [--max-seconds 60]        # images/s of a training step
    python tools/gpu/bench.py data --data DIR... [--workers 4 8] [--json F] # images/s out of sr_dataloaders
    python tools/gpu/bench.py infer [--model DIR] [--lr 1024] [--json F]  # output megapixels/s

train: featsr-x4's configuration (`post` U-Net, VGG-16 encoder, decoder width 128, self-attention; random weights:
speed does not depend on them) with featsr_train's CUDA setup (`featsr.train.to_fast_device`: channels-last model,
bf16 autocast; the loss's VGG-16 runs channels-last, gram matrices in fp32) and, for reference, plain fp32 (TF32
convolutions, torch's default). A step = forward + loss + backward + Adam. Timed over `--steps` steps after `--warmup`
(torch.cuda.synchronize() around the timed loop, not inside it), images/s = batch x steps / seconds.
Loss `pixel` is stage 1 of the recipe (L1 only: no VGG pass), `feature` stage 2 (pixel + VGG features + gram).
data: batches drawn from featsr's `sr_dataloaders` (random crops of the cached pairs, worker processes, moved to the
GPU), the input side of a training step. It also fills featsr's pair cache, which the training then reuses.
infer: `featsr.export.load_model` on a random `--lr`² RGB input (x4 -> 4096² for 1024), fp32 and bf16, whole image at
once, and `featsr.upscale.upscale` on a uint8 array as users call it (tiles of 256, batch 4). Without `--model` (or if
it does not exist) the same architecture with random weights.
"""
import argparse, json, time, statistics, warnings, os
import torch

CFG = dict(arch='vgg16', mode='post', scale=4, decoder_width=128, self_attention=True)

DEV = torch.device('cuda')  # --device cpu only to smoke-test this script on a machine without a GPU

def _sync():
    if DEV.type == 'cuda': torch.cuda.synchronize()

def _reset_peak():
    if DEV.type == 'cuda': torch.cuda.reset_peak_memory_stats()

def _peak_gib(): return torch.cuda.max_memory_allocated() / 2**30 if DEV.type == 'cuda' else float('nan')

CASES = 'bf16:feature:128:8 bf16:feature:128:32 bf16:pixel:128:32 bf16:feature:192:16 bf16:pixel:192:16 ' \
        'bf16:feature:192:32 bf16:feature:128:64 fp32:feature:128:32 bf16:pixel:128:8'

def train_speed(a):
    from featsr.model import create_sr_model
    from featsr.train import build_loss
    torch.backends.cudnn.benchmark = True  # fastai sets this too on CUDA
    dev = DEV
    rows, t_start = [], time.time()
    cases = [(p, l, int(sz), int(bs)) for p, l, sz, bs in (c.split(':') for c in a.cases.split())]  # most wanted first
    for prec, kind, sz, bs in cases:
        if time.time() - t_start > a.max_seconds:
            print(f"train bench: stopping after {a.max_seconds} s ({len(rows)} of {len(cases)} cases)"); break
        torch.manual_seed(0)
        m = create_sr_model(pretrained=False, **CFG).to(dev).train().to(memory_format=torch.channels_last)
        loss = build_loss(kind).to(dev)
        x = torch.randn(bs, 3, sz // 4, sz // 4, device=dev).contiguous(memory_format=torch.channels_last)
        y = torch.randn(bs, 3, sz, sz, device=dev)
        opt = torch.optim.Adam(m.parameters(), lr=1e-4)
        _reset_peak()
        def step():
            opt.zero_grad(set_to_none=True)
            with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=(prec == 'bf16')):
                l = loss(m(x), y)
            l.backward(); opt.step()
        for _ in range(a.warmup): step()
        _sync(); t0 = time.perf_counter()
        for _ in range(a.steps): step()
        _sync(); dt = time.perf_counter() - t0
        r = dict(precision=prec, loss=kind, hr=sz, bs=bs, steps=a.steps, s_per_step=dt / a.steps,
                 images_per_s=bs * a.steps / dt, peak_gib=_peak_gib())
        rows.append(r)
        print(f"train {prec:4s} {kind:7s} {sz:3d}px bs {bs:3d}: {r['s_per_step']*1e3:7.1f} ms/step "
              f"{r['images_per_s']:8.1f} img/s  peak {r['peak_gib']:.1f} GiB", flush=True)
        del m, loss, opt, x, y
        if dev.type == 'cuda': torch.cuda.empty_cache()
    return dict(bench='train', config=CFG, warmup=a.warmup, rows=rows)

def data_speed(a):
    from featsr.data import sr_dataloaders
    rows = []
    for nw in a.workers:
        t0 = time.perf_counter()
        dls = sr_dataloaders(a.data, scale=4, mode='post', sz=a.hr, bs=a.bs, num_workers=nw, device=DEV, seed=42,
                             valid_dirs=a.valid or None, repeat=a.repeat)
        t_build = time.perf_counter() - t0
        it = iter(dls.train); n = 0
        for _ in range(a.warmup): next(it)
        _sync(); t0 = time.perf_counter()
        for _ in range(a.batches):
            try: xb, yb = next(it)
            except StopIteration: it = iter(dls.train); xb, yb = next(it)
            n += len(xb)
        _sync(); dt = time.perf_counter() - t0
        r = dict(workers=nw, hr=a.hr, bs=a.bs, batches=a.batches, images_per_s=n / dt, build_s=t_build)
        rows.append(r)
        print(f"data {a.hr}px bs {a.bs} workers {nw:2d}: {r['images_per_s']:8.1f} img/s (loaders built in {t_build:.1f} s, "
              f"{len(dls.train_ds)} training items)", flush=True)
        del it, dls
    return dict(bench='data', rows=rows)

def infer_speed(a):
    import numpy as np
    from featsr.export import load_model, SRModel
    from featsr.upscale import upscale
    dev = DEV
    if a.model and os.path.exists(a.model): model, what = load_model(a.model, device=dev, perception=1.), a.model + '@1'
    else:
        from featsr.model import create_sr_model
        model, what = SRModel(create_sr_model(pretrained=False, **CFG), scale=4).to(dev).eval(), 'random weights'
    torch.backends.cudnn.benchmark = True
    x = torch.rand(1, 3, a.lr, a.lr, device=dev)
    mp = (a.lr * 4) ** 2 / 1e6
    rows = []
    def timed(name, fn, reps):
        _reset_peak()
        with torch.inference_mode():
            for _ in range(a.warmup): fn()
            _sync(); ts = []
            for _ in range(reps):
                t0 = time.perf_counter(); fn(); _sync(); ts.append(time.perf_counter() - t0)
        s = statistics.median(ts)
        r = dict(variant=name, lr=a.lr, out_mp=mp, s=s, mp_per_s=mp / s, peak_gib=_peak_gib())
        rows.append(r)
        print(f"infer {name:28s} {a.lr}² -> {a.lr*4}²: {s*1e3:8.1f} ms  {r['mp_per_s']:7.1f} MP/s  peak {r['peak_gib']:.1f} GiB",
              flush=True)
    timed('fp32 whole image', lambda: model(x), a.reps)
    model.to(memory_format=torch.channels_last)
    timed('fp32 channels-last', lambda: model(x), a.reps)
    arr = (np.random.default_rng(0).random((a.lr, a.lr, 3)) * 255).astype(np.uint8)
    timed('upscale() tiled 256, fp32', lambda: upscale(arr, model), max(1, a.reps // 2))
    model.net.to(torch.bfloat16)  # SRModel.forward casts the input to the network's dtype
    timed('bf16 channels-last', lambda: model(x), a.reps)
    return dict(bench='infer', model=what, rows=rows)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('what', choices=['train', 'data', 'infer'])
    ap.add_argument('--json', default=None)
    ap.add_argument('--steps', type=int, default=20); ap.add_argument('--warmup', type=int, default=5)
    ap.add_argument('--max-seconds', type=float, default=60)
    ap.add_argument('--cases', default=CASES, help='train cases PRECISION:LOSS:HR:BS, most wanted first')
    ap.add_argument('--device', default='cuda', help='cpu: only to smoke-test this script')
    ap.add_argument('--data', nargs='+', default=None); ap.add_argument('--valid', nargs='*', default=None)
    ap.add_argument('--workers', type=int, nargs='+', default=[4, 8]); ap.add_argument('--hr', type=int, default=128)
    ap.add_argument('--bs', type=int, default=32); ap.add_argument('--batches', type=int, default=60)
    ap.add_argument('--repeat', type=int, default=8)
    ap.add_argument('--model', default=None); ap.add_argument('--lr', type=int, default=1024)
    ap.add_argument('--reps', type=int, default=5)
    a = ap.parse_args()
    warnings.filterwarnings('ignore')
    DEV = torch.device(a.device)
    if DEV.type == 'cuda' and not torch.cuda.is_available(): raise SystemExit("bench.py: torch.cuda.is_available() is False")
    if a.what == 'infer' and a.warmup > 2: a.warmup = 2
    res = dict(train=train_speed, data=data_speed, infer=infer_speed)[a.what](a)
    res.update(torch=torch.__version__, cuda=torch.version.cuda,
               gpu=torch.cuda.get_device_name() if DEV.type == 'cuda' else str(DEV))
    if a.json:
        with open(a.json, 'w') as f: json.dump(res, f, indent=1)

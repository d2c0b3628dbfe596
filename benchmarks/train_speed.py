"""Training throughput, lesson-7 configuration against featsr's, side by side, with where the time goes.

    python benchmarks/train_speed.py [--steps 5 --warmup 2 --bs 8 --hr 128 --threads 2] [--data ../shared/train]

- lesson7: what lesson 7 ran: `pre` mode (bicubic first, the U-Net at output resolution), ResNet-34 encoder, blur,
  self-attention, full decoder width, and the VGG-16-BN feature loss through relu5_3 (NCHW, two passes).
- featsr: featsr-x4's configuration (version 3): `post` mode (the U-Net at input resolution, upsampling inside),
  VGG-16 encoder, decoder capped at 128 channels, VGG-16 feature and gram loss on relu1_2, relu2_2, relu3_3 and
  relu4_3 (the network cut there) in channels-last format.
- featsr v2: the same with version 2's loss layers, the lesson's relu3_3, relu4_3, relu5_3.
- featsr, 64 px loss windows: featsr's loss with `feat_crop=64`: each step sends one random 64x64 window of the
  prediction and of the target through VGG-16 (a quarter of the pixels); the pixel term covers the whole crop.

A step is forward + loss + backward + Adam on random ImageNet-normalised tensors (random weights: speed does not
depend on them). Each phase of the step is timed separately (the CPU runs synchronously; on CUDA we synchronise):
model forward, loss forward (prediction and target through the loss network), backward (model and loss network),
optimiser. "loss net fwd+bwd" is the loss network alone on a leaf prediction, to split the backward. With `--data`,
the time to draw one batch from featsr's cached `sr_dataloaders` (main process) is reported too.
Figures are medians of `--steps` runs after `--warmup`; images/s = batch size / step seconds.
"""
import argparse, statistics, time, warnings
import torch

CONFIGS = {
    'lesson7': dict(model=dict(arch='resnet34', mode='pre', blur=True, self_attention=True),
                    loss=dict(bn=True, channels_last=False)),
    'featsr v2 (relu3_3-5_3)': dict(model=dict(arch='vgg16', mode='post', decoder_width=128, self_attention=True),
                   loss=dict(bn=False, channels_last=True)),
    'featsr': dict(model=dict(arch='vgg16', mode='post', decoder_width=128, self_attention=True),
                   loss=dict(bn=False, channels_last=True, blocks=(1, 2, 3, 4), layer_wgts=(5., 5., 5., 15.))),
}
CONFIGS['featsr, 64 px loss windows'] = dict(model=CONFIGS['featsr']['model'], loss=dict(CONFIGS['featsr']['loss'], feat_crop=64))

def _sync(dev):
    if dev.type == 'cuda': torch.cuda.synchronize()

def profile(name, cfg, a, dev):
    "Median seconds of each phase of a training step, and of the loss network alone"
    from featsr.model import create_sr_model
    from featsr.loss import FeatureLoss
    torch.manual_seed(0)
    m = create_sr_model(scale=4, pretrained=False, **cfg['model']).to(dev).train()
    loss = FeatureLoss(pretrained=False, **cfg['loss']).to(dev)
    side = a.hr // 4 if cfg['model']['mode'] == 'post' else a.hr
    x, y = torch.randn(a.bs, 3, side, side, device=dev), torch.randn(a.bs, 3, a.hr, a.hr, device=dev)
    opt = torch.optim.Adam(m.parameters(), lr=1e-4)
    phases = {k: [] for k in ('model fwd', 'loss fwd', 'backward', 'optimiser', 'step', 'loss net fwd+bwd')}
    for i in range(a.warmup + a.steps):
        t = [time.perf_counter()]
        opt.zero_grad(set_to_none=True)
        p = m(x); _sync(dev); t.append(time.perf_counter())
        l = loss(p, y); _sync(dev); t.append(time.perf_counter())
        l.backward(); _sync(dev); t.append(time.perf_counter())
        opt.step(); _sync(dev); t.append(time.perf_counter())
        leaf = p.detach().requires_grad_(True)
        t0 = time.perf_counter(); loss(leaf, y).backward(); _sync(dev); t_loss = time.perf_counter() - t0
        if i < a.warmup: continue
        for k, (t1, t2) in zip(('model fwd', 'loss fwd', 'backward', 'optimiser'), zip(t, t[1:])): phases[k].append(t2 - t1)
        phases['step'].append(t[-1] - t[0]); phases['loss net fwd+bwd'].append(t_loss)
    return {k: statistics.median(v) for k, v in phases.items()}, sum(q.numel() for q in m.parameters()) / 1e6

def data_seconds(a):
    "Median seconds to draw one training batch from featsr's cached pairs, in the main process"
    from featsr.data import sr_dataloaders
    dls = sr_dataloaders([a.data], scale=4, mode='post', sz=a.hr, bs=a.bs, num_workers=0, device='cpu')
    it, ts = iter(dls.train), []
    for i in range(a.warmup + a.steps):
        t = time.perf_counter(); next(it); ts.append(time.perf_counter() - t)
    return statistics.median(ts[a.warmup:])

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=5); p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--bs', type=int, default=8); p.add_argument('--hr', type=int, default=128)
    p.add_argument('--threads', type=int, default=None, help="torch threads (default: torch's choice)")
    p.add_argument('--device', default='cpu')
    p.add_argument('--data', default=None, help='a folder of photos: also time drawing batches from sr_dataloaders')
    a = p.parse_args()
    warnings.filterwarnings('ignore')
    if a.threads: torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    print(f'torch {torch.__version__}, {dev}, {torch.get_num_threads()} threads, batch {a.bs}, {a.hr} px targets, x4, '
          f'median of {a.steps} after {a.warmup} warm-up')
    res = {n: profile(n, c, a, dev) for n, c in CONFIGS.items()}
    keys = list(next(iter(res.values()))[0])
    print('\n| seconds | ' + ' | '.join(res) + ' |'); print('|---|' + '---|' * len(res))
    print('| M params | ' + ' | '.join(f'{r[1]:.1f}' for r in res.values()) + ' |')
    for k in keys: print(f'| {k} | ' + ' | '.join(f'{r[0][k]:.3f}' for r in res.values()) + ' |')
    ips = {n: a.bs / r[0]['step'] for n, r in res.items()}
    print('| images/s | ' + ' | '.join(f'{v:.2f}' for v in ips.values()) + ' |')
    if 'lesson7' in ips:
        print()
        for n in ips:
            if n != 'lesson7': print(f"{n} / lesson7 throughput: {ips[n] / ips['lesson7']:.2f}×")
    for n, (r, _) in res.items():
        print(f"{n}: loss network {r['loss net fwd+bwd'] / r['step']:.0%} of the step, model {1 - r['loss net fwd+bwd'] / r['step'] - r['optimiser'] / r['step']:.0%}, optimiser {r['optimiser'] / r['step']:.0%}")
    if a.data: print(f"\ndrawing one batch from sr_dataloaders (cached pairs, main process): {data_seconds(a):.3f} s")

if __name__ == '__main__': main()

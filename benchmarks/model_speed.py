"""Seconds per training step and per image of inference for featsr's U-Net layouts on this machine.

A training step is forward + backward + Adam step on a batch of `--bs` random ImageNet-normalised crops with `--hr`
pixel targets, with an L1 loss and (if `featsr.loss.FeatureLoss` imports) the lesson's feature loss; inference is a
no-grad eval forward of the same batch, divided by the batch size. Each figure is the median of `--steps` timed runs
after `--warmup` untimed ones. Encoders use random weights (speed does not depend on them; nothing is downloaded).

    python benchmarks/model_speed.py --steps 5
"""
import argparse, statistics, time, warnings
import torch
from torch import nn

CONFIGS = [  # (label, create_sr_model kwargs)
    ('pre resnet34', dict(arch='resnet34', mode='pre')),
    ('post resnet34', dict(arch='resnet34', mode='post')),
    ('post vgg16', dict(arch='vgg16', mode='post')),
    ('post vgg16 w128 (featsr-x4)', dict(arch='vgg16', mode='post', decoder_width=128)),
    ('post vgg16 w64', dict(arch='vgg16', mode='post', decoder_width=64)),
]

def timed(fn, steps:int, warmup:int) -> float:
    "Median seconds of `fn()` over `steps` runs after `warmup` untimed ones"
    for _ in range(warmup): fn()
    ts = []
    for _ in range(steps):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def bench(label, kw, losses, args):
    "One table row: seconds per training step for each loss, seconds per image of inference"
    from featsr.model import create_sr_model
    torch.manual_seed(0)
    m = create_sr_model(scale=args.scale, pretrained=False, **kw)
    side = args.hr // args.scale if kw['mode'] == 'post' else args.hr
    x, y = torch.randn(args.bs, 3, side, side), torch.randn(args.bs, 3, args.hr, args.hr)
    nparams = sum(p.numel() for p in m.parameters()) / 1e6
    row = [label, f'{nparams:.1f}']
    for name, loss in losses:
        opt = torch.optim.Adam([p for p in m.parameters() if p.requires_grad], lr=1e-4)
        def step():
            m.train(); opt.zero_grad(set_to_none=True)
            loss(m(x), y).backward(); opt.step()
        row.append(f'{timed(step, args.steps, args.warmup):.2f}')
    def infer():
        m.eval()
        with torch.no_grad(): m(x)
    row.append(f'{timed(infer, args.steps, args.warmup) / args.bs:.3f}')
    return row

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--steps', type=int, default=5, help='timed repetitions (median reported)')
    p.add_argument('--warmup', type=int, default=2, help='untimed repetitions first')
    p.add_argument('--bs', type=int, default=8, help='batch size')
    p.add_argument('--hr', type=int, default=128, help='target (high-resolution) crop size')
    p.add_argument('--scale', type=int, default=4, help='upscaling factor')
    p.add_argument('--threads', type=int, default=None, help='torch threads (default: torch\'s choice)')
    p.add_argument('--only', nargs='*', default=None, help='labels of the configurations to run (default: all)')
    args = p.parse_args()
    warnings.filterwarnings('ignore')
    if args.threads: torch.set_num_threads(args.threads)
    losses = [('L1', nn.L1Loss())]
    try:
        from featsr.loss import FeatureLoss
        losses.append(('FeatureLoss', FeatureLoss()))
    except Exception as e: print(f'FeatureLoss not available ({type(e).__name__}: {e}): L1 only')
    print(f'torch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.bs}, {args.hr} px targets, '
          f'x{args.scale}, median of {args.steps} after {args.warmup} warm-up')
    head = ['config', 'Mparams'] + [f's/step {n}' for n, _ in losses] + ['s/image infer']
    print(' | '.join(head)); print('|'.join('---' for _ in head))
    for label, kw in CONFIGS:
        if args.only and label not in args.only: continue
        print(' | '.join(bench(label, kw, losses, args)), flush=True)

if __name__ == '__main__': main()

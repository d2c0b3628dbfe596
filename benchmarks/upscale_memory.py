"""Seconds and peak memory of x4 upscaling to 512², 1024² and 3840×2160 outputs, per method, each in a fresh process.

    python benchmarks/upscale_memory.py [--methods featsr-x4 lesson7 srgan_leftthomas realesrgan_x4plus]
                                        [--tile 256] [--overlap 32] [--device cpu] [--threads N]

Methods:
- a featsr model path or name (`featsr-x4`, `featsr-x4@0.5`, `runs/x4`): `featsr.upscale.upscale`, tiled
  (`--tile`/`--overlap`, in LR pixels); with `+bp` (`featsr-x4+bp`), followed by 5 back-projection steps;
- `lesson7`: the lesson-7 layout, a randomly initialised ResNet-34 U-Net in `pre` mode (bicubic x4 first, the
  network at output resolution, full decoder width, blur, self-attention), through the same tiled `upscale`
  (random weights: same cost, meaningless output);
- `featsr-resnet34`: a randomly initialised ResNet-34 U-Net in `post` mode, full width (the cost of the layout alone);
- any baseline of `featsr.baselines` (`srgan_leftthomas`, `realesrgan_x4plus`, ...), run as `featsr_compare` runs it
  (torch models in 128-pixel LR tiles, Real-ESRGAN through ncnn in its own tiles).

Each child warms up on a 32×32 input first. Peak RSS is the child's own `ru_maxrss`; "base" is the RSS after
imports, model loading and the warm-up, so the difference is
what upscaling itself costs. The last table gives each method's time relative to `lesson7` at the same output size.
"""
import argparse, json, resource, subprocess, sys, time

SIZES = [(512, 512), (1024, 1024), (3840, 2160)]  # output width x height
DEFAULT_METHODS = ['featsr-x4', 'lesson7', 'srgan_leftthomas', 'realesrgan_x4plus']

def _random_unet(mode, **kw):
    from featsr.export import SRModel
    from featsr.model import create_sr_model
    net = create_sr_model('resnet34', mode=mode, scale=4, pretrained=False, **kw)
    return SRModel(net, scale=4, mode=mode).eval()

def _runner(method, a):
    "A function lr_uint8 -> sr_uint8 for `method`, and a description"
    bp = 0
    import torch
    from featsr.upscale import upscale
    from featsr import baselines
    if method == 'lesson7': model, desc = _random_unet('pre', blur=True), 'lesson-7 layout: random ResNet-34 U-Net, pre mode'
    elif method == 'featsr-resnet34': model, desc = _random_unet('post'), 'random ResNet-34 U-Net, post mode'
    elif method.split('@')[0] in baselines.BASELINES:
        return (lambda lr: baselines.upscale_with(method, lr)), f'baseline {method}'
    else:  # a featsr model, with `+bp`/`+bpN`: back-projection steps after upscaling (`upscale(back_project=N)`)
        from featsr.export import load_model
        from featsr.registry import split_back_projection
        name, bp = split_back_projection(method)
        model = load_model(name, device=a.device)
        desc = f'featsr model {name}' + (f', then {bp} back-projection steps' if bp else '')
    model = model.to(a.device or 'cpu')
    return (lambda lr: upscale(lr, model, tile=a.tile, overlap=a.overlap, back_project=bp or 0)), desc

def child(a):
    "Run one method at one size in this process and print one JSON line"
    import numpy as np, torch
    if a.threads: torch.set_num_threads(a.threads)
    fn, desc = _runner(a.method, a)
    w, h = a.size
    lr = np.random.default_rng(0).integers(0, 256, (h // 4, w // 4, 3), dtype=np.uint8)
    fn(lr[:32, :32])  # warm-up: one-off library initialisation is not counted
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    out = fn(lr)
    if torch.cuda.is_available(): torch.cuda.synchronize()
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gpu = torch.cuda.max_memory_allocated() / 2**20 if torch.cuda.is_available() else None
    assert out.shape[:2] == (h, w), f'{a.method}: output {out.shape} for a {w}x{h} target'
    print(json.dumps(dict(method=a.method, desc=desc, size=f'{w}x{h}', lr=f'{w//4}x{h//4}', seconds=secs,
                          base_mb=base/1024, peak_mb=peak/1024, gpu_mb=gpu)))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--methods', nargs='+', default=DEFAULT_METHODS)
    p.add_argument('--tile', type=int, default=256); p.add_argument('--overlap', type=int, default=32)
    p.add_argument('--device', default=None)
    p.add_argument('--threads', type=int, default=0, help='torch threads (0: torch default)')
    p.add_argument('--sizes', nargs='+', default=None, help='output sizes as WxH (default: 512x512 1024x1024 3840x2160)')
    p.add_argument('--method', default=None, help=argparse.SUPPRESS)  # child mode
    p.add_argument('--size', type=int, nargs=2, default=None, help=argparse.SUPPRESS)  # child mode
    a = p.parse_args()
    if a.size: return child(a)
    sizes = [tuple(int(v) for v in s.split('x')) for s in a.sizes] if a.sizes else SIZES
    rows = []
    for m in a.methods:
        for w, h in sizes:
            cmd = [sys.executable, __file__, '--method', m, '--size', str(w), str(h), '--tile', str(a.tile),
                   '--overlap', str(a.overlap), '--threads', str(a.threads)] + (['--device', a.device] if a.device else [])
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode: print(f'{m} {w}x{h}: failed\n{r.stderr[-2000:]}', file=sys.stderr); continue
            rows.append(json.loads(r.stdout.strip().splitlines()[-1])); print(json.dumps(rows[-1]), flush=True)
    if not rows: return 1
    gpu = any(r['gpu_mb'] for r in rows)
    print(f"\nx4, featsr tile {a.tile} overlap {a.overlap} (LR pixels); threads: {a.threads or 'torch default'}")
    for m in dict.fromkeys(r['method'] for r in rows):
        print(f"- {m}: {next(r['desc'] for r in rows if r['method'] == m)}")
    print("\n| method | output | seconds | peak RSS MB | upscaling MB |" + (' GPU MB |' if gpu else ''))
    print('|---|---|---|---|---|' + ('---|' if gpu else ''))
    for r in rows:
        print(f"| {r['method']} | {r['size']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['peak_mb']-r['base_mb']:.0f} |"
              + (f" {r['gpu_mb'] or 0:.0f} |" if gpu else ''))
    ref = {r['size']: r['seconds'] for r in rows if r['method'] == 'lesson7'}
    if ref:
        sz = [f'{w}x{h}' for w, h in sizes]
        print("\nspeed-up over the lesson-7 layout (its seconds / the method's seconds)\n")
        print('| method | ' + ' | '.join(sz) + ' |'); print('|---|' + '---|' * len(sz))
        for m in dict.fromkeys(r['method'] for r in rows):
            t = {r['size']: r['seconds'] for r in rows if r['method'] == m}
            print(f'| {m} | ' + ' | '.join(f'{ref[s]/t[s]:.1f}×' if s in t and s in ref else '–' for s in sz) + ' |')

if __name__ == '__main__': sys.exit(main())

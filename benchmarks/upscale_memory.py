"""Seconds and peak memory of `featsr.upscale.upscale` for 512², 1024² and 3840×2160 outputs, each in a fresh process.

    python benchmarks/upscale_memory.py [--model PATH_OR_NAME] [--tile 256] [--overlap 32] [--device cpu]

Default model: `featsr-x4` if it is installed, else a randomly initialised
`create_sr_model('resnet34', mode='post', pretrained=False)` (same architecture and cost, meaningless output).
Peak RSS is the child's own `ru_maxrss`; "base" is the RSS after imports and model loading, so the difference is
what upscaling itself costs (tiles through the network + the output buffers).
"""
import argparse, json, resource, subprocess, sys, time

SIZES = [(512, 512), (1024, 1024), (3840, 2160)]  # output width x height

def child(a):
    "Run one size in this process and print one JSON line"
    import numpy as np, torch
    from featsr.export import SRModel, load_model, ModelError
    from featsr.upscale import upscale
    torch.set_num_threads(a.threads) if a.threads else None
    try: model, src = load_model(a.model, device=a.device), a.model
    except ModelError:
        if a.model != 'featsr-x4': raise
        from featsr.model import create_sr_model
        net = create_sr_model('resnet34', mode='post', scale=4, pretrained=False)
        model, src = SRModel(net, scale=4, mode='post').to(a.device or 'cpu').eval(), 'random resnet34 post x4'
    s = model.scale
    w, h = a.size
    lr = np.random.default_rng(0).integers(0, 256, (h // s, w // s, 3), dtype=np.uint8)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    out = upscale(lr, model, tile=a.tile, overlap=a.overlap)
    if torch.cuda.is_available(): torch.cuda.synchronize()
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gpu = torch.cuda.max_memory_allocated() / 2**20 if torch.cuda.is_available() else None
    print(json.dumps(dict(size=f'{out.shape[1]}x{out.shape[0]}', lr=f'{w//s}x{h//s}', seconds=secs, base_mb=base/1024,
                          peak_mb=peak/1024, gpu_mb=gpu, model=src)))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model', default='featsr-x4'); p.add_argument('--tile', type=int, default=256)
    p.add_argument('--overlap', type=int, default=32); p.add_argument('--device', default=None)
    p.add_argument('--threads', type=int, default=0, help='torch threads (0: torch default)')
    p.add_argument('--size', type=int, nargs=2, default=None, help=argparse.SUPPRESS)  # child mode
    a = p.parse_args()
    if a.size: return child(a)
    rows = []
    for w, h in SIZES:
        cmd = [sys.executable, __file__, '--size', str(w), str(h), '--model', a.model, '--tile', str(a.tile),
               '--overlap', str(a.overlap), '--threads', str(a.threads)] + (['--device', a.device] if a.device else [])
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode: print(f'{w}x{h}: failed\n{r.stderr[-2000:]}', file=sys.stderr); continue
        rows.append(json.loads(r.stdout.strip().splitlines()[-1])); print(json.dumps(rows[-1]), flush=True)
    if not rows: return 1
    print(f"\nmodel: {rows[0]['model']}, tile {a.tile}, overlap {a.overlap}")
    print(f"| output | LR input | seconds | peak RSS MB | RSS before upscaling MB | upscaling MB |" + (' GPU MB |' if rows[0]['gpu_mb'] else ''))
    print('|---|---|---|---|---|---|' + ('---|' if rows[0]['gpu_mb'] else ''))
    for r in rows:
        print(f"| {r['size']} | {r['lr']} | {r['seconds']:.1f} | {r['peak_mb']:.0f} | {r['base_mb']:.0f} | {r['peak_mb']-r['base_mb']:.0f} |"
              + (f" {r['gpu_mb']:.0f} |" if r['gpu_mb'] else ''))

if __name__ == '__main__': sys.exit(main())

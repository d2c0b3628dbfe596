"""The edge test of issue 22: overshoot (halo) of each method just outside a sharp straight edge, several angles.

A supersampled edge between greys 40 and 200 (192 px, angles 0-75 degrees) is downscaled x4 with MATLAB bicubic and
upscaled by each method; `featsr.evaluate.edge_overshoot` measures how far the output goes beyond the flat levels
2 to 8 pixels from the edge line. Prints a markdown table and writes it, with the setup, to --out.

    python benchmarks/edge_halo.py [--model runs/featsr-x4-photo ...] [--methods bicubic,srresnet_krasserm,...]
"""
import argparse, time
from pathlib import Path
import torch
import featsr.all  # every method provider
from featsr.evaluate import EDGE_ANGLES, edge_overshoot, edge_halo_check, format_edge_table
from featsr.registry import get_method

DEFAULT = 'bicubic,srresnet_krasserm,featsr-x4@0,featsr-x4@0.6,featsr-x4@1'
REF = 'srresnet_krasserm'  # issue 22: a halo no larger than SRResNet's

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--methods', default=DEFAULT, help=f'comma-separated registered names (default {DEFAULT})')
    ap.add_argument('--model', action='append', default=[], help='a saved featsr model folder to add (method featsr:PATH); repeatable')
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads')
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'edge_halo.md'), help='markdown file to write ("" for none)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    names = [n for n in a.methods.split(',') if n] + [f'featsr:{m}' for m in a.model]
    res, skipped = {}, []
    for name in names:
        t = time.perf_counter()
        try: m = get_method(name); res[name] = edge_overshoot(m)
        except (FileNotFoundError, ImportError, RuntimeError, ValueError, KeyError) as e:  # weights or runtime missing
            skipped.append(f"- {name}: skipped ({type(e).__name__}: {str(e)[:120]})"); print(skipped[-1], flush=True); continue
        print(f"{name}: max {res[name]['all']['max']:.0f}, p99.9 {res[name]['all']['p999']:.1f} "
              f"({time.perf_counter() - t:.1f} s)", flush=True)
    table = format_edge_table(res)
    verdict = []
    if REF in res:
        for name, r in res.items():
            if name == REF: continue
            fails = edge_halo_check(r, res[REF])
            verdict.append(f"- {name}: {'no larger than ' + REF + ' (passes)' if not fails else 'larger than ' + REF + ': ' + '; '.join(fails)}")
    text = '\n'.join([
        '# Edge halo test (issue 22)', '',
        f'Produced by `python benchmarks/edge_halo.py{"".join(" --model " + m for m in a.model)}'
        f'{"" if a.methods == DEFAULT else " --methods " + a.methods}`, {a.threads} torch thread(s).', '',
        f'A straight edge between greys 40 and 200, 192x192 px, 8x8-supersampled (antialiased over about one pixel), at '
        f'{", ".join(map(str, EDGE_ANGLES))} degrees from horizontal, downscaled x4 with MATLAB bicubic (`imresize`) and '
        'upscaled by each method (`featsr.evaluate.edge_overshoot`). Measured on the pixels 2 < |d| <= 8 px from the edge '
        'line (16 px border left out), per R, G, B value: the outward overshoot, how far beyond the flat level of its side '
        'it goes (0 when it stays inside), in grey levels: pooled max, 99.9th percentile and mean, max / mean per side, the '
        'mean distance from the flat level (blur and halo alike), the period-4 (sub-pixel phase) peak-to-peak of the error '
        'along the edge in the worst 1-px band, and the max per angle. The HR edge itself scores 0 everywhere.', '',
        table, '', *(['Pass mark (`edge_halo_check`, pooled max and p99.9 within 1 grey level of ' + REF + '):', '', *verdict, '']
                     if verdict else []),
        *(['Not measured:', '', *skipped, ''] if skipped else [])])
    print('\n' + text)
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(text)
        print(f"wrote {a.out}")

if __name__ == '__main__': main()

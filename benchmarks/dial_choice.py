"""Choose a dial's default on a validation folder: a table of every setting and the one nearest the ideal point.

    python benchmarks/dial_choice.py runs/photo/eval/valid_photo@*.json [--set valid/real] [--out FILE]

The inputs are `featsr_eval --json` files, one per dial setting `A` of the same model (the setting is read from the
method name, `...@A`). For the chosen set, Y-PSNR and LPIPS are each rescaled to [0, 1] over the settings (0 = the best
value any setting reached, 1 = the worst), and the default is the setting with the smallest sum of the two: the knee
of the perception-distortion curve, with no weight to tune. Run it on a validation folder, never on a test set.
"""
import argparse, json, re, sys
from pathlib import Path

def load_grid(paths, set_name):
    "{A: (psnr, lpips, n)} for `set_name` from featsr_eval JSON files"
    grid = {}
    for p in paths:
        doc = json.loads(Path(p).read_text())
        m = re.search(r'@([0-9.]+)', doc['method'])
        if m is None: sys.exit(f"{p}: method {doc['method']!r} has no dial setting @A")
        r = doc['sets'].get(set_name)
        if r is None: sys.exit(f"{p}: no set {set_name!r} (has {', '.join(doc['sets'])})")
        grid[float(m.group(1))] = (r['psnr'], r['lpips'], r['n'])
    return dict(sorted(grid.items()))

def knee(grid):
    "The setting nearest the ideal point (best PSNR, best LPIPS) after rescaling both to [0, 1]; and every score"
    ps, ls = [v[0] for v in grid.values()], [v[1] for v in grid.values()]
    def scale(x, lo, hi): return 0. if hi == lo else (x - lo) / (hi - lo)
    score = {a: scale(max(ps) - p, 0, max(ps) - min(ps)) + scale(l, min(ls), max(ls)) for a, (p, l, _) in grid.items()}
    return min(score, key=score.get), score

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('jsons', nargs='+'); ap.add_argument('--set', default='valid/real'); ap.add_argument('--out')
    a = ap.parse_args()
    grid = load_grid(a.jsons, a.set)
    best, score = knee(grid)
    n = next(iter(grid.values()))[2]
    lines = [f"Dial settings on `{a.set}` ({n} images): Y-PSNR / LPIPS-alex, and the rescaled distance to the ideal point", '',
             '| A | Y-PSNR | LPIPS | score |', '|---:|---:|---:|---:|']
    lines += [f"| {'**' + format(k, 'g') + '**' if k == best else format(k, 'g')} | {p:.2f} | {l:.4f} | {score[k]:.3f} |"
              for k, (p, l, _) in grid.items()]
    lines += ['', f"default: A = {best:g}"]
    text = '\n'.join(lines)
    print(text)
    if a.out: Path(a.out).write_text(text + '\n')

if __name__ == '__main__': main()

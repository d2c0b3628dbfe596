"""Summary of a tools/gpu/train.sh run: timings, throughput, training curves' end points, Set5 check (printed + JSON).

    python3 tools/gpu/summary.py RUN_DIR OUT.json [--bs 32,16 --sizes 128,192 --rc N --elapsed S]

Training images/s come from each stage's history.csv (cumulative steps and seconds at every epoch end), so they
include validation on Set5 and the per-epoch checkpoint: what training really got. The first epoch of each phase is
left out (it also pays for building the data loaders).
"""
import csv, json, argparse
from pathlib import Path

# Set5 x4 Y-PSNR / SSIM of the CPU-trained featsr-x4 v1 (README), for a first look; the real comparison is on the CPU
REF_SET5 = {'bicubic': (28.43, 0.8113), 'featsr-x4 v1 @1 (CPU, 60 min)': (29.56, None), 'featsr-x4 v1 @0 (CPU, 60 min)': (30.06, None)}

def _load(p):
    try: return json.loads(Path(p).read_text())
    except Exception: return None

def stage_history(path, bs_for):
    rows = list(csv.DictReader(open(path))) if Path(path).exists() else []
    try:  # the batch size of each phase, from the plan featsr_train recorded in model.json
        plan = json.loads((Path(path).parent/'model.json').read_text())['meta']['training']['plan']
        bs_phase = {f"stage{q['stage']}-{q['sz']}px-{'frozen' if q['frozen'] else 'unfrozen'}": q['bs'] for q in plan}
    except Exception: bs_phase = {}
    phases, prev = {}, None
    for r in rows:
        steps, secs = int(r['steps']), float(r['seconds'])
        ph = phases.setdefault(r['phase'], dict(phase=r['phase'], sz=int(r['sz']), epochs=0, steps=0, seconds=0.))
        ph['epochs'] += 1
        if prev is not None and prev['phase'] == r['phase']:
            ph['steps'] += steps - int(prev['steps']); ph['seconds'] += secs - float(prev['seconds'])
        ph['last'] = {k: r[k] for k in ('train_loss', 'valid_loss', 'psnr', 'ssim') if k in r}
        prev = r
    for ph in phases.values():
        bs = bs_phase.get(ph['phase']) or bs_for.get(ph['sz'])
        ph['images_per_s'] = ph['steps'] * bs / ph['seconds'] if bs and ph['seconds'] > 0 else None
    end = rows[-1] if rows else {}
    return dict(phases=list(phases.values()), steps=int(end.get('steps', 0) or 0), seconds=float(end.get('seconds', 0) or 0),
                final_valid_psnr=float(end['psnr']) if end.get('psnr') else None)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('run'); ap.add_argument('out')
    ap.add_argument('--bs', default='32,16'); ap.add_argument('--sizes', default='128,192')
    ap.add_argument('--rc', type=int, default=0); ap.add_argument('--elapsed', type=float, default=None)
    a = ap.parse_args()
    R = Path(a.run)
    sizes, bss = [int(v) for v in a.sizes.split(',')], [int(v) for v in a.bs.split(',')]
    bs_for = {s: (bss[i] if i < len(bss) else bss[-1]) for i, s in enumerate(sizes)}
    timings = []
    if (R/'timings.tsv').exists():
        timings = [dict(stage=r['stage'], exit=int(r['exit']) if r['exit'].lstrip('-').isdigit() else r['exit'],
                        seconds=float(r['seconds']))
                   for r in csv.DictReader(open(R/'timings.tsv'), delimiter='\t')]
    doc = dict(exit=a.rc, elapsed_s=a.elapsed, timings=timings,
               bench_train=_load(R/'bench_train.json'), bench_data=_load(R/'bench_data.json'),
               bench_infer=_load(R/'bench_infer.json'),
               eval_set5={f'A={k}': _load(R/f'eval_set5_A{k}.json') for k in (1, 0)},
               training={s: stage_history(R/s/'history.csv', bs_for) for s in ('psnr', 'feature') if (R/s).exists()})
    Path(a.out).write_text(json.dumps(doc, indent=1, default=str) + '\n')

    p = print
    p("\n================ featsr GPU run summary ================")
    p(f"exit {a.rc}, {a.elapsed or 0:.0f} s in all")
    for t in timings:
        p(f"  {t['stage']:16s} {t['seconds']:7.1f} s" + ('' if t['exit'] == 0 else '   SKIPPED' if t['exit'] == 'skipped'
                                                       else f"   FAILED (exit {t['exit']})"))
    for key, title in (('bench_train', 'training step (random weights)'), ('bench_data', 'data loader'),
                       ('bench_infer', 'inference')):
        b = doc[key]
        if not b: continue
        p(f"{title}: {b.get('gpu', '')}, torch {b.get('torch', '')}" + (f", model {b['model']}" if 'model' in b else ''))
        for r in b['rows']:
            if key == 'bench_train':
                p(f"  {r['precision']:4s} {r['loss']:7s} {r['hr']:3d}px bs {r['bs']:3d}: {r['images_per_s']:8.1f} img/s, "
                  f"{r['s_per_step']*1e3:6.1f} ms/step, peak {r['peak_gib']:.1f} GiB")
            elif key == 'bench_data':
                p(f"  {r['hr']}px bs {r['bs']} workers {r['workers']}: {r['images_per_s']:8.1f} img/s")
            else:
                p(f"  {r['variant']:28s} {r['lr']}² -> {r['lr']*4}²: {r['s']*1e3:8.1f} ms, {r['mp_per_s']:7.1f} MP/s, "
                  f"peak {r['peak_gib']:.1f} GiB")
    for s, h in doc['training'].items():
        p(f"stage {s}: {h['steps']} steps in {h['seconds']:.0f} s, last valid Set5-crop PSNR {h['final_valid_psnr']}")
        for ph in h['phases']:
            ips = f"{ph['images_per_s']:.0f} img/s" if ph['images_per_s'] else 'n/a'
            p(f"  {ph['phase']:26s} {ph['epochs']:3d} epochs, {ips}, last {ph.get('last')}")
    for k, e in doc['eval_set5'].items():
        if e and e.get('sets'):
            for name, r in e['sets'].items(): p(f"Set5 {k}: Y-PSNR {r['psnr']:.2f} dB, SSIM {r['ssim']:.4f} ({r['n']} images)")
    p("reference Set5: " + '; '.join(f"{k} {v[0]:.2f} dB" for k, v in REF_SET5.items()))
    p("=========================================================")

if __name__ == '__main__': main()

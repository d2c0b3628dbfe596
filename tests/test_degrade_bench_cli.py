"""`featsr_degrade_bench` end to end, and `featsr_eval --lr` reading what it wrote: subprocesses on a tiny synthetic set."""
import json, os, shutil, subprocess, sys
from pathlib import Path
from featsr.evaluate import make_tiny_bench

def _cmd(name:str, module:str):
    exe = shutil.which(name, path=str(Path(sys.executable).parent))  # the console script of this environment
    if exe: return [exe]  # not installed yet (settings.ini changed since `pip install -e .`): run it as the script would
    return [sys.executable, '-c', f'import sys; sys.argv[0] = {name!r}; from {module} import {name}; sys.exit({name}())']

def _run(args, cache:Path):
    env = dict(os.environ, FEATSR_CACHE=str(cache))  # keep the user's cache clean
    return subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)

def test_featsr_degrade_bench_then_eval(tmp_path):
    b = make_tiny_bench(tmp_path/'Tiny', n=2, size=(40, 48))
    deg = _cmd('featsr_degrade_bench', 'featsr.evaluate')
    r = _run(deg + [str(b), '--variants', 'jpeg50', '--scale', '4'], tmp_path/'cache')
    assert r.returncode == 0, r.stderr
    files = sorted((b/'LR_jpeg50/X4').iterdir())
    assert [f.name for f in files] == ['im0x4.png', 'im1x4.png'] and '2 written' in r.stdout
    # (reruns, refusals and identical bytes are tested in nbs/08_evaluate.ipynb, without a subprocess each)
    out = tmp_path/'res.json'
    r = _run(_cmd('featsr_eval', 'featsr.all') + ['--method', 'bicubic', '--bench', str(b), '--lr', 'bicubic,jpeg50',
                                                 '--no-lpips', '--json', str(out)], tmp_path/'cache')
    assert r.returncode == 0, r.stderr
    sets = json.loads(out.read_text())['sets']
    assert list(sets) == ['Tiny', 'Tiny/jpeg50'] and sets['Tiny/jpeg50']['psnr'] < sets['Tiny']['psnr']
    assert 'Tiny/jpeg50' in r.stdout
    assert not (tmp_path/'cache').exists() or not any((tmp_path/'cache').rglob('*.png'))  # read beside the set, not made again

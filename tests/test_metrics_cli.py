"""`featsr_eval` end to end: a subprocess on a tiny synthetic benchmark folder, checking the JSON it writes."""
import json, subprocess, sys, shutil
from pathlib import Path
import numpy as np
from PIL import Image
from featsr.evaluate import make_tiny_bench

def _bench(root:Path, n:int=2) -> Path:
    return make_tiny_bench(root, n=n, size=(40, 48))  # HR/ + LR_bicubic/X4/ of smooth random images

def _cmd():
    exe = shutil.which('featsr_eval', path=str(Path(sys.executable).parent))  # the console script of this environment
    return [exe] if exe else [sys.executable, '-c', 'from featsr.all import featsr_eval; featsr_eval()']

def test_featsr_eval_json(tmp_path):
    b = _bench(tmp_path/'Tiny')
    out = tmp_path/'res.json'
    r = subprocess.run(_cmd() + ['--method', 'bicubic', '--bench', str(b), '--scale', '4', '--json', str(out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text())
    assert sorted(doc) == ['method', 'protocol', 'scale', 'sets']
    assert doc['method'] == 'bicubic' and doc['scale'] == 4 and 'BasicSR' in doc['protocol']
    s = doc['sets']['Tiny']
    assert sorted(s) == ['lpips', 'n', 'psnr', 'sec_per_img', 'ssim']
    assert s['n'] == 2 and 10 < s['psnr'] < 80 and 0 < s['ssim'] <= 1 and 0 <= s['lpips'] < 1
    assert 'Tiny' in r.stdout and 'PSNR' in r.stdout

def test_featsr_eval_unknown_method(tmp_path):
    b = _bench(tmp_path/'Tiny', n=1)
    r = subprocess.run(_cmd() + ['--method', 'no-such-method', '--bench', str(b), '--no_lpips'],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode != 0
    assert "unknown method 'no-such-method'" in r.stderr and 'bicubic' in r.stderr

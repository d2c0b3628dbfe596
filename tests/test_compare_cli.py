"""`featsr_compare` end to end: a subprocess on a tiny synthetic benchmark, bicubic plus methods that cannot run."""
import json, os, shutil, subprocess, sys
from pathlib import Path
import numpy as np
from PIL import Image
from featsr.evaluate import make_tiny_bench

def _bench(root:Path, n:int=2) -> Path:
    return make_tiny_bench(root, n=n, size=(40, 48))  # HR/ + LR_bicubic/X4/ of smooth random images

def _cmd():
    exe = shutil.which('featsr_compare', path=str(Path(sys.executable).parent))  # the console script of this environment
    return [exe] if exe else [sys.executable, '-c', 'from featsr.compare import featsr_compare; featsr_compare()']

def test_featsr_compare_cli(tmp_path):
    b, out = _bench(tmp_path/'Tiny'), tmp_path/'cmp'
    env = {k: v for k, v in os.environ.items() if k != 'FEATSR_TRUST_PICKLES'}  # srresnet_sgrvinod must be refused
    r = subprocess.run(_cmd() + ['--bench', str(b), '--methods', 'bicubic,no_such_method,srresnet_sgrvinod',
                                 '--out', str(out), '--threads', '1'],
                       capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr
    doc = json.loads((out/'results.json').read_text())
    assert {'protocol', 'scale', 'methods', 'skipped', 'notes'} <= set(doc)
    assert doc['scale'] == 4 and 'BasicSR' in doc['protocol']
    row = doc['methods']['bicubic']['Tiny']
    assert sorted(row) == ['lpips', 'n', 'params', 'psnr', 'sec_per_img', 'ssim']
    assert row['n'] == 2 and row['params'] == 0 and 10 < row['psnr'] < 80 and 0 < row['ssim'] <= 1 and 0 <= row['lpips'] < 1
    assert sorted(doc['skipped']) == ['no_such_method', 'srresnet_sgrvinod']
    assert "unknown method 'no_such_method'" in doc['skipped']['no_such_method']
    # the bicubic row is featsr_eval's (same protocol, same functions)
    from featsr.evaluate import evaluate
    ref = evaluate('bicubic', [b], progress=False)['Tiny']
    assert abs(ref['psnr'] - row['psnr']) < 1e-9 and abs(ref['ssim'] - row['ssim']) < 1e-9 and abs(ref['lpips'] - row['lpips']) < 1e-6
    md = (out/'report.md').read_text()
    assert '## Tiny (2 images)' in md and '| bicubic |' in md and 'BasicSR' in md
    assert '## Skipped' in md and '**no_such_method**' in md and '**srresnet_sgrvinod**' in md
    for f in ('perception_distortion.png', 'side_by_side_im0.png', 'outputs/bicubic/Tiny/im0.png', 'outputs/bicubic/Tiny/im1.png'):
        assert (out/f).is_file() and (out/f).stat().st_size > 0, f
    assert Image.open(out/'outputs/bicubic/Tiny/im0.png').size == (48, 40)

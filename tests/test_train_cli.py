"""featsr_train through its console script: a 2-step run that exports, and a run killed with SIGKILL then resumed."""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import numpy as np
import pytest
from PIL import Image

BIN = Path(sys.executable).parent

def _photos(d:Path, n=6, size=(80, 72)):
    "Small synthetic photographs with some structure (gradients and squares)"
    d.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        h, w = size
        y, x = np.mgrid[0:h, 0:w]
        a = np.stack([(x * (i + 1)) % 256, (y * 3 + i * 20) % 256, ((x + y) * 2) % 256], -1).astype(np.uint8)
        a[10:30, 10:30] = rng.integers(0, 256, 3)
        Image.fromarray(a).save(d/f'p{i}.png')
    return d

def _cmd(data, out, *extra):
    return [str(BIN/'featsr_train'), '--data', str(data), '--out', str(out), '--arch', 'resnet18', '--no-pretrained',
            '--loss', 'pixel', '--sizes', '32', '--bs', '2', '--decoder-width', '16', '--no-self-attention',
            '--num-workers', '0', '--device', 'cpu', *extra]

def _env(tmp_path):
    return dict(os.environ, FEATSR_CACHE=str(tmp_path/'cache'), FEATSR_OFFLINE='1', OMP_NUM_THREADS='1')

def test_two_steps_export_and_load(tmp_path):
    data, out = _photos(tmp_path/'photos'), tmp_path/'run'
    r = subprocess.run(_cmd(data, out, '--epochs', '1', '--max-steps', '2'), env=_env(tmp_path),
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    for f in ['model.safetensors', 'model.json', 'learner.pkl', 'checkpoint.pth', 'history.csv', 'loss.png']:
        assert (out/f).is_file(), f
    meta = json.loads((out/'model.json').read_text())
    assert meta['config']['arch'] == 'resnet18' and meta['meta']['training']['steps'] == 2
    assert meta['meta']['training']['loss_layers'] is None   # a pixel loss compares no VGG layers
    # the weights-only model loads in a fresh process, offline, and upscales x4
    code = ("from featsr.export import load_model; import torch; m = load_model(%r, device='cpu'); "
            "print(tuple(m(torch.rand(1, 3, 20, 24)).shape))" % str(out))
    r = subprocess.run([sys.executable, '-c', code], env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().endswith('(1, 3, 80, 96)')
    # a non-empty output folder is never trained into silently
    r = subprocess.run(_cmd(data, out, '--epochs', '1', '--max-steps', '1'), env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert r.returncode != 0 and 'not empty' in (r.stdout + r.stderr)

def test_sigkill_then_resume(tmp_path):
    data, out = _photos(tmp_path/'photos'), tmp_path/'run'
    # many short epochs (3 steps each with repeat 1): a checkpoint is written after each
    p = subprocess.Popen(_cmd(data, out, '--epochs', '50'), env=_env(tmp_path),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ck = out/'checkpoint.pth'
    t0 = time.time()
    while not ck.exists() and time.time() - t0 < 300 and p.poll() is None: time.sleep(0.2)
    time.sleep(1.5)  # let it get into a later epoch, possibly mid-write
    p.send_signal(signal.SIGKILL); p.wait()
    assert ck.exists(), "no checkpoint was written before the kill"
    from featsr.train import load_checkpoint
    state = load_checkpoint(ck)['state']          # never corrupt: written to a temporary file, then renamed
    done = len(state['history'])
    assert done >= 1
    r = subprocess.run(_cmd(data, out, '--epochs', '50', '--resume', '--max-steps', str(state['steps'] + 4)),
                       env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    after = load_checkpoint(ck)['state']
    assert after['history'][:done] == state['history'][:done]   # kept what was done, continued after it
    assert after['steps'] == state['steps'] + 4 and len(after['history']) > done
    assert (out/'model.safetensors').is_file()

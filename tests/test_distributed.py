"""Data-parallel featsr_train: two CPU processes (gloo) started by torchrun, as `accelerate launch` starts them on GPUs."""
import json, re, subprocess, sys
from pathlib import Path
import pytest
import torch
from test_train_cli import _photos, _cmd, _env, BIN

def test_two_processes_two_steps_one_checkpoint(tmp_path):
    if not (BIN/'torchrun').exists(): pytest.skip("torchrun is not installed beside this Python")
    data, out = _photos(tmp_path/'photos', n=8), tmp_path/'run'
    cmd = [str(BIN/'torchrun'), '--nproc_per_node', '2', '--master_port', '29531', *_cmd(data, out, '--epochs', '1', '--max-steps', '2')]
    r = subprocess.run(cmd, env=_env(tmp_path), capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]
    # both processes ran the same 2 steps and ended with identical weights
    ranks = dict(re.findall(r"rank (\d)/2: 2 steps, weights ([0-9a-f]{16})", r.stdout))
    assert set(ranks) == {'0', '1'}, r.stdout[-3000:]
    assert ranks['0'] == ranks['1']
    # rank 0 alone wrote one checkpoint and one export, and they hold those same weights
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith('.')) == \
        ['checkpoint.pth', 'history.csv', 'learner.pkl', 'loss.png', 'model.json', 'model.safetensors']
    from featsr.train import load_checkpoint, weights_checksum
    from featsr.model import create_sr_model
    ck = load_checkpoint(out/'checkpoint.pth')
    assert ck['state']['steps'] == 2 and not any(k.startswith('module.') for k in ck['model'])
    cfg = json.loads((out/'model.json').read_text())['config']
    m = create_sr_model(**{k: v for k, v in cfg.items() if k != 'pretrained'}, pretrained=False)
    m.load_state_dict(ck['model'])
    assert weights_checksum(m) == ranks['0']
    assert json.loads((out/'model.json').read_text())['meta']['training']['steps'] == 2

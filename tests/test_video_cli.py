"""`featsr_video` end to end, in subprocesses: frame folders and mp4 clips in and out, refusals, Vid4-style evaluation."""
import os, shutil, subprocess, sys, json
from pathlib import Path
import numpy as np
import pytest
from PIL import Image
from conftest import save_tiny_model
from featsr.video_io import FrameWriter, video_info, read_frames

def _cli(*args):
    "Run featsr_video in a fresh process; returns (returncode, stdout, stderr)"
    exe = shutil.which('featsr_video', path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, '-c', 'import sys; sys.argv[0] = "featsr_video"; '
                             'from featsr.video_upscale import featsr_video; sys.exit(featsr_video())']
    env = dict(os.environ, FEATSR_OFFLINE='1')
    r = subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, env=env, timeout=300)
    return r.returncode, r.stdout, r.stderr

def _frames(n=3, side=16):
    yy, xx = np.mgrid[0:side, 0:side]
    return [np.stack([128 + 90*np.sin((xx + t)/4.), 128 + 90*np.cos(yy/5.), np.full((side, side), 50. + 30*t)], -1)
            .round().astype(np.uint8) for t in range(n)]

@pytest.fixture(scope='module')
def model_dir(tmp_path_factory): return save_tiny_model(tmp_path_factory, width=4)

def test_folder_and_clip(model_dir, tmp_path):
    with FrameWriter(tmp_path/'in') as w:
        for i, f in enumerate(_frames()): w.write(f, f'img{i*5}.png')
    with FrameWriter(tmp_path/'in.mp4', fps=12) as w:
        for f in _frames(): w.write(f)
    rc, out, err = _cli(tmp_path/'in', '--model', model_dir, '--out', tmp_path/'out', '--tile', 8, '--overlap', 2)
    assert rc == 0, err
    assert sorted(p.name for p in (tmp_path/'out').iterdir()) == ['img0.png', 'img10.png', 'img5.png']
    assert Image.open(tmp_path/'out'/'img5.png').size == (64, 64)
    rc, out, err = _cli(tmp_path/'in.mp4', '--model', model_dir, '--out', tmp_path/'out.mp4', '--tile', 0)
    assert rc == 0, err
    info = video_info(tmp_path/'out.mp4')
    assert (info.n_frames, info.width, info.fps) == (3, 64, 12)
    rc, out, err = _cli(tmp_path/'in.mp4', '--model', model_dir, '--out', tmp_path/'out.mp4')
    assert rc == 1 and '--force' in err
    (tmp_path/'broken.mp4').write_bytes(b'\0' * 100)
    rc, out, err = _cli(tmp_path/'broken.mp4', '--model', model_dir, '--out', tmp_path/'b.mp4')
    assert rc == 1 and 'broken.mp4' in err and not (tmp_path/'b.mp4').exists()
    rc, out, err = _cli('--model', model_dir)
    assert rc == 2 and 'INPUT' in err

def test_eval(model_dir, tmp_path):
    from featsr.resize import imresize
    for t, f in enumerate(_frames(3, 32)):
        for sub, a in (('GT', f), ('BIx4', imresize(f, 1/4))):
            (tmp_path/'vid'/sub/'seq').mkdir(parents=True, exist_ok=True)
            Image.fromarray(a).save(tmp_path/'vid'/sub/'seq'/f'{t:08d}.png')
    rc, out, err = _cli('--eval', tmp_path/'vid', '--model', 'bicubic', '--no-lpips', '--json-out', tmp_path/'r.json')
    assert rc == 0, err
    r = json.loads((tmp_path/'r.json').read_text())
    assert r['overall']['n'] == 3 and 15 < r['overall']['psnr'] < 60 and r['overall']['tempErr'] >= 0
    assert '| bicubic | seq | 3 |' in out
    rc, out, err = _cli('--eval', tmp_path/'vid', '--model', 'bicubic', '--seqs', 'nope')
    assert rc == 1 and 'no sequence nope' in err

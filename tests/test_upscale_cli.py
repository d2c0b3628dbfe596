"""`featsr_upscale` end to end, in subprocesses: bad inputs never stop a batch, outputs keep what users expect."""
import os, shutil, struct, subprocess, sys, zlib, json
from pathlib import Path
import numpy as np
import pytest
from PIL import Image, ImageCms
from conftest import save_tiny_model

def _cli(*args, cwd=None):
    "Run featsr_upscale in a fresh process; returns (returncode, stdout, stderr)"
    exe = shutil.which('featsr_upscale', path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, '-m', 'featsr.upscale']
    env = dict(os.environ, FEATSR_OFFLINE='1')
    r = subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)
    return r.returncode, r.stdout, r.stderr

@pytest.fixture(scope='module')
def model_dir(tmp_path_factory): return save_tiny_model(tmp_path_factory, width=8)

def _photo(h=20, w=24):
    from skimage import data as skdata
    return skdata.astronaut()[100:100+2*h:2, 150:150+2*w:2].copy()

def _bomb_png(path, side=20000):
    "A PNG header claiming side x side pixels (over twice Pillow's MAX_IMAGE_PIXELS), with a token IDAT"
    def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    ihdr = struct.pack('>IIBBBBB', side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(b'\0' * 64)) + chunk(b'IEND', b''))

def test_bad_inputs_do_not_stop_the_batch(model_dir, tmp_path):
    src = tmp_path/'in'; src.mkdir()
    Image.fromarray(_photo()).save(src/'good.png')
    (src/'empty.png').write_bytes(b'')
    (src/'text.jpg').write_text('this is not an image')
    (src/'truncated.png').write_bytes((src/'good.png').read_bytes()[:300])
    _bomb_png(src/'bomb.png')
    Image.new('RGB', (1, 1), (10, 200, 30)).save(src/'tiny.png')
    out = tmp_path/'out'
    rc, so, se = _cli(src, tmp_path/'missing.png', str(tmp_path/'nomatch*.png'), '--model', model_dir, '--out', out,
                      '--tile', 16, '--overlap', 4)
    assert rc == 1, so + se
    assert 'Traceback' not in se
    for name, why in [('empty.png', 'empty'), ('text.jpg', 'not an image'), ('truncated.png', 'truncated'),
                      ('bomb.png', 'too large'), ('missing.png', 'no such file'), ('nomatch*.png', 'no such file')]:
        lines = [l for l in se.splitlines() if name in l]
        assert len(lines) == 1 and why in lines[0], (name, se)
    # the good image and the 1x1 one are written, nothing else (no partial or temporary files)
    assert sorted(p.name for p in out.iterdir()) == ['good.png', 'tiny.png']
    assert Image.open(out/'good.png').size == (96, 80)
    assert Image.open(out/'tiny.png').size == (4, 4)
    assert '2 written, 6 failed' in so

def test_existing_outputs_and_force(model_dir, tmp_path):
    Image.fromarray(_photo()).save(tmp_path/'a.png')
    out = tmp_path/'out'; out.mkdir()
    (out/'a.png').write_bytes(b'keep me')
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', out)
    assert rc == 0 and 'exists' in se and '--force' in se
    assert (out/'a.png').read_bytes() == b'keep me'
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', out, '--force')
    assert rc == 0 and Image.open(out/'a.png').size == (96, 80)

def test_unwritable_output_folder(model_dir, tmp_path):
    Image.fromarray(_photo()).save(tmp_path/'a.png')
    (tmp_path/'afile').write_text('a file, not a folder')
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', tmp_path/'afile'/'sub')
    assert rc == 1 and 'cannot write to the output folder' in se and 'Traceback' not in se

def test_back_project_option(model_dir, tmp_path):
    "`--back-project N` (hyphen or underscore) makes the output's bicubic downscale match the input; a negative N is refused"
    from featsr.resize import imresize
    photo = _photo(); Image.fromarray(photo).save(tmp_path/'a.png')
    down_err = lambda p: np.abs(imresize(np.asarray(Image.open(p)).astype(np.float64), 1 / 4) - photo).mean()
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', tmp_path/'plain')
    assert rc == 0, se
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', tmp_path/'bp', '--back-project', 5)
    assert rc == 0, se
    assert down_err(tmp_path/'bp'/'a.png') < 1 < down_err(tmp_path/'plain'/'a.png')
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', tmp_path/'neg', '--back_project', -1)
    assert rc == 2 and 'must be >= 0' in se and 'Traceback' not in se
    assert not (tmp_path/'neg'/'a.png').exists()

def test_ensemble_option(model_dir, tmp_path):
    "`--ensemble N` writes the self-ensemble `upscale(..., ensemble=N)` computes; sizes other than 1, 2, 4, 8 are refused"
    from featsr.upscale import upscale
    photo = _photo(); Image.fromarray(photo).save(tmp_path/'a.png')
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', tmp_path/'se', '--ensemble', 2, '--tile', 0)
    assert rc == 0, se
    got = np.asarray(Image.open(tmp_path/'se'/'a.png')).astype(int)
    want = upscale(photo, str(model_dir), tile=0, ensemble=2, device='cpu').astype(int)
    plain = upscale(photo, str(model_dir), tile=0, device='cpu').astype(int)
    assert np.abs(got - want).max() <= 1 and np.abs(got - plain).mean() > 1
    rc, so, se = _cli(tmp_path/'a.png', '--model', model_dir, '--out', tmp_path/'bad', '--ensemble', 3)
    assert rc == 2 and 'one of 1, 2, 4, 8' in se and 'Traceback' not in se
    assert not (tmp_path/'bad'/'a.png').exists()

# the other model errors (missing json, unknown names, broken JSON...) are tested in-process in nbs/04a_export.ipynb
@pytest.mark.parametrize('damage,msg', [('truncate', 'corrupt or truncated'), ('shapes', 'shape mismatch'),
                                        ('builder', 'not allowed'), ('pkl', 'arbitrary code')])
def test_bad_models_fail_cleanly(model_dir, tmp_path, damage, msg):
    Image.fromarray(_photo()).save(tmp_path/'a.png')
    m = tmp_path/'m'; shutil.copytree(model_dir, m)
    desc = json.loads((m/'model.json').read_text())
    if damage == 'truncate':
        data = (m/'model.safetensors').read_bytes(); (m/'model.safetensors').write_bytes(data[:len(data)//3])
    elif damage == 'shapes': desc['config']['width'] = 4; (m/'model.json').write_text(json.dumps(desc))
    elif damage == 'builder': desc['builder'] = 'subprocess.call'; (m/'model.json').write_text(json.dumps(desc))
    elif damage == 'nojson': (m/'model.json').unlink()
    elif damage == 'pkl': m = m/'learner.pkl'; m.write_bytes(b'not really a pickle')
    elif damage == 'name': m = 'featsr-no-such-model'
    rc, so, se = _cli(tmp_path/'a.png', '--model', m, '--out', tmp_path/'out')
    assert rc != 0 and msg in se and 'Traceback' not in se, se
    assert not any((tmp_path/'out').iterdir())

def test_grey_alpha_icc_exif_kept(model_dir, tmp_path):
    ph = _photo()
    Image.fromarray(ph).convert('L').save(tmp_path/'grey.png')
    rgba = Image.fromarray(ph).convert('RGBA'); rgba.putalpha(Image.linear_gradient('L').resize((24, 20)))
    rgba.save(tmp_path/'alpha.png')
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()
    Image.fromarray(ph).save(tmp_path/'icc.jpg', icc_profile=icc, quality=95)
    exif = Image.Exif(); exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to display
    Image.fromarray(ph).save(tmp_path/'exif.jpg', exif=exif.tobytes(), quality=95)  # stored 24x20, displayed 20x24
    rc, so, se = _cli(*[tmp_path/f for f in ['grey.png', 'alpha.png', 'icc.jpg', 'exif.jpg']],
                      '--model', model_dir, '--out', tmp_path/'out')
    assert rc == 0, se
    out = tmp_path/'out'
    g = Image.open(out/'grey.png'); assert (g.mode, g.size) == ('L', (96, 80))
    a = Image.open(out/'alpha.png'); assert (a.mode, a.size) == ('RGBA', (96, 80))
    assert abs(np.asarray(a.getchannel('A')).mean() - np.asarray(rgba.getchannel('A')).mean()) < 2
    assert Image.open(out/'icc.jpg').info.get('icc_profile') == icc
    assert Image.open(out/'exif.jpg').size == (80, 96)  # orientation applied: portrait

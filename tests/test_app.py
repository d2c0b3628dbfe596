"""`featsr_app` in a real browser: Debian's Chromium driven by Playwright against the console script on a free port."""
import os, re, shutil, signal, socket, subprocess, sys, time
from pathlib import Path
import numpy as np
import pytest
import torch
from PIL import Image

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser') or '/usr/bin/chromium'
pytest.importorskip('gradio', reason="gradio not installed: pip install -e '.[app]'")
sync_api = pytest.importorskip('playwright.sync_api', reason="playwright not installed: pip install playwright")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium not installed: apt-get install chromium (.ci/run does)", allow_module_level=True)
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

from featsr.export import espcn, save_model, load_model
from featsr.dial import make_dial
from featsr.upscale import upscale

def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

@pytest.fixture(scope='module')
def dial_model(tmp_path_factory):
    "A tiny x4 model with a perception dial: two random ESPCN networks (milliseconds to build and run)"
    d = tmp_path_factory.mktemp('models')
    for seed, part in enumerate(['feat', 'psnr']):
        torch.manual_seed(seed)
        save_model(espcn(4, width=8), d/part, config=dict(scale=4, width=8), builder='featsr.export.espcn')
    return make_dial(d/'feat', d/'psnr', d/'dial', default=0.5)

@pytest.fixture(scope='module')
def server(dial_model, tmp_path_factory):
    "`featsr_app` serving the tiny model from an empty working folder; yields (url, log file, working folder)"
    cwd, port = tmp_path_factory.mktemp('cwd'), _free_port()
    log = cwd.parent/'server.log'
    exe = shutil.which('featsr_app', path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, '-m', 'featsr.app']
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent.parent), os.environ.get('PYTHONPATH', '')]))
    with open(log, 'w') as f:
        proc = subprocess.Popen(cmd + ['--model', str(dial_model), '--port', str(port), '--device', 'cpu'],
                                cwd=cwd, stdout=f, stderr=subprocess.STDOUT, env=env)
    t0 = time.time()
    while 'featsr_app: serving' not in log.read_text():
        assert proc.poll() is None, f"featsr_app exited:\n{log.read_text()}"
        assert time.time() - t0 < 90, f"featsr_app did not start in 90 s:\n{log.read_text()}"
        time.sleep(0.3)
    yield f'http://127.0.0.1:{port}/', log, cwd, proc
    if proc.poll() is None:
        proc.terminate(); proc.wait(timeout=30)

@pytest.fixture(scope='module')
def page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={'width': 1400, 'height': 1000}, accept_downloads=True)
        pg.set_default_timeout(30_000)
        yield pg
        browser.close()

def _open(page, url):
    page.goto(url)
    page.wait_for_selector('#run')
    # the page's load event sets the dial to the model's default and names it in the label
    page.wait_for_selector('#dial :text("default 0.5")')

def test_upscale_in_browser(server, page, dial_model, tmp_path):
    url, log, cwd, proc = server
    rng = np.random.default_rng(1)
    src = tmp_path/'small.png'
    Image.fromarray(rng.integers(0, 256, (24, 32, 3), dtype=np.uint8)).save(src)
    _open(page, url)
    page.locator('#files input[type=file]').set_input_files(str(src))
    page.wait_for_selector('#files :text("small")')
    dial = page.locator('#dial input[type=number]')
    dial.fill('0.3'); dial.press('Enter')
    assert page.locator('#dial input[type=range]').input_value() == '0.3'
    page.locator('#run').click()
    page.wait_for_selector('#status :text("→")')
    status = page.locator('#status').inner_text()
    assert re.search(r'small\.png: 32×24 → 128×96 in [\d.]+ s .*dial 0\.3', status), status
    with page.expect_download() as dl: page.locator('#download a').first.click()
    assert dl.value.suggested_filename == 'small_x4.png'
    got = tmp_path/'got.png'
    dl.value.save_as(got)
    out = np.asarray(Image.open(got))
    test = np.asarray(upscale(Image.open(src), load_model(f'{dial_model}@0.3', device='cpu')))
    assert out.shape == (96, 128, 3)
    assert np.abs(out.astype(int) - test).max() <= 1  # equal within rounding (the same computation: equal here)
    # the before/after sliders show images
    assert page.locator('#whole img').count() == 2 and page.locator('#crop img').count() == 2

def test_non_image_message(server, page, tmp_path):
    url, log, cwd, proc = server
    bad = tmp_path/'notes.png'
    bad.write_text('this is not an image')
    _open(page, url)
    page.locator('#files input[type=file]').set_input_files(str(bad))
    page.wait_for_selector('#files :text("notes")')
    page.locator('#run').click()
    page.wait_for_selector('#status :text("not an image")')
    status = page.locator('#status').inner_text()
    assert 'notes.png: not an image file' in status and 'Traceback' not in status, status
    assert page.locator('#download a').count() == 0

def test_localhost_only_and_temporary_files(server):
    "Bound to 127.0.0.1; on SIGTERM the temporary folder goes, and nothing was written in the working folder"
    url, log, cwd, proc = server
    port = int(url.rstrip('/').rsplit(':', 1)[1])
    try: ip = socket.gethostbyname(socket.gethostname())
    except OSError: ip = None
    if ip and not ip.startswith('127.'):
        with pytest.raises(OSError): socket.create_connection((ip, port), timeout=2).close()
    tmp = Path(re.search(r'temporary files in (\S+),', log.read_text()).group(1))
    assert tmp.is_dir()
    proc.send_signal(signal.SIGTERM); proc.wait(timeout=30)
    assert not tmp.exists(), f"{tmp} left behind"
    assert list(cwd.iterdir()) == [], list(cwd.iterdir())

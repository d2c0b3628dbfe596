"""Screenshot of `featsr_app` for the README: `python tools/app_screenshot.py [PHOTO] [OUT.png]`.

Starts `featsr_app` (featsr-x4) on a free port, uploads PHOTO (default: the NASA astronaut portrait from the shared
data, downscaled 2x with bicubic to 256x256), runs it at the default dial setting with the zoomed crop on the face, and
saves a screenshot of the page (Debian's Chromium driven by Playwright), scaled down to fit in 500 KB.
"""
import os, shutil, socket, subprocess, sys, tempfile, time
from pathlib import Path
from PIL import Image

ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

def shrink(raw:Path, out:Path, limit:int=500_000):
    "Save screenshot `raw` as `out`, scaled down (Lanczos) just enough to fit in `limit` bytes; full colour (a palette posterises the photo)"
    im = Image.open(raw).convert('RGB')
    f = 1.
    while True:
        small = im if f == 1 else im.resize((round(im.width * f), round(im.height * f)), Image.Resampling.LANCZOS)
        small.save(out, optimize=True)
        if out.stat().st_size <= limit: return small.size
        f *= 0.95 * (limit / out.stat().st_size) ** 0.5

def main(photo=None, out='nbs/images/app.png', crop=('47', '21')):
    from playwright.sync_api import sync_playwright
    from featsr.core import shared_dir
    tmp = Path(tempfile.mkdtemp(prefix='featsr_shot_'))
    if photo is None:
        im = Image.open(shared_dir()/'faces'/'skimage_astronaut_EileenCollins_NASA.png').convert('RGB')
        photo = tmp/'astronaut.png'
        im.resize((im.width // 2, im.height // 2), Image.Resampling.BICUBIC).save(photo)
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    log = open(tmp/'server.log', 'w')
    proc = subprocess.Popen([sys.executable, '-m', 'featsr.app', '--port', str(port)], stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
    try:
        while 'serving' not in (tmp/'server.log').read_text():
            if proc.poll() is not None: raise SystemExit((tmp/'server.log').read_text())
            time.sleep(0.5)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=shutil.which('chromium') or '/usr/bin/chromium', args=ARGS)
            page = b.new_page(viewport={'width': 1400, 'height': 1180})
            page.set_default_timeout(300_000)
            page.goto(f'http://127.0.0.1:{port}/'); page.wait_for_selector('#dial :text("default")')
            page.locator('#files input[type=file]').set_input_files(str(photo))
            page.wait_for_selector(f'#files :text("{Path(photo).stem}")')
            page.locator('#run').click()
            page.wait_for_selector('#status :text("→")')
            for which, v in zip(('cx', 'cy'), crop):
                before = page.locator('#crop img').nth(1).get_attribute('src')
                n = page.locator(f'#{which} input[type=number]')
                n.fill(v); n.press('Tab')
                page.wait_for_function(f"document.querySelectorAll('#crop img')[1].getAttribute('src') != {before!r}")
            time.sleep(2)
            page.screenshot(path=str(tmp/'raw.png'), full_page=True)
            b.close()
        size = shrink(tmp/'raw.png', Path(out))
    finally:
        proc.terminate(); proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f'{out}: {size[0]}x{size[1]}, {Path(out).stat().st_size // 1024} KB')

if __name__ == '__main__': main(*sys.argv[1:3])

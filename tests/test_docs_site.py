"""The documentation site as a reader sees it (`make docs-check`; `make test` skips the tests marked `docs`).

Builds `_docs/` with mkdocs unless it is newer than its sources, serves it on a free localhost port and opens pages in
Debian's Chromium driven by Playwright: the tutorial (or, while there is none, the home page) shows its pictures and
its links resolve; the API page of `featsr.upscale` shows `upscale`'s signature and its docments; the notebook page
shows show_doc's table. Screenshots go to a temporary folder (printed), and to $FEATSR_DOCS_SHOTS when set.
One unmarked test (no browser) checks tools/griffe_docments.py against fastcore's own docments."""
import ast, functools, http.server, importlib, importlib.util, inspect, json, os, shutil, subprocess, sys, threading
import urllib.error, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT/'_docs'
sys.path.insert(0, str(ROOT/'tools'))
from griffe_docments import docments

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser') or '/usr/bin/chromium'
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

def _sources():
    "Files the site is built from"
    pats = ['mkdocs.yml', 'tools/mkdocs_hooks.py', 'tools/griffe_docments.py', 'nbs/*.ipynb', 'nbs/images/*',
            'featsr/*.py', '*.md', 'models/*/README.md', 'benchmarks/*.md', 'benchmarks/results/*.md']
    return [p for g in pats for p in ROOT.glob(g)]

def _tutorial():
    "The site page a reader opens first: the tutorial if there is one, else the home page; with its notebook"
    tuts = sorted(ROOT.glob('nbs/tutorial_*.ipynb'))
    nb = tuts[0] if tuts else ROOT/'nbs'/'index.ipynb'
    return ('index.html' if nb.stem == 'index' else f'{nb.stem}.html'), nb

def _saved_pictures(nb:Path) -> int:
    "Pictures a notebook holds: PNG/JPEG/GIF outputs and markdown images"
    cells = json.loads(nb.read_text())['cells']
    outs = sum(1 for c in cells for o in c.get('outputs', []) for k in o.get('data', {}) if k in ('image/png', 'image/jpeg', 'image/gif'))
    return outs + sum(''.join(c['source']).count('![') for c in cells if c['cell_type'] == 'markdown')

def _function(path:Path, name:str) -> ast.FunctionDef:
    return next(n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef) and n.name == name)

@pytest.fixture(scope='module')
def site():
    if importlib.util.find_spec('mkdocs') is None or importlib.util.find_spec('mkdocs_jupyter') is None:
        pytest.skip("mkdocs not installed: pip install -e '.[docs]' (make docs does)")
    index = SITE/'index.html'
    if not index.exists() or index.stat().st_mtime < max(p.stat().st_mtime for p in _sources()):
        env = dict(os.environ, NO_MKDOCS_2_WARNING='1',
                   PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get('PYTHONPATH', '')]))
        r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build'], cwd=ROOT, env=env, capture_output=True, text=True)
        assert r.returncode == 0, f"mkdocs build failed:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    return SITE

@pytest.fixture(scope='module')
def server(site):
    "`http.server` serving _docs/ on a free localhost port, in a thread; yields the base URL"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(site)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True); t.start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}/'
    httpd.shutdown(); httpd.server_close()

@pytest.fixture(scope='module')
def shots(tmp_path_factory):
    d = tmp_path_factory.mktemp('docs_shots')
    yield d
    print(f'\nscreenshots in {d}')
    if os.environ.get('FEATSR_DOCS_SHOTS'):
        out = Path(os.environ['FEATSR_DOCS_SHOTS']); out.mkdir(parents=True, exist_ok=True)
        for p in d.glob('*.png'): shutil.copy(p, out/p.name)
        print(f'copied to {out}')

@pytest.fixture(scope='module')
def page(server):
    sync_api = pytest.importorskip('playwright.sync_api', reason="playwright not installed: pip install playwright")
    if not Path(CHROMIUM).exists(): pytest.skip("Chromium not installed: apt-get install chromium (.ci/run does)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={'width': 1280, 'height': 900})
        pg.set_default_timeout(60_000)
        yield pg
        browser.close()

def _content_images(page):
    page.wait_for_function("[...document.images].every(i => i.complete)")
    return page.evaluate("""[...document.querySelectorAll('article img')].map(i =>
        ({src: i.getAttribute('src').slice(0, 60), w: i.naturalWidth, h: i.naturalHeight}))""")

@pytest.mark.docs
def test_tutorial_pictures_and_links(server, page, shots):
    url, nb = _tutorial()
    page.goto(server + url)
    imgs = _content_images(page)
    broken = [i['src'] for i in imgs if i['w'] == 0]
    assert not broken, f"{url}: pictures that did not load: {broken}"
    want = _saved_pictures(nb)
    assert want >= 1 and len(imgs) >= want, f"{url}: {len(imgs)} pictures shown, the notebook {nb.name} holds {want}"
    page.screenshot(path=str(shots/f'{Path(url).stem}_top.png'))
    page.locator('article img').first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots/f'{Path(url).stem}_picture.png'))
    # every relative link on the page opens (the README's links to models/, CHANGELOG.md, benchmarks/ ...)
    hrefs = page.evaluate("[...document.querySelectorAll('article a[href]')].map(a => a.href)")
    local = sorted({h.split('#')[0] for h in hrefs if h.startswith(server)})
    assert local
    for h in local:
        try: code = urllib.request.urlopen(h).status
        except urllib.error.HTTPError as e: code = e.code
        assert code == 200, f"{url}: link {h} answers {code}"
        assert not h.endswith('.md'), f"{url}: link {h} points at a markdown source, not its page"

@pytest.mark.docs
def test_api_page_signature(server, page, shots):
    page.goto(server + 'api/featsr.upscale.html')
    heading = page.locator('[id="featsr.upscale.upscale"]')
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(shots/'api_upscale.png'))
    sig = page.locator('[id="featsr.upscale.upscale"] + .doc-signature').inner_text()
    node = _function(ROOT/'featsr'/'upscale.py', 'upscale')
    assert 'upscale(' in sig.replace(' ', ''), sig
    for a in node.args.args: assert a.arg in sig, f"parameter {a.arg} not in the signature: {sig}"
    text = page.locator('[id="featsr.upscale.upscale"]').locator('xpath=..').inner_text()
    params, _ = docments(node, str(ROOT/'featsr'/'upscale.py'))
    for name, d in params.items(): assert d.replace('`', '') in text, f"docment of {name} not on the page: {d}"

@pytest.mark.docs
def test_show_doc_in_notebook_page(server, page, shots):
    page.goto(server + '06_upscale.html')
    text = page.locator('article').inner_text()
    assert 'show_doc(' not in text and '#| export' not in text
    node = _function(ROOT/'featsr'/'upscale.py', 'upscale')
    params, _ = docments(node, str(ROOT/'featsr'/'upscale.py'))
    assert params['tile'].replace('`', '') in text
    page.locator('article h3[id="upscale"]').scroll_into_view_if_needed()
    page.screenshot(path=str(shots/'notebook_show_doc.png'))

def test_docments_match_fastcore():
    "tools/griffe_docments.py finds every docment fastcore finds, for each public featsr function (it adds Param help)"
    from fastcore.docments import docments as fastcore_docments
    n = 0
    for path in sorted((ROOT/'featsr').glob('[a-z]*.py')):
        mod = importlib.import_module(f'featsr.{path.stem}')
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or node.name not in getattr(mod, '__all__', []): continue
            f = inspect.unwrap(getattr(mod, node.name))
            if not inspect.isfunction(f) or Path(f.__code__.co_filename).resolve() != path.resolve(): continue
            theirs = {k: v for k, v in fastcore_docments(f).items() if v and k != 'return'}
            ours = {k.lstrip('*'): v for k, v in docments(node, str(path))[0].items()}
            assert {k: ours.get(k) for k in theirs} == theirs, f'{path.stem}.{node.name}'
            n += 1
    assert n > 100, n

"""mkdocs hooks for featsr's documentation site (mkdocs.yml: `hooks:`); `make docs` builds it into `_docs/`.

The site's pages come from:
- every `nbs/*.ipynb` (docs_dir), rendered by mkdocs-jupyter with their saved outputs, after the nbdev-style
  clean-up nbdev's own Quarto site does: `#| hide` cells are dropped, `#|` directive lines removed, and a cell that is
  only `show_doc(...)` calls with no saved output is replaced by show_doc's markdown, made here without executing the
  notebook (its module is imported). Markdown links to repository files (`models/.../README.md`, `CHANGELOG.md`,
  `benchmarks/`) are pointed at their pages. The cleaned copies go to `_proc/nbs/` (git-ignored).
- the repository's markdown documents the README links to (model cards, CHANGELOG, CONTRIBUTING, benchmarks),
  included as pages under their repository paths, so relative links between them keep working;
- one generated API page per module, `api/featsr.MODULE.md` (mkdocstrings; docments via tools/griffe_docments.py).
The navigation is built here, so a new notebook (say `nbs/tutorial_*.ipynb`) or module appears without editing
mkdocs.yml.
"""
from __future__ import annotations
import ast, importlib, json, logging, posixpath, re, warnings
from pathlib import Path
from mkdocs.structure.files import File, Files

log = logging.getLogger('mkdocs.hooks.featsr')
ROOT = Path(__file__).resolve().parents[1]
PROC = ROOT/'_proc'/'nbs'
# repository documents shown as pages, under their repository paths (globs, relative to ROOT)
REPO_DOCS = ['CHANGELOG.md', 'CONTRIBUTING.md', 'models/*/README.md', 'models/*/model.json',
             'benchmarks/*.md', 'benchmarks/results/*.md']
# long signatures (featsr_train has 38 parameters) wrap instead of scrolling: no Black/Ruff formats them
CSS = '.doc-signature code, .doc-signature pre { white-space: pre-wrap; }\n'

def _modules() -> list[str]:
    return sorted(p.stem for p in (ROOT/'featsr').glob('*.py') if not p.stem.startswith('_'))

def _default_exp(nb:dict) -> str | None:
    for c in nb['cells']:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(c['source']), re.M)
        if m: return m.group(1)

def _notebooks(docs_dir:Path) -> list[Path]:
    return sorted(p for p in docs_dir.glob('*.ipynb') if not p.name.startswith(('_', '.')))

def _title(nb_path:Path) -> str:
    "The notebook's `# Title`, else its file name"
    for c in json.loads(nb_path.read_text())['cells']:
        if c['cell_type'] == 'markdown':
            m = re.search(r'^#\s+(.+)$', ''.join(c['source']), re.M)
            if m: return m.group(1).strip()
    return nb_path.stem

def on_config(config, **kwargs):
    "Navigation: home, tutorials, library notebooks, API, models, benchmarks, changelog, contributing"
    docs = Path(config['docs_dir'])
    nbs = [p.name for p in _notebooks(docs) if p.name != 'index.ipynb']
    tutorials = [n for n in nbs if n.startswith('tutorial')]
    library = [n for n in nbs if n not in tutorials]
    nav = [{'Home': 'index.ipynb'}]
    if tutorials: nav.append({'Tutorials': tutorials})
    nav.append({'Library notebooks': library})
    nav.append({'API reference': [{f'featsr.{m}': f'api/featsr.{m}.md'} for m in _modules()]})
    models = sorted(p.parent.name for p in ROOT.glob('models/*/README.md'))
    nav.append({'Models': [{m: f'models/{m}/README.md'} for m in models]})
    nav.append({'Benchmarks': ['benchmarks/index.md'] + [p.relative_to(ROOT).as_posix()
                for g in ('benchmarks/*.md', 'benchmarks/results/*.md') for p in sorted(ROOT.glob(g))]})
    nav += [{'Changelog': 'CHANGELOG.md'}, {'Contributing': 'CONTRIBUTING.md'}]
    config['nav'] = nav
    return config

def _api_page(mod:str, nb_of:dict[str, str]) -> str:
    src = f"Source: the notebook [{nb_of[mod]}](../{nb_of[mod]}).\n\n" if mod in nb_of else ''
    return f"# featsr.{mod}\n\n{src}::: featsr.{mod}\n"

def _benchmarks_page() -> str:
    "An index of benchmarks/ (the README links to the folder): its pages and its scripts with their first doc line"
    lines = ['# Benchmarks', '', 'Measurements and the scripts that make them (in `benchmarks/` in the repository).', '']
    for p in sorted(ROOT.glob('benchmarks/*.md')) + sorted(ROOT.glob('benchmarks/results/*.md')):
        rel = p.relative_to(ROOT/'benchmarks').as_posix()
        lines.append(f'- [{rel}]({rel})')
    lines += ['', 'Scripts:', '']
    for p in sorted(ROOT.glob('benchmarks/*.py')):
        try: doc = (ast.get_docstring(ast.parse(p.read_text())) or '').strip().split('\n')[0]
        except SyntaxError: doc = ''
        lines.append(f'- `benchmarks/{p.name}`' + (f': {doc}' if doc else ''))
    return '\n'.join(lines) + '\n'

def on_files(files:Files, config, **kwargs):
    nb_of = {}
    for p in _notebooks(Path(config['docs_dir'])):
        exp = _default_exp(json.loads(p.read_text()))
        if exp: nb_of[exp] = p.name
    for pattern in REPO_DOCS:
        for p in sorted(ROOT.glob(pattern)):
            files.append(File.generated(config, p.relative_to(ROOT).as_posix(), abs_src_path=str(p)))
    for m in _modules(): files.append(File.generated(config, f'api/featsr.{m}.md', content=_api_page(m, nb_of)))
    files.append(File.generated(config, 'benchmarks/index.md', content=_benchmarks_page()))
    files.append(File.generated(config, 'stylesheets/featsr.css', content=CSS))
    PROC.mkdir(parents=True, exist_ok=True)
    for old in set(PROC.glob('*.ipynb')) - {PROC/f.src_uri for f in files if f.src_uri.endswith('.ipynb')}: old.unlink()
    for f in list(files):
        if f.src_uri.endswith('.ipynb') and '/' not in f.src_uri:
            out = PROC/f.src_uri
            text = json.dumps(clean_notebook(Path(f.abs_src_path), files, f.src_uri), indent=1, ensure_ascii=False)
            if not out.exists() or out.read_text() != text: out.write_text(text)  # unchanged: mkdocs-jupyter's cache hits
            f.abs_src_path = str(out)
    return files

_LINK = re.compile(r'(\]\()([^)\s]+)(\))')

def _relink(md:str, files:Files, src_uri:str) -> str:
    """Point a notebook's relative links at the site: a link to a repository document (`x/README.md`, `CHANGELOG.md`,
    a folder like `benchmarks/`, another notebook) becomes its page's URL. A target is looked up relative to the
    notebook in the site, then relative to `nbs/` in the repository (`../models/...`); one found neither way is a
    warning (a broken link fails the strict build)."""
    here = posixpath.dirname(src_uri)
    def find(target):
        for base in (here, posixpath.join('nbs', here)):
            path = posixpath.normpath(posixpath.join(base, target))
            # the site's docs_dir is nbs/: a repository path into it (`../../nbs/images/x.png` from a model card) drops it
            if path.startswith('nbs/'): path = path[len('nbs/'):]
            f = files.get_file_from_path(path.rstrip('/') + '/index.md' if target.endswith('/') else path)
            if f is not None: return f
    def sub(m):
        target, frag = (m.group(2).split('#', 1) + [''])[:2]
        if not target or re.match(r'^[a-z]+:', target) or target.startswith('/'): return m.group(0)
        f = find(target)
        if f is None:
            log.warning(f'{src_uri}: link {m.group(2)} points at nothing in the site')
            return m.group(0)
        # a notebook's page (mkdocs-jupyter), a markdown page (README.md -> index.html) or a static file
        dest = f.src_uri[:-len('.ipynb')] + '.html' if f.src_uri.endswith('.ipynb') else f.dest_uri
        url = posixpath.relpath(dest, here or '.')
        return f"{m.group(1)}{url}{'#' + frag if frag else ''}{m.group(3)}"
    return _LINK.sub(sub, md)

_SHOW_DOC = re.compile(r'^show_doc\(.*\)$')

def _show_doc_markdown(src:str, module:str | None) -> str | None:
    "show_doc's markdown for a cell of only `show_doc(...)` calls, evaluated in the notebook's module; None if it fails"
    try:
        from nbdev.showdoc import show_doc
        with warnings.catch_warnings():  # importing fastai/torch warns about their own deprecations
            warnings.simplefilter('ignore')
            ns = dict(vars(importlib.import_module(f'featsr.{module}'))) if module else {}
        ns['show_doc'] = show_doc
        md = '\n\n'.join(eval(line, ns)._repr_markdown_() for line in src.splitlines() if line.strip())
        # drop nbdev's `[source](URL){target=...}` line: Quarto attribute syntax, and a link to line None
        return re.sub(r'^\[source\]\(.*\)\{.*\}\s*$', '', md, flags=re.M)
    except Exception as e:
        log.warning(f'show_doc cell {src!r} (featsr.{module}) not rendered: {type(e).__name__}: {e}')

def clean_notebook(path:Path, files:Files, src_uri:str) -> dict:
    "The notebook at `path` as the site shows it (see the module docstring)"
    nb = json.loads(path.read_text())
    module, cells = _default_exp(nb), []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code':
            directives = [l for l in src.splitlines() if l.startswith('#|')]
            if any(re.match(r'#\|\s*(hide|default_exp)\b', l) for l in directives): continue
            src = '\n'.join(l for l in src.splitlines() if not l.startswith('#|')).strip('\n')
            if not src.strip(): continue
            code = [l for l in src.splitlines() if l.strip()]
            if not c.get('outputs') and all(_SHOW_DOC.match(l) for l in code):
                md = _show_doc_markdown('\n'.join(code), module)
                if md is not None:
                    cells.append(dict(cell_type='markdown', metadata={}, source=md)); continue
            c = dict(c, source=src)
        elif c['cell_type'] == 'markdown': c = dict(c, source=_relink(src, files, src_uri))
        cells.append(c)
    return dict(nb, cells=cells)

_IMG = re.compile(r'!\[([^\]]*)\]\(([^)\s]+)\)')

def on_page_markdown(markdown:str, page, config, files:Files, **kwargs):
    "A picture a repository document names but the repository lacks becomes a visible note, not a broken image"
    here = posixpath.dirname(page.file.src_uri)
    def sub(m):
        target = m.group(2)
        path = posixpath.normpath(posixpath.join(here, target))
        if re.match(r'^[a-z]+:', target) or files.get_file_from_path(path): return m.group(0)
        if path.startswith('nbs/') and (f := files.get_file_from_path(path[len('nbs/'):])):  # docs_dir is nbs/
            return f"![{m.group(1)}]({posixpath.relpath(f.src_uri, here or '.')})"
        log.info(f'{page.file.src_uri}: picture {target} is not in the repository')
        return f'*(picture `{target}` is not in the repository)*'
    return _IMG.sub(sub, markdown)

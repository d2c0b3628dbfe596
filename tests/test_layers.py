"""One-way layers: a featsr module imports only modules exported by earlier notebooks (CONTRIBUTING.md, "Layers").

Read from the sources with `ast`: top-level imports, imports inside functions, and dotted strings given to
`importlib.import_module` / `__import__` all count. Also: no featsr import inside a function, no module over 600 lines.
"""
import ast, json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG, NBS = ROOT/'featsr', ROOT/'nbs'
MAX_LINES = 600

def notebook_order() -> dict[str, int]:
    "Module name -> position of the notebook that exports it (notebooks sorted by file name, as nbdev numbers them)"
    order = {}
    for i, nb in enumerate(sorted(NBS.glob('*.ipynb'))):
        for c in json.loads(nb.read_text())['cells']:
            m = re.match(r'#\|\s*default_exp\s+(\S+)', ''.join(c['source']).strip())
            if c['cell_type'] == 'code' and m: order[m.group(1)] = i; break
    return order

def _featsr_module(name:str|None, level:int=0) -> str|None:
    "'featsr.x.y' or a relative '.x' -> 'x'; anything else -> None"
    if level == 1: return (name or '').split('.')[0] or None
    if name and (name == 'featsr' or name.startswith('featsr.')): return name.split('.')[1] if '.' in name else None
    return None

def imports(path:Path) -> list[tuple[str, int, bool]]:
    "(imported featsr module, line, inside a function) for every import of the package in `path`"
    tree, out = ast.parse(path.read_text()), []
    def visit(node, in_fn):
        for child in ast.iter_child_nodes(node):
            fn = in_fn or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((m, child.lineno, in_fn) for a in child.names if (m := _featsr_module(a.name)))
            elif isinstance(child, ast.ImportFrom):
                m = _featsr_module(child.module, child.level)
                if m: out.append((m, child.lineno, in_fn))
                elif child.module in (None, 'featsr') or child.level == 1:  # `from featsr import x`, `from . import x`
                    out.extend((a.name, child.lineno, in_fn) for a in child.names)
            elif isinstance(child, ast.Call):
                f = child.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, 'id', None)
                if name in ('import_module', '__import__') and child.args and isinstance(child.args[0], ast.Constant) \
                   and isinstance(child.args[0].value, str) and (m := _featsr_module(child.args[0].value)):
                    out.append((m, child.lineno, in_fn))
            visit(child, fn)
    visit(tree, False)
    return out

MODULES = sorted(p for p in PKG.glob('*.py') if not p.name.startswith('_'))

def test_every_module_has_a_notebook():
    order = notebook_order()
    assert {p.stem for p in MODULES} <= set(order), set(p.stem for p in MODULES) - set(order)

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.stem)
def test_imports_only_earlier_notebooks(path):
    order = notebook_order()
    bad = [f"line {ln}: imports featsr.{m} ({'later notebook' if order.get(m, -1) > order[path.stem] else 'itself'})"
           for m, ln, _ in imports(path) if m in order and order[m] >= order[path.stem]]
    assert not bad, f"featsr/{path.name} (notebook #{order[path.stem]}): " + '; '.join(bad)

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.stem)
def test_no_package_import_inside_functions(path):
    bad = [f"line {ln}: featsr.{m}" for m, ln, in_fn in imports(path) if in_fn]
    assert not bad, f"featsr/{path.name} imports the package inside a function: " + '; '.join(bad)

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.stem)
def test_module_size(path):
    n = len(path.read_text().splitlines())
    assert n <= MAX_LINES, f"featsr/{path.name} has {n} lines (at most {MAX_LINES}): split its notebook"

def test_checker_sees_backward_imports(tmp_path):
    "The checker itself: every form of import is found, inside functions too"
    src = ("import featsr.video\nfrom featsr.metrics import psnr_y\nfrom .train import x\nfrom featsr import upscale\n"
           "def f():\n    from featsr.compare import y\n    importlib.import_module('featsr.evaluate')\n")
    (tmp_path/'m.py').write_text(src)
    got = imports(tmp_path/'m.py')
    assert [(m, fn) for m, _, fn in got] == [('video', False), ('metrics', False), ('train', False), ('upscale', False),
                                             ('compare', True), ('evaluate', True)]

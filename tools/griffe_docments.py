"""A griffe extension that turns fastcore docments into parameter docs for mkdocstrings (used by mkdocs.yml).

featsr documents parameters the fastcore way: a trailing `# comment` after each parameter (or comment lines just
above it), `Param("help", ...)` annotations for console-script arguments, and a comment after `->` for the return
value. Griffe reads docstrings only, so this extension appends a Google-style `Args:` / `Returns:` section built
from those comments to each function's (one-line) docstring. No PyPI package does this (searched for griffe-* and
docments); it is hand-written, statically (nothing is imported), following `fastcore.docments`' placement rules.
"""
from __future__ import annotations
import ast, io, tokenize
from functools import lru_cache
from pathlib import Path
try: import griffe
except ImportError: griffe = None  # `docments` works without it (tests/test_docs_site.py compares it with fastcore's)

@lru_cache(maxsize=None)
def _comments(path:str) -> dict[int, str]:
    "Line number -> text of the `#` comment on that line, for the file at `path`"
    out = {}
    with open(path, encoding='utf-8') as f:
        for tok in tokenize.generate_tokens(f.readline):
            if tok.type == tokenize.COMMENT: out[tok.start[0]] = tok.string.lstrip('#').strip()
    return out

@lru_cache(maxsize=None)
def _code_lines(path:str) -> frozenset[int]:
    "Lines of the file at `path` that hold code (not only a comment or blank)"
    return frozenset(t.start[0] for t in tokenize.generate_tokens(io.StringIO(Path(path).read_text()).readline)
                     if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                       tokenize.DEDENT, tokenize.ENDMARKER))

def _param_help(arg:ast.arg) -> str | None:
    "The help string of a `Param(\"help\", ...)` annotation"
    a = arg.annotation
    if isinstance(a, ast.Call) and getattr(a.func, 'id', None) == 'Param' and a.args and \
       isinstance(a.args[0], ast.Constant) and isinstance(a.args[0].value, str): return a.args[0].value

def docments(node:ast.FunctionDef, path:str) -> tuple[dict[str, str], str | None]:
    "(parameter name -> its docment, return docment) for the function `node` defined in the file at `path`"
    comments, code = _comments(path), _code_lines(path)
    a = node.args
    args = [*a.posonlyargs, *a.args, *([a.vararg] if a.vararg else []), *a.kwonlyargs, *([a.kwarg] if a.kwarg else [])]
    defaults = dict(zip([x.arg for x in [*a.posonlyargs, *a.args]][::-1], a.defaults[::-1]))
    defaults.update({x.arg: d for x, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None})
    body_line = node.body[0].lineno
    ends = {x.arg: (defaults[x.arg] if x.arg in defaults else x).end_lineno for x in args}
    docs = {}
    for x in args:
        line = ends[x.arg]
        text = None
        if line != body_line and line in comments: text = comments[line]  # shared by all on the line, as fastcore does
        else:  # comment lines right above the parameter
            above, l = [], x.lineno - 1
            while l in comments and l not in code and l > node.lineno: above.insert(0, comments[l]); l -= 1
            if above: text = ' '.join(above)
        text = text or _param_help(x)
        if text: docs[('*' if x is a.vararg else '**' if x is a.kwarg else '') + x.arg] = text
    ret = None
    if node.returns is not None and node.returns.end_lineno != body_line: ret = comments.get(node.returns.end_lineno)
    return docs, ret

class Docments(griffe.Extension if griffe else object):
    "Append the docments of each function to its docstring as Google-style `Args:` and `Returns:` sections"
    def on_function_instance(self, *, node, func:griffe.Function, agent, **kwargs):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.filepath is None: return
        try: params, ret = docments(node, str(func.filepath))
        except (OSError, SyntaxError, tokenize.TokenError): return
        if not params and not ret: return
        text = func.docstring.value if func.docstring else ''
        if 'Args:' in text or 'Parameters:' in text: return  # documented by hand
        secs = [text] if text else []
        if params: secs.append('Args:\n' + '\n'.join(f'    {k}: {v}' for k, v in params.items()))
        if ret: secs.append(f'Returns:\n    {ret}')
        new = '\n\n'.join(secs)
        if func.docstring: func.docstring.value = new
        else: func.docstring = griffe.Docstring(new, lineno=node.lineno, parent=func)

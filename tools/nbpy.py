"""Edit notebooks as plain text: `nbpy.py tonb SRC.txt NB.ipynb` and `nbpy.py totxt NB.ipynb SRC.txt`.

Text format: a line `#%% md` starts a markdown cell, a line `#%%` starts a code cell; cell text is verbatim.
Notebooks stay the source of truth (nbdev); this is only an editing aid. Run `nbdev_clean` afterwards.
"""
import json, sys
from pathlib import Path

def txt_to_cells(text):
    cells, kind, buf = [], None, []
    def flush():
        if kind is None: return
        src = '\n'.join(buf).strip('\n')
        if not src: return
        lines = src.split('\n')
        source = [l + '\n' for l in lines[:-1]] + [lines[-1]]
        cell = dict(cell_type='markdown' if kind == 'md' else 'code', metadata={}, source=source)
        if kind != 'md': cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    for line in text.split('\n'):
        s = line.rstrip()
        if s in ('#%%', '#%% md'):
            flush(); kind, buf = ('md' if s.endswith('md') else 'code'), []
        else: buf.append(line)
    flush()
    return cells

def tonb(src, dst):
    nb = dict(cells=txt_to_cells(Path(src).read_text()), metadata=dict(kernelspec=dict(
        display_name='python3', language='python', name='python3')), nbformat=4, nbformat_minor=4)
    Path(dst).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def totxt(src, dst):
    nb = json.loads(Path(src).read_text())
    out = []
    for c in nb['cells']:
        out.append('#%% md' if c['cell_type'] == 'markdown' else '#%%')
        out.append(''.join(c['source']))
        out.append('')
    Path(dst).write_text('\n'.join(out))

if __name__ == '__main__':
    cmd, a, b = sys.argv[1:4]
    {'tonb': tonb, 'totxt': totxt}[cmd](a, b)

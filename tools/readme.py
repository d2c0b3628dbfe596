"""Write README.md from nbs/index.ipynb: markdown cells as they are, visible code cells as Python blocks.

nbdev_readme does the same through Quarto; this needs nothing but the standard library (Quarto is not on PyPI-only
machines). Hidden cells (`#| hide`) are left out. Image links are made relative to the repository root."""
import json
from pathlib import Path

def render(nb_path='nbs/index.ipynb'):
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source']).strip()
        if not src: continue
        if c['cell_type'] == 'markdown': parts.append(src.replace('](images/', '](nbs/images/'))
        elif not src.startswith('#| hide') and '#| hide' not in src.split('\n')[0]: parts.append(f"```python\n{src}\n```")
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    Path('README.md').write_text(render())
    print('wrote README.md')

"""The generated documents are up to date: README.md from nbs/index.ipynb, benchmarks/RESULTS.md and the README's
headline table from benchmarks/results/*.json; the README stays a short front door whose links resolve."""
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def run(*args): return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

def test_readme_generated_and_short():
    sys.path.insert(0, str(ROOT/'tools'))
    from readme import render
    readme = (ROOT/'README.md').read_text()
    assert render(str(ROOT/'nbs/index.ipynb')) == readme, "README.md is stale: run `make readme`"
    assert len(readme.splitlines()) <= 160
    assert 'runs/' not in readme
    for link in re.findall(r'\]\(([^)#]+)\)', readme):
        if not link.startswith('http'): assert (ROOT/link).exists(), link

def test_results_generated():
    assert run('benchmarks/results_table.py') == (ROOT/'benchmarks/RESULTS.md').read_text(), \
        "benchmarks/RESULTS.md is stale: run `python3 benchmarks/results_table.py --write benchmarks/RESULTS.md`"
    assert run('benchmarks/results_table.py', '--headline').strip() in (ROOT/'README.md').read_text()

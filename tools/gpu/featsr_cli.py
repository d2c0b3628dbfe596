"""Run one of featsr's console scripts without installing featsr (the device machine gets the working tree only).

    python3 tools/gpu/featsr_cli.py featsr_train --data ... --out ...

The names and their functions come from settings.ini's `console_scripts`, exactly what `pip install -e .` would
install; `featsr.core.cli` parses the options when sys.argv[0] is the script's name. A plain program (not a shell
function), so that `timeout` can run it.
"""
import sys, importlib, configparser
from pathlib import Path

root = Path(__file__).resolve().parents[2]
if str(root) not in sys.path: sys.path.insert(0, str(root))
cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini')
scripts = dict(s.split('=', 1) for s in cfg['DEFAULT']['console_scripts'].split())
if len(sys.argv) < 2 or sys.argv[1] not in scripts:
    raise SystemExit(f"usage: featsr_cli.py SCRIPT [ARGS...]; SCRIPT is one of {sorted(scripts)}")
name = sys.argv.pop(1)
mod, fn = scripts[name].split(':')
sys.argv[0] = name
sys.exit(getattr(importlib.import_module(mod), fn)())

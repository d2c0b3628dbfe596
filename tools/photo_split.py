"""Split a folder of photographs into training and validation folders of symbolic links (reproducible, no copies).

`python tools/photo_split.py ../shared/train runs/photo_split --every 11` puts every 11th file (all sub-folders,
sorted by relative path, starting with the first) in `runs/photo_split/valid/HR/` and the rest in
`runs/photo_split/train/`; a link is named after its relative path (`bsd200/100075.png` -> `bsd200_100075.png`). featsr-x4-photo's
choices (dial default, blend) were made on that validation folder, which is neither training nor benchmark.
"""
import argparse, os
from pathlib import Path

EXTS = {'.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff', '.webp'}

def split(src:Path, out:Path, every:int):
    files = sorted((p for p in src.rglob('*') if p.suffix.lower() in EXTS and p.is_file()), key=lambda p: str(p.relative_to(src)))
    if not files: raise SystemExit(f"{src}: no image files")
    valid = set(files[::every])
    for sub in ('train', 'valid/HR'): (out/sub).mkdir(parents=True, exist_ok=True)
    for f in files:
        link = out/('valid/HR' if f in valid else 'train')/'_'.join(f.relative_to(src).parts)
        if link.is_symlink() or link.exists():
            if link.resolve() != f.resolve(): raise SystemExit(f"{link}: exists and points elsewhere; remove {out} first")
            continue
        os.symlink(f.resolve(), link)
    print(f"{out}: {len(files) - len(valid)} training, {len(valid)} validation photographs (every {every}th of {src})")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('src', type=Path); ap.add_argument('out', type=Path)
    ap.add_argument('--every', type=int, default=11, help='every EVERY-th file goes to validation')
    a = ap.parse_args()
    split(a.src, a.out, a.every)

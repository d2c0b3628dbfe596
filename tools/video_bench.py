"""Make a Vid4-layout benchmark folder (GT/<seq>/ + BIx4/<seq>/) from video clips: the validation clips of the video model.

    python tools/video_bench.py OUT CLIP [CLIP ...] [--frames N] [--scale 4]

Each clip's first N frames are cropped to multiples of the scale (GT) and downscaled with MATLAB's bicubic (BIx4), the
degradation of Vid4's BIx4 frames. Existing folders are refused rather than overwritten.
"""
import argparse
from pathlib import Path
import numpy as np
from PIL import Image
from featsr.resize import imresize
from featsr.video_io import read_frames

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('out'); p.add_argument('clips', nargs='+')
    p.add_argument('--frames', type=int, default=30); p.add_argument('--scale', type=int, default=4)
    a = p.parse_args()
    out = Path(a.out)
    for clip in map(Path, a.clips):
        gt, lr = out/'GT'/clip.stem, out/f'BIx{a.scale}'/clip.stem
        if gt.exists() or lr.exists(): raise SystemExit(f"{gt} or {lr} exists: not overwritten")
        gt.mkdir(parents=True); lr.mkdir(parents=True)
        for name, f in read_frames(clip, stop=a.frames):
            f = np.ascontiguousarray(f[:f.shape[0] // a.scale * a.scale, :f.shape[1] // a.scale * a.scale])
            Image.fromarray(f).save(gt/name); Image.fromarray(imresize(f, 1 / a.scale)).save(lr/name)
        print(f"{clip.stem}: {len(list(gt.iterdir()))} frames {f.shape[1]}x{f.shape[0]} -> {out}")

if __name__ == '__main__': main()

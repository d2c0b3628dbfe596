"""A JPEG portrait upscaled four ways, side by side: bicubic, featsr-x4, featsr-x4-photo, Real-ESRGAN x4plus.

    python benchmarks/photo_portrait.py [--face facerec_biden2.jpg] [--quality 60] [--methods ...]

The portrait (one of the public-domain photographs in `$FEATSR_SHARED/faces`, none of them in any training set) is
box-filtered to 512 x 512 as the ground truth, downscaled x4 with MATLAB bicubic and saved as JPEG at `--quality`:
that 128 x 128 JPEG is what every method gets. The figure shows the same crop of each output, enlarged, with the
whole image's Y-PSNR / LPIPS-AlexNet under it. Writes `nbs/images/photo_portrait.png` and
`benchmarks/results/photo_portrait.md`.
"""
import argparse, io, sys
from pathlib import Path
import numpy as np
from PIL import Image
import featsr.all  # every method provider
from featsr.core import shared_dir, open_image
from featsr.resize import imresize
from featsr.registry import get_method
from featsr.metrics import psnr_y, lpips_dist
from featsr.compare import side_by_side

def jpeg_lr(hr:np.ndarray, quality:int) -> np.ndarray:
    "MATLAB-bicubic x4 downscale of `hr`, saved as JPEG at `quality` (Pillow defaults) and decoded"
    buf = io.BytesIO(); Image.fromarray(imresize(hr, 1 / 4)).save(buf, format='JPEG', quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert('RGB'))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--face', default='facerec_biden2.jpg'); ap.add_argument('--quality', type=int, default=60)
    ap.add_argument('--methods', nargs='+', default=['bicubic', 'featsr-x4', 'featsr-x4-photo', 'realesrgan_x4plus'])
    ap.add_argument('--box', type=int, nargs=3, default=[150, 150, 200], help='crop shown: y x size (HR pixels)')
    ap.add_argument('--out', default='nbs/images/photo_portrait.png')
    a = ap.parse_args()
    if shared_dir() is None: sys.exit("no shared data folder (../shared or $FEATSR_SHARED): the portraits live in its faces/")
    hr = np.asarray(open_image(shared_dir()/'faces'/a.face).resize((512, 512), Image.BOX))
    lr = jpeg_lr(hr, a.quality)
    outs, caps, rows = {}, {}, []
    for name in a.methods:
        sr = get_method(name)(lr, 4)
        p, l = psnr_y(sr, hr), lpips_dist(sr, hr)
        outs[name], caps[name] = sr, f"{p:.2f} dB / {l:.3f}"
        rows.append(f"| {name} | {p:.2f} | {l:.4f} |")
    side_by_side(hr, outs, a.out, box=tuple(a.box), captions=caps, ncols=5,
                 title=f"{a.face}: 512 px, input 128 px JPEG quality {a.quality}")
    text = '\n'.join([f"{a.face}, 512 x 512 ground truth, input: MATLAB bicubic x4 then JPEG quality {a.quality}", '',
                      '| method | Y-PSNR | LPIPS-alex |', '|---|---:|---:|', *rows])
    print(text); Path('benchmarks/results/photo_portrait.md').write_text(text + '\n')

if __name__ == '__main__': main()

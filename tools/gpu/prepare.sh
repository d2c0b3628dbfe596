#!/bin/bash
# Build gpu_carry/ (ignored by git) on THIS machine for tools/gpu/train.sh on the device machine. Cheap: downloads
# about 1 MB of wheels, converts 59 MB of weights, copies 30 MB of photos; no training.
#
#   bash tools/gpu/prepare.sh            # PYTHON (default .venv/bin/python) must import featsr; SHARED defaults to ../shared
#
# gpu_carry/
#   wheels/    wheels of what featsr imports and the device image lacks (KINDS.md lists the image's
#              packages): fastai, fastcore, fasttransform, plum-dispatch and its beartype, fastprogress, fastdownload,
#              lpips. Pinned to this .venv's versions (fastai/fastcore as settings.ini pins them). NOT carried, because
#              the image has them (assumed, from KINDS.md's package list, not checked on a machine): torch, torchvision,
#              numpy, pillow, matplotlib, scikit-image, scikit-learn, scipy, pandas, safetensors, accelerate, requests,
#              pyyaml, cloudpickle, rich, typing-extensions, tqdm. Left out on purpose: spacy (fastai requires it, featsr
#              never imports it), av (video only).
#   weights/   ImageNet VGG-16 `features.*` in fp16 (see tools/gpu/weights.py for why fp16 and where it goes there)
#   train_q95/ ../shared/train_q95 (the 342 training photos as JPEG q95): the device tool carries only paths inside
#              the repository (`carry` is relative to its root; ../shared does not travel), so it is copied here
#   bench/Set5 ../shared/bench/Set5: featsr_train's --valid set, and the quick PSNR check there (0.9 MB)
# Then it checks that what would travel (tracked + untracked-not-ignored files + gpu_carry) fits in 64 MiB.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
PYTHON=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-${FEATSR_SHARED:-../shared}}
C=gpu_carry
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
git check-ignore -q "$C/x" || { echo "$C/ is not ignored by git: add 'gpu_carry/' to .gitignore"; exit 1; }
for d in "$SHARED/train_q95" "$SHARED/bench/Set5"; do [ -d "$d" ] || { echo "missing $d"; exit 1; }; done
mkdir -p "$C"

echo "== wheels"
PKGS=(fastai==2.8.7 fastcore==1.8.18 fasttransform==0.0.2 plum-dispatch==2.10.1 beartype==0.23.1 fastprogress==1.0.5
      fastdownload==0.0.8 lpips==0.1.4)
rm -rf "$C/wheels"
# --python-version/--platform: the device runs CPython 3.12 on x86-64 (KINDS.md); all but plum-dispatch are py3-none-any
"$PYTHON" -m pip download -q --no-deps --disable-pip-version-check --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  -d "$C/wheels" "${PKGS[@]}"
n=$(ls "$C"/wheels/*.whl | wc -l)
[ "$n" -eq ${#PKGS[@]} ] || { echo "expected ${#PKGS[@]} wheels, got $n"; exit 1; }
# all pure Python except plum-dispatch, which ships mypyc-compiled wheels: that one must be CPython 3.12 / x86-64
if ls "$C"/wheels/*.whl | grep -v -e '-none-any\.whl$' -e '-cp312-cp312-.*x86_64.*\.whl$'; then
  echo "the wheels above fit neither any Python nor CPython 3.12 x86-64: check them"; exit 1; fi
# the pins are the versions featsr is tested with here: say so if this .venv drifted from them
"$PYTHON" - "${PKGS[@]}" <<'EOF'
import sys, importlib.metadata as md
for spec in sys.argv[1:]:
    name, ver = spec.split('==')
    try: have = md.version(name)
    except md.PackageNotFoundError: have = None
    if have != ver: print(f"note: {name} is {have} in this environment, {ver} in gpu_carry/wheels")
EOF
ls -1 "$C/wheels"

echo "== VGG-16 weights (fp16)"
"$PYTHON" tools/gpu/weights.py pack "$C/weights/vgg16_features_fp16.safetensors"

echo "== training photos and Set5"
rm -rf "$C/train_q95" "$C/bench"; mkdir -p "$C/bench"
cp -r --no-preserve=mode,ownership "$SHARED/train_q95" "$C/train_q95"
cp -r --no-preserve=mode,ownership "$SHARED/bench/Set5" "$C/bench/Set5"
echo "$(find "$C/train_q95" -type f | wc -l) training photos, $(find "$C/bench/Set5/HR" -type f | wc -l) Set5 images"

echo "== sizes"
for d in "$C"/*; do du -sb "$d"; done | awk '{printf "%10.2f MB  %s\n", $1/1e6, $2}'
carry=$(du -sb "$C" | cut -f1)
awk -v n="$carry" 'BEGIN{printf "%10.2f MB  gpu_carry in all (%.2f MiB)\n", n/1e6, n/1048576}'
[ "$carry" -lt $((64 * 1024 * 1024)) ] || { echo "gpu_carry alone is over 64 MiB"; exit 1; }
if bash tools/gpu/tree.sh size "$C"; then
  echo "OK: the working tree plus $C fits; run call: see tools/gpu/README.md"
else
  without=$(git ls-files -z -- 'models/*.safetensors' | xargs -0 -r du -cb | tail -1 | cut -f1)
  echo "The tracked model weights (${without:-0} bytes) make it too big: before the run call do"
  echo "  bash tools/gpu/tree.sh hide      # and right after it: bash tools/gpu/tree.sh restore"
  bash tools/gpu/tree.sh size --as-hidden "$C" || { echo "still over 64 MiB with them hidden"; exit 1; }
fi

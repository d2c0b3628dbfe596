#!/bin/bash
# Build gpu_carry/ (ignored by git) on THIS machine for tools/gpu/train.sh on the device machine. Cheap: downloads
# about 1 MB of wheels, converts 59 MB of weights, copies 30 MB of photos; no training.
#
#   bash tools/gpu/prepare.sh            # PYTHON (default .venv/bin/python) must import featsr; SHARED defaults to ../shared
#   bash tools/gpu/prepare.sh video      # the same for tools/gpu/train_video.sh instead (see below)
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
# With `video` (for tools/gpu/train_video.sh, the multi-frame fine-tune): wheels/ and train_q95/ as above, no weights/
# and no bench/ (pixel loss, no VGG; both are removed if present: with them the call would not fit), plus
#   featsr-x4-v1-A0/  the start model, packed by tools/gpu/pack.py (lossless, 35.0 -> about 30 MB, 2 parts): the A = 0
#              end of featsr-x4 version 1 (git V1_COMMIT, default 0357536) as a plain fp16 model, i.e. exactly the
#              weights that load_model('<v1>@0') gives (checked here), without the A = 1 weights that `@0` also reads
#              (and multiplies by 0): 35 MB less to carry. train_video.sh unpacks it (SHA-256 checked) and passes it
#              as --init. Running prepare.sh without `video` removes it again.
# Then it checks that what would travel (tracked + untracked-not-ignored files + gpu_carry) fits in 64 MiB.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
MODE=${1:-image}
case "$MODE" in image|video) ;; *) echo "usage: bash tools/gpu/prepare.sh [video]"; exit 2 ;; esac
PYTHON=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-${FEATSR_SHARED:-../shared}}
V1_COMMIT=${V1_COMMIT:-0357536}
C=gpu_carry
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
git check-ignore -q "$C/x" || { echo "$C/ is not ignored by git: add 'gpu_carry/' to .gitignore"; exit 1; }
need=("$SHARED/train_q95"); [ "$MODE" = image ] && need+=("$SHARED/bench/Set5")
for d in "${need[@]}"; do [ -d "$d" ] || { echo "missing $d"; exit 1; }; done
mkdir -p "$C"
echo "== gpu_carry/ for $([ "$MODE" = video ] && echo tools/gpu/train_video.sh || echo tools/gpu/train.sh)"

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

if [ "$MODE" = image ]; then
  rm -rf "$C/featsr-x4-v1-A0"  # train_video.sh's start model: not needed here
  echo "== VGG-16 weights (fp16)"
  "$PYTHON" tools/gpu/weights.py pack "$C/weights/vgg16_features_fp16.safetensors"

  echo "== training photos and Set5"
  rm -rf "$C/train_q95" "$C/bench"; mkdir -p "$C/bench"
  cp -r --no-preserve=mode,ownership "$SHARED/train_q95" "$C/train_q95"
  cp -r --no-preserve=mode,ownership "$SHARED/bench/Set5" "$C/bench/Set5"
  echo "$(find "$C/train_q95" -type f | wc -l) training photos, $(find "$C/bench/Set5/HR" -type f | wc -l) Set5 images"
else
  for d in "$C/weights" "$C/bench"; do  # train.sh's: the video job needs neither, and with them it would not fit
    if [ -e "$d" ]; then rm -rf "$d"; echo "removed $d (train.sh's; plain 'prepare.sh' makes it again)"; fi
  done
  echo "== training photos"
  rm -rf "$C/train_q95"
  cp -r --no-preserve=mode,ownership "$SHARED/train_q95" "$C/train_q95"
  echo "$(find "$C/train_q95" -type f | wc -l) training photos"

  echo "== start model: featsr-x4 version 1 (git $V1_COMMIT) at A = 0, as a plain fp16 model, packed"
  git cat-file -e "$V1_COMMIT:models/featsr-x4/model_psnr.safetensors" \
    || { echo "git $V1_COMMIT has no models/featsr-x4/model_psnr.safetensors"; exit 1; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/v1" "$tmp/A0"
  git archive "$V1_COMMIT" models/featsr-x4 | tar -x -C "$tmp/v1" --strip-components=2
  "$PYTHON" - "$tmp/v1" "$tmp/A0" "$V1_COMMIT" <<'PY'
import sys, torch
from safetensors.torch import load_file
from featsr.export import load_model, save_model
src, dst, commit = sys.argv[1:]
m = load_model(f'{src}@0', device='cpu')           # what `--init <v1>@0` would start from
meta = dict(m.meta or {})
if (meta.get('name'), meta.get('version')) != ('featsr-x4', 1): sys.exit(f"{src}: not featsr-x4 version 1: {meta.get('name')} {meta.get('version')}")
meta.update(perception=0.0, derived=f"featsr-x4 version 1 (git {commit}) at A = 0: load_model('featsr-x4@0') of that "
            "version, saved as a plain fp16 model by tools/gpu/prepare.sh video (--init of tools/gpu/train_video.sh)")
save_model(m, dst, meta=meta, half=True)
a, b = m.net.state_dict(), load_model(dst, device='cpu').net.state_dict()
psnr = load_file(f'{src}/model_psnr.safetensors')
if not a.keys() == b.keys() == psnr.keys(): sys.exit('key sets differ')
bad = [k for k in a if not torch.equal(a[k], b[k])]
if bad: sys.exit(f"the plain model differs from {src}@0 in {len(bad)} tensors, e.g. {bad[:3]}")
badp = [k for k in a if a[k].is_floating_point() and not torch.equal(a[k], psnr[k].to(a[k].dtype))]
if badp: sys.exit(f"A = 0 is not model_psnr.safetensors in {len(badp)} tensors, e.g. {badp[:3]}")
n = sum(v.numel() for v in a.values() if v.is_floating_point())
print(f"ok: the plain model loads to exactly the weights of v1@0 ({len(a)} tensors, {n/1e6:.1f} M floats, "
      "the floating ones equal to model_psnr.safetensors')")
PY
  rm -rf "$C/featsr-x4-v1-A0"
  python3 tools/gpu/pack.py pack "$tmp/A0" "$C/featsr-x4-v1-A0"
  rm -rf "$tmp"; trap - EXIT
fi

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

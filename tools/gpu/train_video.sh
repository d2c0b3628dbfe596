#!/bin/bash
# featsr's multi-frame (t-1, t, t+1) video model on a lent GPU (the device tool's H200), in one call: install, unpack the
# start model (featsr-x4 version 1 at A = 0), fine-tune it with featsr_video_train on the still photos turned into
# shifted sequences (pixel loss: no VGG weights; stills: no PyAV), a quick check on a few validation windows, and the
# model packed into $OUT within its limits. See tools/gpu/README.md ("Video fine-tune") for the exact `run` call.
#
#   bash tools/gpu/train_video.sh [TRAIN_MINUTES]    # default 7 minutes of training (shortened to fit GPU_LIMIT_S)
#
# Environment (all optional):
#   GPU_LIMIT_S   wall-clock seconds the whole script may take, counted from its start (default 575; keep it 25 s
#                 under the call's timeout_s, at most 600). Training is shortened to fit, never the packing.
#   SIZES, BS     HR crop sizes (multiples of 4) / batch sizes per stage (default 96,128 and 64,32)
#   EPOCHS, REPEAT, LR   --epochs (default 400: the clock ends each phase), --repeat (8), --lr (1e-3; --lr_div 10)
#   NEIGHBOURS    --neighbours: phase (default, as featsr-video-x4 v2), differences or frames
#   NUM_WORKERS   DataLoader workers (default 8; the machine has 16 cores; each item runs two DIS optical flows)
#   GPU_DRY_RUN=1 on a CPU machine: check the install command, unpack the start model, no training
#                 (models/featsr-video-x4 stands in for the result), the check on 1 photo, packing (about 30 s of CPU)
#   GPU_DRY_RUN=2 on a CPU machine: everything for real, tiny: featsr_video_train with the same options but
#                 --device cpu --max_steps 1, 64 px crops, batch 2, the 10 photos of train_q95/pkg_photos (1 min of CPU)
# Needs gpu_carry/ as `bash tools/gpu/prepare.sh video` builds it. Writes only under /tmp/featsr_gpu and $OUT; in $OUT
# only log.txt (the tee) and whole files (each part is copied under a .partial name, then renamed).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
OUT=${OUT:-/tmp/featsr_gpu_out}
mkdir -p "$OUT" || exit 1
if [ -z "${FEATSR_GPU_TEE:-}" ]; then  # run again with everything also going to $OUT/log.txt
  export FEATSR_GPU_TEE=1 FEATSR_GPU_T0=$(date +%s)
  bash "$0" "$@" 2>&1 | tee "$OUT/log.txt"
  exit "${PIPESTATUS[0]}"
fi

B=${1:-7}
LIMIT=${GPU_LIMIT_S:-575}
SIZES=${SIZES:-96,128}; BS=${BS:-64,32}; EPOCHS=${EPOCHS:-400}; REPEAT=${REPEAT:-8}; LR=${LR:-1e-3}
NB=${NEIGHBOURS:-phase}; NW=${NUM_WORKERS:-8}
DRY=${GPU_DRY_RUN:-0}
C=gpu_carry; DATA=$C/train_q95; INIT_PACKED=$C/featsr-x4-v1-A0
DEVICE=cuda; TINY=(); NCHECK=6
if [ "$DRY" = 2 ]; then  # CPU smoke test of the whole flow
  DEVICE=cpu; SIZES=64; BS=2; REPEAT=1; NW=0; DATA=$C/train_q95/pkg_photos; TINY=(--max_steps 1); NCHECK=1
elif [ "$DRY" = 1 ]; then DEVICE=cpu; NCHECK=1; fi
R=/tmp/featsr_gpu; RET=$R/ret; TIMES=$R/timings.tsv; INIT=$R/featsr-x4-v1-A0; V=$R/video
POST=60   # seconds kept after training: fp16 copy, the check, packing
OVH=40    # seconds of the featsr_video_train process outside its --minutes (imports, start model, export)
rm -rf "$R"; mkdir -p "$RET" "$R/site"
export PYTHONUNBUFFERED=1 FEATSR_CACHE=$R/cache TORCH_HOME=$R/torch FEATSR_OFFLINE=1 MPLCONFIGDIR=$R/mpl
export PYTHONPATH=$R/site:$PWD${PYTHONPATH:+:$PYTHONPATH}
[ "$DRY" != 0 ] && [ -x .venv/bin/python ] && export PATH=$PWD/.venv/bin:$PATH
printf 'stage\texit\tseconds\n' > "$TIMES"

source tools/gpu/stage.sh  # elapsed, now, since, stage, FS, info, install_wheels
# minutes of training: min(WANT, (LIMIT - elapsed - RESERVE) / 60), at least 0.5
minutes() { awk -v want="$1" -v left=$(( LIMIT - $(elapsed) - $2 )) \
  'BEGIN{m = left / 60; if (m > want) m = want; if (m < 0.5) m = 0.5; printf "%.2f", m}'; }
# hard time limit of the training process (against hangs): its --minutes + 120 s, but ending 20 s before LIMIT
hard() { awk -v m="$1" -v left=$(( LIMIT - $(elapsed) - 20 )) 'BEGIN{t = m*60 + 120; if (t > left) t = left; if (t < 30) t = 30; printf "%d", t}'; }
# opt NAME SECONDS CMD...: an optional stage under `timeout`, cut to end 30 s before LIMIT (finalize's time), or skipped
opt() {
  local name=$1 t=$2; shift 2
  local left=$(( LIMIT - $(elapsed) - 30 ))
  [ "$t" -gt "$left" ] && t=$left
  if [ "$t" -lt 10 ]; then echo "!!! [$(elapsed)s] $name SKIPPED: too close to the ${LIMIT}s limit"; printf '%s\tskipped\t0\n' "$name" >> "$TIMES"; return 0; fi
  stage "$name" optional timeout -k 5 "$t" "$@"
}

# the fp32 training export -> $RET/model as fp16 (the form featsr ships its models in; 70 -> 35 MB, about 30 MB packed)
to_fp16() {
  python3 - "$V" "$RET/model" <<'PY'
import sys, json, os
from pathlib import Path
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
desc = json.loads((src/'model.json').read_text())
sd = load_file(str(src/'model.safetensors'))
with safe_open(str(src/'model.safetensors'), 'pt') as f: md = f.metadata()
sd16 = {k: (v.half() if v.is_floating_point() else v).contiguous() for k, v in sd.items()}
err = max(((sd16[k].float() - v.float()).abs().max() / v.float().abs().max().clamp_min(1e-12)).item()
          for k, v in sd.items() if v.is_floating_point() and v.numel())
if not all(torch.isfinite(v.float()).all() for v in sd16.values() if v.is_floating_point()): sys.exit('non-finite weights in fp16')
was = desc.get('dtype')
desc['dtype'] = 'float16'
desc.setdefault('meta', {})['travel'] = f"trained in fp32 ({was}), stored as fp16 by tools/gpu/train_video.sh"
dst.mkdir(parents=True, exist_ok=True)
save_file(sd16, str(dst/'model.safetensors.tmp'), metadata=md); os.replace(dst/'model.safetensors.tmp', dst/'model.safetensors')
(dst/'model.json.tmp').write_text(json.dumps(desc, indent=1) + '\n'); os.replace(dst/'model.json.tmp', dst/'model.json')
print(f"{dst}: {len(sd16)} tensors as fp16, {(dst/'model.safetensors').stat().st_size/1e6:.1f} MB "
      f"(fp32 {(src/'model.safetensors').stat().st_size/1e6:.1f} MB); largest rounding error {err:.2e} of a tensor's max")
PY
}

# $RET packed into parts in $R/packed, then each part copied to $OUT under a .partial name and renamed (never a
# half-written part under its real name); on a failure, the parts already placed are removed again
pack_out() {
  local f n placed=()
  rm -rf "$R/packed"
  python3 tools/gpu/pack.py pack "$RET" "$R/packed" --optional 'loss.png' 'history.csv' || return 1
  rm -f "$OUT"/featsr_gpu.part* "$OUT"/.partial.*
  for f in "$R"/packed/featsr_gpu.part*; do
    n=$(basename "$f")
    if cp "$f" "$OUT/.partial.$n" && mv -f "$OUT/.partial.$n" "$OUT/$n"; then placed+=("$OUT/$n")
    else rm -f "$OUT/.partial.$n" "${placed[@]}"; return 1; fi
  done
}

finalize() {
  local rc=$?
  trap - EXIT
  echo; echo "=== [$(elapsed)s] finalize (exit status so far: $rc)"
  if [ ! -f "$RET/model/model.json" ]; then
    if [ -f "$V/model.json" ] && [ -f "$V/model.safetensors" ]; then
      echo "!!! no fp16 copy of the model: trying once more, else bringing the fp32 export as is"
      to_fp16 || { rm -rf "$RET/model"; mkdir -p "$RET/model_fp32"; cp "$V/model.json" "$V/model.safetensors" "$RET/model_fp32/"; }
    else echo "!!! no exported video model in $V: only the log, the timings and the history come back"; fi
  fi
  for f in history.csv loss.png; do [ -f "$V/$f" ] && cp "$V/$f" "$RET/"; done
  cp "$R"/*.json "$TIMES" "$RET/" 2>/dev/null
  pack_out || { echo "!!! packing failed: no parts in $OUT"; [ "$rc" -eq 0 ] && rc=1; }
  ls -l "$OUT"
  echo "=== [$(elapsed)s] done, exit $rc$([ "$rc" -ne 0 ] && echo '  (FAILED: read the !!! lines above)')"
  exit "$rc"
}
trap finalize EXIT

echo "featsr video GPU run: ${B} min of training asked, script limit ${LIMIT}s, sizes $SIZES, bs $BS, epochs $EPOCHS, repeat $REPEAT, lr $LR, neighbours $NB, workers $NW$([ "$DRY" != 0 ] && echo ", DRY RUN $DRY")"
for f in "$DATA" "$INIT_PACKED/featsr_gpu.part00" "$C/wheels"; do
  [ -e "$f" ] || { echo "!!! missing $f: run 'bash tools/gpu/prepare.sh video' here and carry gpu_carry"; exit 2; }
done

stage info critical info

install() {  # the carried wheels (install_wheels, stage.sh), then check that everything the video job needs imports
  install_wheels || return 1
  python3 -c "
import sys, importlib.metadata as md
import fastai, fastcore, fasttransform, plum, beartype, fastprogress, safetensors, cv2
import featsr.video, featsr.video_io, featsr.video_data, featsr.video_train, featsr.video_upscale, featsr.train, featsr.loss, featsr.data, featsr.model, featsr.export, featsr.metrics, featsr.upscale
print('imports ok:', ', '.join(f'{d} {md.version(d)}' for d in ('fastai', 'fastcore', 'fasttransform', 'plum-dispatch', 'beartype', 'fastprogress', 'safetensors')), '| opencv', cv2.__version__)
if 'av' in sys.modules: sys.exit('featsr.video imported PyAV (av) at import time: not in the image')
print('PyAV (av) not imported: fine, the stills need no video decoding')"
}
stage install critical install
# the start model: SHA-256 checked; a plain model = load_model('<featsr-x4 v1>@0') exactly (see prepare.sh video)
stage init critical python3 tools/gpu/pack.py unpack "$INIT_PACKED" "$INIT"

if [ "$DRY" = 1 ]; then
  echo "DRY RUN: no training; models/featsr-video-x4 stands in for the fine-tuned model"
  mkdir -p "$V" && cp models/featsr-video-x4/model.json models/featsr-video-x4/model.safetensors "$V/" || exit 3
else
  M=$(minutes "$B" $(( POST + OVH )))
  stage train_video critical timeout -k 10 "$(hard "$M")" \
    $FS featsr_video_train --stills "$DATA" --init "$INIT" --out "$V" --minutes "$M" --sizes "$SIZES" --bs "$BS" \
      --epochs "$EPOCHS" --repeat "$REPEAT" --loss pixel --lr "$LR" --lr_div 10 --no_frozen --align dis --neighbours "$NB" \
      --seed 42 --device "$DEVICE" --num_workers "$NW" "${TINY[@]}"
  [ -f "$V/model.safetensors" ] && [ -f "$V/model.json" ] || { echo "!!! featsr_video_train exported no model"; exit 3; }
fi
stage fp16 critical to_fp16
opt check 90 python3 tools/gpu/video_check.py --model "$RET/model" --init "$INIT" --data "$DATA" --sz "${SIZES##*,}" \
  --n "$NCHECK" --device "$DEVICE" --json "$R/check.json"
exit 0

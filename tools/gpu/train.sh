#!/bin/bash
# featsr on a lent GPU (the device tool's H200), in one call: install, weights, throughput, the featsr-x4 recipe
# (pixel-loss stage, then feature-loss stage --init from it, then the perception dial), a Set5 check, inference speed,
# and everything packed into $OUT within its limits. See tools/gpu/README.md for the exact `run` call.
#
#   bash tools/gpu/train.sh [TRAIN_MINUTES]        # default 7: minutes of training, split SPLIT / (1 - SPLIT)
#
# Environment (all optional):
#   GPU_LIMIT_S   wall-clock seconds the whole script may take, counted from its start (default 575; keep it
#                 25 s under the call's timeout_s, which is at most 600). Training is shortened to fit, never the rest.
#   SIZES, BS     crop sizes / batch sizes per progressive-resizing stage (default 128,192 and 32,16)
#   REPEAT        each epoch shows every photo REPEAT times, in random crops (default 16: 5472 crops; each epoch end
#                 validates on Set5 and writes a 0.2 GB checkpoint, so short epochs would cost GPU time)
#   NUM_WORKERS   DataLoader workers (default 8; the machine has 16 cores)
#   SPLIT         share of the training minutes for the pixel-loss stage (default 0.25, as `make featsr-x4`'s 15/60)
#   SKIP_BENCH=1  no throughput measurements before training (about 60 s more for training)
#   GPU_DRY_RUN=1 on a CPU machine: check the install command, restore the weights, skip the GPU stages, stand in
#                 models/featsr-x4 for the trained dial, and pack the real 70 MB of weights (about 30 s of CPU)
#   GPU_DRY_RUN=2 on a CPU machine: the same, but run every stage for real, tiny: benches with a few 64 px cases,
#                 both featsr_train stages with the same options but --device cpu --max_steps 1, 64 px crops, 10
#                 photos, then the dial, a 1-image Set5 check and a 48 px inference check (1-2 min of CPU)
# Needs the carried folder gpu_carry/ (tools/gpu/prepare.sh builds it). Writes only under /tmp/featsr_gpu and $OUT.
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
SIZES=${SIZES:-128,192}; BS=${BS:-32,16}; REPEAT=${REPEAT:-16}; NW=${NUM_WORKERS:-8}; SPLIT=${SPLIT:-0.25}
DRY=${GPU_DRY_RUN:-0}
C=gpu_carry; DATA=$C/train_q95; VALID=$C/bench/Set5; VGG=$C/weights/vgg16_features_fp16.safetensors
DEVICE=cuda; TINY=(); BT=(); BD=(); BI=(); EV=()
if [ "$DRY" = 2 ]; then  # CPU smoke test of the whole flow
  DEVICE=cpu; SIZES=64; BS=2; REPEAT=1; NW=0; DATA=$C/train_q95/pkg_photos; TINY=(--max_steps 1)
  BT=(--cases 'bf16:feature:64:2 fp32:pixel:64:2' --steps 1 --warmup 1); BD=(--batches 2 --warmup 1)
  BI=(--lr 48 --reps 1); EV=(--limit 1)
fi
R=/tmp/featsr_gpu; RET=$R/ret; TIMES=$R/timings.tsv
POST=70   # seconds kept for the dial, the Set5 check, the inference benchmark and packing
OVH=30    # seconds of one featsr_train process outside its --minutes (imports, loss network, export)
rm -rf "$R"; mkdir -p "$RET" "$R/site"
export PYTHONUNBUFFERED=1 FEATSR_CACHE=$R/cache TORCH_HOME=$R/torch FEATSR_OFFLINE=1 MPLCONFIGDIR=$R/mpl
export FEATSR_SHARED=$PWD/$C PYTHONPATH=$R/site:$PWD${PYTHONPATH:+:$PYTHONPATH}
[ "$DRY" != 0 ] && [ -x .venv/bin/python ] && export PATH=$PWD/.venv/bin:$PATH
printf 'stage\texit\tseconds\n' > "$TIMES"

source tools/gpu/stage.sh  # elapsed, now, since, stage, FS, info, install_wheels
# minutes for a stage: min(WANT, (LIMIT - elapsed - RESERVE) / 60 * SHARE), at least 0.5
minutes() { awk -v want="$1" -v share="$2" -v left=$(( LIMIT - $(elapsed) - $3 )) \
  'BEGIN{m = left / 60 * share; if (m > want) m = want; if (m < 0.5) m = 0.5; printf "%.2f", m}'; }
# opt NAME SECONDS CMD...: an optional stage under `timeout`, cut to end 30 s before LIMIT (finalize's time), or skipped
opt() {
  local name=$1 t=$2; shift 2
  local left=$(( LIMIT - $(elapsed) - 30 ))
  [ "$t" -gt "$left" ] && t=$left
  if [ "$t" -lt 10 ]; then echo "!!! [$(elapsed)s] $name SKIPPED: too close to the ${LIMIT}s limit"; printf '%s\tskipped\t0\n' "$name" >> "$TIMES"; return 0; fi
  stage "$name" optional timeout -k 5 "$t" "$@"
}
# hard time limit of a training process (against hangs): its --minutes + 120 s, but ending 20 s before LIMIT
hard() { awk -v m="$1" -v left=$(( LIMIT - $(elapsed) - 20 )) 'BEGIN{t = m*60 + 120; if (t > left) t = left; if (t < 30) t = 30; printf "%d", t}'; }

finalize() {
  local rc=$?
  trap - EXIT
  echo; echo "=== [$(elapsed)s] finalize (exit status so far: $rc)"
  if [ -f "$R/dial/model.json" ]; then cp -r "$R/dial" "$RET/model"
  else  # no dial: bring back whichever stage finished, as fp16 (the fp32 export is 70 MB)
    for s in feature psnr; do
      if [ -f "$R/$s/model.safetensors" ]; then
        echo "!!! no dial model: bringing back the $s stage alone as $RET/model_$s"
        python3 -c "from featsr.export import load_model, save_model; save_model(load_model('$R/$s', device='cpu'), '$RET/model_$s', half=True)" \
          || echo "!!! could not convert $R/$s"
        break
      fi
    done
  fi
  for s in psnr feature; do
    [ -d "$R/$s" ] || continue
    mkdir -p "$RET/$s"
    for f in history.csv loss.png model.json; do [ -f "$R/$s/$f" ] && cp "$R/$s/$f" "$RET/$s/"; done
  done
  cp "$R"/*.json "$TIMES" "$RET/" 2>/dev/null
  python3 tools/gpu/pack.py pack "$RET" "$OUT" --optional 'model/model_psnr.safetensors' 'psnr/loss.png' 'feature/loss.png' \
    || { echo "!!! packing failed"; [ "$rc" -eq 0 ] && rc=1; }
  python3 tools/gpu/summary.py "$R" "$OUT/summary.json" --bs "$BS" --sizes "$SIZES" --rc "$rc" --elapsed "$(elapsed)" \
    || echo "!!! summary failed"
  ls -l "$OUT"
  echo "=== [$(elapsed)s] done, exit $rc$([ "$rc" -ne 0 ] && echo '  (FAILED: read the !!! lines above)')"
  exit "$rc"
}
trap finalize EXIT

echo "featsr GPU run: ${B} min of training asked, script limit ${LIMIT}s, sizes $SIZES, bs $BS, repeat $REPEAT, workers $NW, split $SPLIT$([ "$DRY" != 0 ] && echo ", DRY RUN $DRY")"
for f in "$DATA" "$VALID" "$VGG"; do [ -e "$f" ] || { echo "!!! missing $f: run tools/gpu/prepare.sh here and carry gpu_carry"; exit 2; }; done

stage info critical info

install() {  # the carried wheels (install_wheels, stage.sh), then check that everything the job needs imports
  install_wheels || return 1
  python3 -c "
import importlib.metadata as md
import fastai, fastcore, fasttransform, plum, beartype, fastprogress, fastdownload, lpips, safetensors
import featsr.train, featsr.loss, featsr.data, featsr.model, featsr.export, featsr.metrics, featsr.upscale
print('imports ok:', ', '.join(f'{d} {md.version(d)}' for d in ('fastai', 'fastcore', 'fasttransform', 'plum-dispatch', 'beartype', 'fastprogress', 'fastdownload', 'lpips', 'safetensors', 'matplotlib', 'scikit-image')))"
}
stage install critical install
stage weights critical python3 tools/gpu/weights.py restore "$VGG"

if [ "$DRY" != 1 ] && [ "${SKIP_BENCH:-0}" != 1 ]; then
  opt bench_train 100 python3 tools/gpu/bench.py train --device "$DEVICE" --max-seconds 30 \
    --json "$R/bench_train.json" "${BT[@]}"
  # also makes featsr's pair cache (LR inputs of the 342 photos), which both training stages then reuse
  opt bench_data 90 python3 tools/gpu/bench.py data --device "$DEVICE" --data "$DATA" --valid "$VALID" \
    --workers "$NW" --bs "${BS%%,*}" --hr "${SIZES%%,*}" --repeat "$REPEAT" --json "$R/bench_data.json" "${BD[@]}"
fi

common=(--data "$DATA" --valid "$VALID" --sizes "$SIZES" --bs "$BS" --epochs 1000 --repeat "$REPEAT" --seed 42
        --device "$DEVICE" --num_workers "$NW" "${TINY[@]}")
if [ "$DRY" = 1 ]; then
  echo "DRY RUN: no training; models/featsr-x4 stands in for the dial, runs/x4v2-* histories for the stages"
  cp -r models/featsr-x4 "$R/dial"
  for s in psnr feature; do [ -d "runs/x4v2-$s" ] && mkdir -p "$R/$s" && cp "runs/x4v2-$s"/{history.csv,model.json} "$R/$s/" 2>/dev/null; done
else
  # stage 1 (A = 0): pixel loss from the ImageNet encoder, frozen then unfrozen per size (`make featsr-x4`, at GPU sizes)
  M1=$(minutes "$(awk -v b="$B" -v s="$SPLIT" 'BEGIN{print b*s}')" "$SPLIT" $(( POST + 2*OVH )))
  stage train_psnr critical timeout -k 10 "$(hard "$M1")" \
    $FS featsr_train "${common[@]}" --out "$R/psnr" --arch vgg16 --mode post --decoder_width 128 --loss pixel --minutes "$M1"
  [ -f "$R/psnr/model.safetensors" ] || { echo "!!! stage 1 wrote no model"; exit 3; }
  # stage 2 (A = 1): feature loss on VGG blocks 1-4 (relu1_2 ... relu4_3; version 3), fine-tuned from stage 1, unfrozen, lr 5e-4
  M2=$(minutes "$(awk -v b="$B" -v s="$SPLIT" 'BEGIN{print b*(1-s)}')" 1 $(( POST + OVH )))
  stage train_feature critical timeout -k 10 "$(hard "$M2")" \
    $FS featsr_train "${common[@]}" --out "$R/feature" --init "$R/psnr" --loss feature --blocks 1,2,3,4 --no_frozen --lr 5e-4 --minutes "$M2"
  [ -f "$R/feature/model.safetensors" ] || { echo "!!! stage 2 wrote no model"; exit 3; }
  stage dial critical python3 -c "
from featsr.dial import make_dial
make_dial('$R/feature', '$R/psnr', '$R/dial', half=True, meta=dict(made_by='tools/gpu/train.sh',
          data='gpu_carry/train_q95: ../shared/train as JPEG q95 4:4:4', valid='Set5',
          vgg16='ImageNet VGG-16 features carried as fp16, restored to fp32 (tools/gpu/weights.py)'))
print('dial model in $R/dial')"
  # PSNR/SSIM only (LPIPS needs AlexNet weights, not carried); full Set5/Set14/B100 + LPIPS back on the CPU machine
  for a in 1 0; do
    opt "eval_set5_A$a" 60 $FS featsr_eval --model "$R/dial@$a" --bench "$VALID" --no_lpips \
      --json "$R/eval_set5_A$a.json" "${EV[@]}"
  done
fi
[ "$DRY" != 1 ] && opt bench_infer 60 python3 tools/gpu/bench.py infer --device "$DEVICE" \
  --model "$R/dial" --json "$R/bench_infer.json" "${BI[@]}"
exit 0

# Shared by tools/gpu/train.sh and train_video.sh (sourced): stage timing, logging, the featsr CLI runner,
# the environment report and the wheel install.
# Needs FEATSR_GPU_T0 (start time) and TIMES (the stage table file).
elapsed() { echo $(( $(date +%s) - FEATSR_GPU_T0 )); }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
# stage NAME critical|optional CMD...: run CMD with timings; a critical failure ends the script (finalize still packs)
stage() {
  local name=$1 kind=$2; shift 2
  local t; t=$(now)
  echo; echo "=== [$(elapsed)s] $name: $*"
  "$@"; local rc=$?
  local dt; dt=$(since "$t")
  printf '%s\t%s\t%s\n' "$name" "$rc" "$dt" >> "$TIMES"
  if [ "$rc" -ne 0 ]; then
    echo "!!! [$(elapsed)s] $name FAILED (exit $rc) after ${dt}s"
    if [ "$kind" = critical ]; then echo "!!! stopping: $name is needed by what follows"; exit "$rc"; fi
  else echo "=== [$(elapsed)s] $name ok in ${dt}s"; fi
  return 0
}
# featsr's console scripts without installing featsr (a program, so that `timeout` can run it)
FS="python3 tools/gpu/featsr_cli.py"
# environment report; fails without CUDA unless DRY is set (needs DRY)
info() {
  date -u; uname -a; echo "cpus: $(nproc)"; free -g 2>/dev/null | head -2; df -h /tmp 2>/dev/null | tail -1
  nvidia-smi || { [ "$DRY" != 0 ] || return 1; }
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv 2>/dev/null
  python3 -c "
import sys, torch, torchvision, numpy
print('python', sys.version.split()[0], sys.executable)
print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version(),
      'torchvision', torchvision.__version__, 'numpy', numpy.__version__)
ok = torch.cuda.is_available()
print('device', torch.cuda.get_device_name() if ok else 'NO CUDA', '| bf16:', ok and torch.cuda.is_bf16_supported())
if not ok and '$DRY' == '0': sys.exit('torch sees no CUDA device')"
}
# the carried pure-Python wheels into $R/site for CPython 3.12 x86-64 (torch, numpy... are the image's);
# with DRY set, the same command checked against those wheels, installing nothing (needs C, R, DRY)
install_wheels() {
  local w=("$C"/wheels/*.whl)
  if [ "$DRY" != 0 ]; then  # the same command, checked against the wheels for the device's CPython 3.12, installing nothing
    python3 -m pip install -q --dry-run --python-version 3.12 --implementation cp --platform manylinux2014_x86_64 \
      --only-binary=:all: --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$R/site" "${w[@]}" || return 1
  else python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$R/site" "${w[@]}" || return 1; fi
}

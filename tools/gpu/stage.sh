# Shared by tools/gpu/train.sh and train_video.sh (sourced): stage timing, logging and the featsr CLI runner.
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

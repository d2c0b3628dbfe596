#!/bin/bash
# What the device tool would send, and how to keep the shipped model out of it for one call.
#
#   bash tools/gpu/tree.sh size [--as-hidden] [CARRY...]   # bytes that would travel: tracked + untracked-not-ignored
#                                            # files + CARRY (default gpu_carry); --as-hidden: as if `hide` had run
#   bash tools/gpu/tree.sh hide              # take the big tracked model weights out of what travels (index only)
#   bash tools/gpu/tree.sh restore           # put them back (idempotent); run it right after the `run` call
#   bash tools/gpu/tree.sh status            # hidden or not
#
# Why: the device tool sends the tracked files too, and the shipped weights models/*.safetensors (featsr-x4's three
# 35.0 MB sets and featsr-video-x4's) are over the 64 MiB (67.1 MB) that may travel, before any carried path. The GPU
# run does not need them. `hide` untracks them in the index only (`git rm --cached`: the files stay on disk,
# untouched) and ignores them through .git/info/exclude, so they are neither tracked nor untracked-not-ignored;
# `restore` re-adds them to the index from HEAD (`git reset`) and drops the exclude lines.
# While hidden, `git status` shows them as staged deletions: DO NOT COMMIT until `restore` has run.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
LIMIT=$((64 * 1024 * 1024))
BEGIN='# >>> featsr tools/gpu/tree.sh hide (remove with: bash tools/gpu/tree.sh restore)'
END='# <<< featsr tools/gpu/tree.sh hide'
EXCL=$(git rev-parse --git-path info/exclude)
big_tracked() { git ls-files -z -- 'models/*.safetensors' | tr '\0' '\n'; }
hidden() { [ -f "$EXCL" ] && sed -n "\|^$BEGIN\$|,\|^$END\$|p" "$EXCL" | grep -v '^#' || true; }

tree_bytes() {  # existing files that travel, plus the carried paths given; $SKIP: newline-separated paths left out
  { git ls-files -z --cached --others --exclude-standard; for c in "$@"; do [ -e "$c" ] && find "$c" -type f -print0; done; } |
    SKIP="${SKIP:-}" python3 -c '
import os, sys
skip = {s.encode() for s in os.environ["SKIP"].split()}
names = {n for n in sys.stdin.buffer.read().split(b"\0") if n} - skip
print(sum(os.path.getsize(n) for n in names if os.path.isfile(n) and not os.path.islink(n)))'
}

case "${1:-size}" in
  size)
    shift || true
    SKIP=; how=''
    if [ "${1:-}" = --as-hidden ]; then shift; SKIP=$(big_tracked); how=' (as if hidden)'; fi
    carry=("$@"); [ ${#carry[@]} -eq 0 ] && carry=(gpu_carry)
    n=$(SKIP="$SKIP" tree_bytes "${carry[@]}")
    printf 'would travel%s: %d bytes = %.2f MiB (limit 64 MiB = 67108864 bytes), carry: %s\n' "$how" "$n" \
      "$(awk -v n="$n" 'BEGIN{print n/1048576}')" "${carry[*]}"
    if [ "$n" -gt "$LIMIT" ]; then
      echo "OVER the 64 MiB limit."
      b=$(big_tracked); [ -n "$b" ] && echo "tracked model weights that travel: $(echo $b)  ->  bash tools/gpu/tree.sh hide"
      exit 1
    fi ;;
  hide)
    files=$(big_tracked)
    [ -z "$files" ] && { echo "nothing to hide (no tracked models/*.safetensors)"; exit 0; }
    [ -n "$(hidden)" ] && { echo "already hidden: $(echo $(hidden))"; exit 0; }
    mkdir -p "$(dirname "$EXCL")"; touch "$EXCL"
    { echo "$BEGIN"; for f in $files; do echo "/$f"; done; echo "$END"; } >> "$EXCL"
    for f in $files; do
      git rm -q --cached -- "$f"
      echo "hidden: $f (still on disk; untracked and ignored until restore)"
    done
    echo "DO NOT COMMIT now; after the run call: bash tools/gpu/tree.sh restore" ;;
  restore)
    files=$(hidden)
    if [ -n "$files" ]; then
      for f in $files; do git reset -q HEAD -- "${f#/}"; echo "restored to the index: ${f#/}"; done
      sed "\|^$BEGIN\$|,\|^$END\$|d" "$EXCL" > "$EXCL.tmp"; mv "$EXCL.tmp" "$EXCL"
    else echo "nothing hidden"; fi
    git status --short -- models ;;
  status)
    files=$(hidden)
    if [ -n "$files" ]; then echo "HIDDEN (do not commit; restore with: bash tools/gpu/tree.sh restore): $(echo $files)"
    else echo "nothing hidden"; fi ;;
  *) sed -n '2,7p' "$0"; exit 2 ;;
esac

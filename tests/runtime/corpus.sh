#!/usr/bin/env bash
# Whenever cowrap exits 0 the shard compiles: every case of the bad-input
# corpus that cowrap accepts with wrappers ("ok N", N > 0, in tests/bad-input/manifest.txt) is
# generated and compiled against the stand-in QEMU runtime (include/), with its headers as the
# prototypes the shard sees (the corpus declares no targets: implicit declarations are
# allowed). A case cowrap accepts whose code does not compile is a failure.
#
# Environment: COWRAP (the binary; required), CC (default cc).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus=$here/../bad-input
require_cowrap
CC=${CC:-cc}
make_work_folder runtime-corpus
tmp=$WORK
# What the corpus headers use beyond the runtime: QEMU's annotation macros and one include.
mkdir -p "$tmp/stub/block"
: >"$tmp/stub/block/block.h"
defines=(-DQEMU_WARN_UNUSED_RESULT= -DGRAPH_RDLOCK= -DGRAPH_WRLOCK=)

compiled=0
failed=0
while read -r inputs options kind count _; do
  [[ -z "$inputs" || "$inputs" == \#* || "$kind" != ok || "$count" == 0 ]] && continue
  IFS=, read -r -a files <<<"$inputs"
  args=()
  [[ "$options" != - ]] && IFS=, read -r -a args <<<"$options"
  version=900
  for a in "${args[@]}"; do
    if [[ "$a" == --dialect=qemu-* ]]; then
      version=$(awk -F'[-.]' '{ printf "%d%02d", $2, $3 }' <<<"${a#--dialect=}")
    fi
  done
  dir="$tmp/$compiled"
  mkdir -p "$dir"
  : >"$dir/wrappers.h"
  paths=()
  for h in "${files[@]}"; do
    paths+=("$corpus/$h")
    echo "#include \"$corpus/$h\"" >>"$dir/wrappers.h"
  done
  if ! "$COWRAP" generate --no-cache "${args[@]}" -o "$dir/gen.c" "${paths[@]}" 2>"$dir/log"; then
    echo "FAIL $inputs: the manifest says ok, cowrap says:" >&2
    cat "$dir/log" >&2
    failed=$((failed + 1))
    continue
  fi
  compiled=$((compiled + 1))
  if ! "$CC" -std=gnu11 -fsyntax-only -Wno-implicit-function-declaration \
      -DCOWRAP_QEMU_VERSION="$version" "${defines[@]}" -I"$here/include" -I"$here" \
      -I"$tmp/stub" -I"$dir" "$dir/gen.c" >"$dir/log" 2>&1; then
    echo "FAIL $inputs ($options): cowrap exited 0 but its shard does not compile:" >&2
    head -5 "$dir/log" | cut -c1-300 >&2
    failed=$((failed + 1))
  fi
done <"$corpus/manifest.txt"
echo "runtime-corpus: $compiled accepted corpus cases compiled, $failed failures"
((compiled > 0 && failed == 0))

#!/usr/bin/env bash
# ccache across build folders: the same shards, generated and compiled in two
# checkouts of a QEMU-like tree at different places (inputs given as absolute paths, as the
# CMake front-end does, and with --line-directives), are all ccache hits the second time
# with CCACHE_BASEDIR. A shard that named its build folder or the checkout would miss.
#
#   bash tests/reliability/ccache.sh     (needs $COWRAP, ccache and a C compiler)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runtime=$(cd "$reliability_dir/../runtime" && pwd)
command -v ccache >/dev/null || { echo "FAIL: ccache is not installed (scripts/setup.sh)" >&2; exit 1; }
CC=${CC:-cc}

export CCACHE_DIR=$work/ccache CCACHE_BASEDIR=$work CCACHE_NOHASHDIR=1
unset CCACHE_PREFIX CCACHE_DISABLE CCACHE_RECACHE CCACHE_READONLY
ccache -M 50M >/dev/null

# checkout DIR: a tree with two marked headers and the wrappers.h the stand-in runtime wants.
checkout() {
  mkdir -p "$1/include/block" "$1/block" "$1/build"
  echo 10.0.2 >"$1/VERSION"
  cp "$runtime/modern/block.h" "$1/include/block/io.h"
  cp "$runtime/modern/locks.h" "$1/include/block/locks.h"
  printf '#include "block/io.h"\n#include "block/locks.h"\n' >"$1/include/wrappers.h"
}
checkout "$work/alice/qemu"
checkout "$work/bob/src/qemu"

# build TREE: generates one shard per header in TREE/build and compiles each through ccache.
build() {
  local tree=$1 h
  for h in io locks; do
    (cd "$tree/build" && "$COWRAP" generate --no-cache --line-directives -o "$h.c" \
      "$tree/include/block/$h.h" && ccache "$CC" -std=gnu11 -c -DCOWRAP_QEMU_VERSION=900 \
      -I"$tree/include" -I"$runtime/include" -I"$runtime" -o "$h.o" "$h.c") ||
      soft_fail "$tree: $h.c does not build"
  done
}
build "$work/alice/qemu"
ccache -z >/dev/null
build "$work/bob/src/qemu"

stats=$(ccache --print-stats)
stat() { awk -v k="$1" '$1 == k { print $2 }' <<<"$stats"; }
hits=$(( $(stat direct_cache_hit) + $(stat preprocessed_cache_hit) ))
misses=$(stat cache_miss)
cmp -s "$work/alice/qemu/build/io.c" "$work/bob/src/qemu/build/io.c" ||
  soft_fail "the shards differ between the checkouts"
((hits == 2 && misses == 0)) || soft_fail "second build: $hits hits, $misses misses (want 2, 0)"
echo "ccache: second build $hits hits, $misses misses; $failures failures"
((failures == 0))

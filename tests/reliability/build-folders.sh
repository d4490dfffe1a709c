#!/usr/bin/env bash
# Shards independent of the build folder: one header of a QEMU-like tree (VERSION,
# include/block, block) generated in-tree, from a nested build folder, from a sibling folder
# and with an absolute path gives the same bytes, with and without --line-directives, and
# the dialect comes from the tree's VERSION. Outside a QEMU tree, --source-root does the same.
#
#   bash tests/reliability/build-folders.sh     (needs $COWRAP)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runtime=$(cd "$reliability_dir/../runtime" && pwd)

cd "$work"
mkdir -p qemu/include/block qemu/block qemu/build/sub sibling elsewhere plain/inc plain/out/deep
echo 8.1.50 >qemu/VERSION  # master after 8.1: qemu-8.2
cp "$runtime/modern/block.h" qemu/include/block/io.h
cp "$runtime/modern/block.h" plain/inc/io.h

# gen NAME DIR INPUT ARGS...: generates from DIR into $work/gen/NAME.c (and NAME-line.c with
# --line-directives), with a depfile.
mkdir gen
gen() {
  local name=$1 dir=$2 input=$3
  shift 3
  (cd "$dir" && "$COWRAP" generate --no-cache -o "$work/gen/$name.c" \
    --depfile "$work/gen/$name.d" "$@" "$input") || soft_fail "$name: cowrap failed"
  (cd "$dir" && "$COWRAP" generate --no-cache --line-directives -o "$work/gen/$name-line.c" \
    "$@" "$input") || soft_fail "$name: cowrap --line-directives failed"
}
gen in-tree qemu include/block/io.h
gen nested qemu/build/sub ../../include/block/io.h
gen sibling sibling ../qemu/include/block/io.h
gen absolute elsewhere "$work/qemu/include/block/io.h"
# The drop-in form, as Meson runs it from the build folder.
(cd qemu/build && "$COWRAP" "$work/gen/drop-in.c" ../include/block/io.h) || soft_fail "drop-in failed"

for name in nested sibling absolute drop-in; do
  cmp -s gen/in-tree.c "gen/$name.c" || { soft_fail "$name differs from in-tree"; diff gen/in-tree.c "gen/$name.c" | head -6 >&2 || true; }
done
for name in nested sibling absolute; do
  cmp -s gen/in-tree-line.c "gen/$name-line.c" ||
    { soft_fail "$name --line-directives differs from in-tree"; diff gen/in-tree-line.c "gen/$name-line.c" | head -6 >&2 || true; }
  # The depfile names the header as given: it must exist from the build folder.
  grep -q "io.h" "gen/$name.d" || soft_fail "$name: the depfile does not name the header"
done
grep -q ' \*   include/block/io.h$' gen/in-tree.c || soft_fail "the file comment does not name include/block/io.h"
grep -q 'Dialect qemu-8.2' gen/in-tree.c || soft_fail "VERSION 8.1.50 did not pick qemu-8.2"
grep -q '^#line [0-9]* "include/block/io.h"$' gen/in-tree-line.c ||
  soft_fail "#line does not name include/block/io.h: $(grep -m1 '^#line' gen/in-tree-line.c)"
if grep -lE "$work|\.\./" gen/*.c; then soft_fail "a shard names a build folder"; fi
note=$(cd qemu/build/sub && "$COWRAP" generate -v --no-cache -o "$work/gen/v.c" ../../include/block/io.h 2>&1 |
  grep 'note: dialect') || true
[[ "$note" == *"from ../../VERSION: 8.1.50 → qemu-8.2"* ]] || soft_fail "-v says: $note"
# The cache's run record says it too.
(cd qemu/build && "$COWRAP" generate --cache "$work/cache.db" -o "$work/gen/cached.c" ../include/block/io.h) ||
  soft_fail "cached run failed"
shown=$("$COWRAP" show --cache "$work/cache.db" bdrv_pread 2>&1) || true
[[ "$shown" == *"qemu-8.2, from $work/qemu/VERSION: 8.1.50"* ]] || soft_fail "cache show says: $(grep output <<<"$shown")"

# A VERSION cowrap cannot use: exit 2, the file and its content named, --dialect suggested,
# nothing written; --dialect then works.
for bad in 4.2.0 garbage ""; do
  echo "$bad" >qemu/VERSION
  rc=0
  (cd qemu/build && "$COWRAP" "$work/gen/bad.c" ../include/block/io.h) 2>err.log || rc=$?
  ((rc == 2)) || soft_fail "VERSION '$bad': exit $rc, want 2"
  grep -qF "'../VERSION' holds '$bad'" err.log || soft_fail "VERSION '$bad': $(cat err.log)"
  grep -qF -- "--dialect" err.log || soft_fail "VERSION '$bad': no word of --dialect: $(cat err.log)"
  [[ ! -e gen/bad.c ]] || soft_fail "VERSION '$bad': an output was written"
  (cd qemu/build && "$COWRAP" generate --no-cache --dialect qemu-9.0 -o "$work/gen/bad.c" ../include/block/io.h) ||
    soft_fail "VERSION '$bad' with --dialect failed"
  rm -f gen/bad.c
done
echo 8.1.50 >qemu/VERSION

# No QEMU tree: --source-root gives the root.
gen p-top plain inc/io.h --source-root .
gen p-nested plain/out/deep ../../inc/io.h --source-root ../..
gen p-abs elsewhere "$work/plain/inc/io.h" --source-root "$work/plain"
for name in p-nested p-abs; do
  cmp -s gen/p-top.c "gen/$name.c" || { soft_fail "$name differs from p-top"; diff gen/p-top.c "gen/$name.c" | head -6 >&2 || true; }
  cmp -s gen/p-top-line.c "gen/$name-line.c" || soft_fail "$name --line-directives differs from p-top"
done
grep -q '^#line [0-9]* "inc/io.h"$' gen/p-top-line.c || soft_fail "--source-root: #line does not name inc/io.h"
grep -q 'Dialect qemu-9.0' gen/p-top.c || soft_fail "no tree: not the newest dialect"

echo "build-folders: $(ls gen/*.c | wc -l) shards compared; $failures failures"
((failures == 0))

#!/usr/bin/env bash
# Determinism (docs/reliability.md, guarantee 7): the same headers generated from different build folders
# (at different depths, so the relative input paths differ), at different times, with
# different TZ, locale, umask and SOURCE_DATE_EPOCH, from a copy of the binary in another
# place, with the cache off, cold and warm, give byte-identical shards, in every dialect.
#
#   bash tests/reliability/determinism.sh     (needs $COWRAP)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$work"
mkdir -p src/include/block
for k in 0 1 2; do header "$k" A 30 >"src/include/block/s$k.h"; done
# Headers for the older dialects: only the legacy mark, int return, P1 a BlockDriverState.
awk 'BEGIN { for (i = 0; i < 20; i++)
  printf "int coroutine_fn generated_co_wrapper bdrv_legacy%d(BlockDriverState *bs, int64_t o);\n", i }' \
  >src/include/block/legacy.h
# Headers for qemu-8.0 and 8.1: no no_co lock variants.
awk 'BEGIN { for (i = 0; i < 20; i++) {
  printf "int co_wrapper_mixed_bdrv_rdlock bdrv_mid%d(BdrvChild *c, int64_t o);\n", i
  printf "int no_co_wrapper bdrv_co_midn%d(BlockBackend *blk);\n", i } }' >src/include/block/mid.h

# shards_for DIALECT: the headers that dialect accepts.
shards_for() {
  case $1 in
    qemu-5.2 | qemu-6.1 | qemu-6.2) echo legacy ;;
    qemu-8.0 | qemu-8.1) echo mid ;;
    *) echo "s0 s1 s2 mid" ;;
  esac
}
dialects=$("$COWRAP" dialects | grep -oE 'qemu-[0-9]+\.[0-9]+' | sort -u)
[[ -n "$dialects" ]] || dialects="qemu-5.2 qemu-6.1 qemu-6.2 qemu-8.0 qemu-8.1 qemu-8.2 qemu-9.0"

locales=$(locale -a 2>/dev/null || true)
pick_locale() {
  local l
  for l in "$@"; do
    if grep -qixF "$l" <<<"$locales"; then echo "$l"; return; fi
  done
  echo C
}
loc_a=$(pick_locale C POSIX)
loc_b=$(pick_locale tr_TR.utf8 de_DE.utf8 fr_FR.utf8 C.utf8 en_US.utf8)

mkdir -p other/bin
cp "$COWRAP" other/bin/cowrap

# build NAME DEPTH BINARY CACHE-MODE ENV...: generates every shard of every dialect from
# build folder NAME (DEPTH folders below $work), naming the inputs relative to it.
build() {
  local name=$1 depth=$2 bin=$3 cache=$4
  shift 4
  local dir=$work/$name up="" i
  for ((i = 0; i < depth; i++)); do up+="../"; done
  mkdir -p "$dir/gen"
  local d h cache_args
  for d in $dialects; do
    for h in $(shards_for "$d"); do
      case $cache in
        off) cache_args=(--no-cache) ;;
        *) cache_args=(--cache "$dir/cache.db") ;;
      esac
      (cd "$dir" && env "$@" "$bin" generate -o "gen/$d-$h.c" --depfile "gen/$d-$h.d" \
        --dialect "$d" "${cache_args[@]}" "${up}src/include/block/$h.h") ||
        soft_fail "$name: $d $h failed"
    done
  done
  if [[ $cache == warm ]]; then  # and once more from the warm cache
    for d in $dialects; do
      for h in $(shards_for "$d"); do
        (cd "$dir" && env "$@" "$bin" generate -o "gen/$d-$h.c" --dialect "$d" \
          --cache "$dir/cache.db" "${up}src/include/block/$h.h") || soft_fail "$name: warm $d $h failed"
      done
    done
  fi
}

(umask 022 && build build-a 1 "$COWRAP" off TZ=UTC LC_ALL="$loc_a" LANG="$loc_a")
sleep 1.1
(umask 077 && build deep/er/build-b 3 "$work/other/bin/cowrap" cold TZ=Pacific/Chatham \
  LC_ALL="$loc_b" LANG="$loc_b" SOURCE_DATE_EPOCH=1)
sleep 1.1
(umask 002 && build x/build-c 2 "$COWRAP" warm TZ=America/St_Johns LC_ALL="$loc_b" \
  SOURCE_DATE_EPOCH=2000000000 HOME=/nonexistent)

compared=0
for f in build-a/gen/*.c; do
  base=${f#build-a/gen/}
  for other in deep/er/build-b x/build-c; do
    compared=$((compared + 1))
    if ! cmp -s "$f" "$other/gen/$base"; then
      soft_fail "$base differs between build-a and $other"
      diff "$f" "$other/gen/$base" | head -6 >&2
    fi
  done
done
n=$(ls build-a/gen/*.c | wc -l)
((n >= 7)) || soft_fail "only $n shards generated"
# No absolute path of the build folder or the binary may appear in a shard.
if grep -lE "$work|/build-|other/bin" build-a/gen/*.c deep/er/build-b/gen/*.c x/build-c/gen/*.c 2>/dev/null; then
  soft_fail "a shard names a build folder or the binary"
fi
echo "determinism: $n shards x 3 builds ($compared comparisons), locales $loc_a / $loc_b," \
  "modes $(stat -c %a build-a/gen/qemu-9.0-s0.c 2>/dev/null)/$(stat -c %a deep/er/build-b/gen/qemu-9.0-s0.c 2>/dev/null);" \
  "$failures failures"
((failures == 0))

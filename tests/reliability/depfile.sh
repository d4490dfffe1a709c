#!/usr/bin/env bash
# Depfiles as Make and Ninja read them: paths with a space, '#',
# '$' and ':' are escaped so that both see the real files (and the cowrap binary, so a new
# cowrap reruns the step); a path with a newline is refused; and two runs writing one output
# from two different headers at once always leave a depfile that describes the output beside it.
#
#   bash tests/reliability/depfile.sh     (needs $COWRAP; uses ninja and make when present)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$work"

odd='we:ird d#ir$x'
mkdir -p "$odd" out
printf 'int co_wrapper bdrv_odd(BlockDriverState *bs);\n' >"$odd/a:b c.h"
cowrap_real=$(readlink -f "$COWRAP")

# Ninja: reads the depfile (deps = gcc) and must list the header and the binary verbatim.
if command -v ninja >/dev/null; then
  cat >build.ninja <<NINJA
rule cowrap
  command = $cowrap_real generate --no-cache -o \$out --depfile \$out.d \$in
  depfile = \$out.d
  deps = gcc
build out/odd.c: cowrap we\$:ird\$ d#ir\$\$x/a\$:b\$ c.h
NINJA
  ninja -d keepdepfile >/dev/null || soft_fail "ninja could not run cowrap"
  deps=$(ninja -t deps out/odd.c)
  grep -qxF "    $odd/a:b c.h" <<<"$deps" || soft_fail "ninja does not see the header: $deps"
  grep -qxF "    $cowrap_real" <<<"$deps" || soft_fail "ninja does not see the cowrap binary: $deps"
  [ "$(ninja -n | grep -c cowrap || true)" = 0 ] || soft_fail "ninja reruns an up-to-date step"
  touch "$cowrap_real.stamp-check" && rm -f "$cowrap_real.stamp-check"
  rm -f build.ninja .ninja_log .ninja_deps
fi

# GNU make: the depfile included as it is must parse and name the same files.
"$COWRAP" generate --no-cache -o out/odd.c --depfile out/odd.d "$odd/a:b c.h"
if command -v make >/dev/null; then
  printf 'include out/odd.d\n' >Makefile
  db=$(make -pq 2>&1 || true)
  if grep -q 'target pattern\|missing separator\|\*\*\*' <<<"$db"; then soft_fail "make cannot read the depfile: $(grep '\*\*\*' <<<"$db")"; fi
  line=$(grep -a '^out/odd.c:' <<<"$db" | head -1 || true)
  grep -qF "$odd/a:b c.h" <<<"$(sed 's/\\ / /g' <<<"$line")" || soft_fail "make does not see the header: $line"
  grep -qF "$cowrap_real" <<<"$line" || soft_fail "make does not see the cowrap binary: $line"
fi

# A newline in an input path or a depfile target cannot be written in a depfile: refused,
# nothing written.
nl=$'new\nline.h'
cp "$odd/a:b c.h" "$nl"
rc=0
"$COWRAP" generate --no-cache -o out/nl.c --depfile out/nl.d "$nl" 2>err.txt || rc=$?
[ "$rc" = 1 ] || soft_fail "a newline in an input path: exit $rc, want 1"
grep -q "newline" err.txt || soft_fail "a newline in an input path: $(cat err.txt)"
rc=0
"$COWRAP" generate --no-cache -o out/nl.c --depfile out/nl.d --depfile-target $'a\nb' \
  "$odd/a:b c.h" 2>err.txt || rc=$?
[ "$rc" = 1 ] || soft_fail "a newline in the depfile target: exit $rc, want 1"
[ ! -e out/nl.c ] && [ ! -e out/nl.d ] || soft_fail "a refused depfile left files behind"

# Two runs writing one output from two headers at once: the depfile always names the header
# whose wrapper the output holds.
printf 'int co_wrapper bdrv_from_one(BlockDriverState *bs);\n' >one.h
printf 'int co_wrapper bdrv_from_two(BlockDriverState *bs);\n' >two.h
mismatched=0
for round in $(seq 1 40); do
  "$COWRAP" generate --no-cache -o out/race.c --depfile out/race.d one.h &
  a=$!
  "$COWRAP" generate --no-cache -o out/race.c --depfile out/race.d two.h &
  b=$!
  wait "$a" "$b" || soft_fail "round $round: a run failed"
  if grep -q bdrv_from_one out/race.c; then want=one.h; else want=two.h; fi
  grep -qE "^  $want( \\\\)?\$" out/race.d || mismatched=$((mismatched + 1))
done
((mismatched == 0)) || soft_fail "$mismatched of 40 rounds left a depfile for the other output"

((failures == 0)) && echo "depfile: ok"
((failures == 0))

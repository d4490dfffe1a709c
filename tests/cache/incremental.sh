# Edit a comment: the shard is not rewritten and `why` says why. Change one parameter: only that
# shard is rewritten and `why` names the declaration.
source "$(dirname "$0")/lib.sh"

export COWRAP_CACHE=$WORK/build/cowrap-cache.db
mkdir -p build
header block/a.h bdrv_alpha bdrv_beta
header block/b.h bdrv_gamma

gen() { "$COWRAP" generate -o "build/$1.c" "block/$1.h"; }
gen a
gen b
reference ref-a.c block/a.h
cmp build/a.c ref-a.c || fail "cached output differs from the uncached one"

a_before=$(mtime build/a.c)
b_before=$(mtime build/b.c)
sleep 0.05

# 1. A comment edit.
sed -i 's|/\* bdrv_alpha does something. \*/|/* bdrv_alpha does something else. */|' block/a.h
gen a
gen b
[ "$(mtime build/a.c)" = "$a_before" ] || fail "a comment edit rewrote build/a.c"
[ "$(mtime build/b.c)" = "$b_before" ] || fail "build/b.c was rewritten"
why=$("$COWRAP" cache why build/a.c)
expect_contains "$why" "left alone"
expect_contains "$why" "block/a.h changed, but no declaration did"
expect_contains "$(head -2 <<<"$why" | tail -1)" "left alone"

# 2. One parameter changes in b.h.
sed -i 's/int64_t bytes);/int64_t count);/' block/b.h
gen a
gen b
[ "$(mtime build/a.c)" = "$a_before" ] || fail "build/a.c was rewritten for a change in b.h"
[ "$(mtime build/b.c)" != "$b_before" ] || fail "build/b.c was not rewritten"
reference ref-b.c block/b.h
cmp build/b.c ref-b.c || fail "cached output differs from the uncached one"
why=$("$COWRAP" cache why build/b.c)
expect_contains "$(sed -n 2p <<<"$why")" "rewritten"
expect_contains "$(sed -n 3p <<<"$why")" "changed: bdrv_gamma"

# 3. A wrapper added and one removed.
header block/a.h bdrv_alpha bdrv_delta
gen a
why=$("$COWRAP" cache why build/a.c)
expect_contains "$why" "added: bdrv_delta"
expect_contains "$why" "removed: bdrv_beta"
reference ref-a.c block/a.h
cmp build/a.c ref-a.c || fail "cached output differs from the uncached one"

stats=$("$COWRAP" cache print)
expect_contains "$stats" "outputs_unchanged	3"
"$COWRAP" cache verify >/dev/null || fail "verify found problems"
echo "ok"

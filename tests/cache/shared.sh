# The cache never changes a run's outcome: a shared cache must not fail a
# run that passes with --no-cache. The cross-shard duplicate check compares only the outputs of
# one --shard-group (one build target), and headers by identity, not by spelling.
source "$(dirname "$0")/lib.sh"

export COWRAP_CACHE=$WORK/shared.db

# passes NAME ARGS...: generate exits 0 with the cache and gives what --no-cache gives.
passes() {
    local name=$1 rc=0 out
    shift
    out=$("$COWRAP" generate "$@" 2>&1) || rc=$?
    [ "$rc" = 0 ] || fail "$name: exit $rc with the cache: $out"
    local o
    for ((i = 1; i <= $#; i++)); do
        if [ "${!i}" = -o ]; then
            ((i++))
            o=${!i}
        fi
    done
    cp "$o" cached.c
    "$COWRAP" generate --no-cache "$@" || fail "$name: fails without the cache too"
    cmp -s "$o" cached.c || fail "$name: the cached output differs from --no-cache"
}

# Two checkouts of one tree, each building into its own folder, sharing one cache.
for c in 1 2; do header "src$c/block.h" bdrv_foo bdrv_bar; mkdir -p "b$c"; done
passes "checkout 1, cold" -o b1/block.c src1/block.h
passes "checkout 2, cold" -o b2/block.c src2/block.h
passes "checkout 1, warm" -o b1/block.c src1/block.h
passes "checkout 2, warm" -o b2/block.c src2/block.h
# Even when each build names its target (the groups of two build folders differ).
passes "checkout 1, grouped" --shard-group "$WORK/b1:block" -o b1/block.c src1/block.h
passes "checkout 2, grouped" --shard-group "$WORK/b2:block" -o b2/block.c src2/block.h

# Two test programs of one tree, each declaring bdrv_foo: not linked together.
header tests/test-a.h bdrv_foo
header tests/test-b.h bdrv_foo
passes "test program a" -o test-a.c tests/test-a.h
passes "test program b" -o test-b.c tests/test-b.h
passes "test program a, own group" --shard-group test-a -o test-a.c tests/test-a.h
passes "test program b, own group" --shard-group test-b -o test-b.c tests/test-b.h

# The same header through a symlinked folder, in one group: one file, not a duplicate.
header real/io.h bdrv_io_a bdrv_io_b
ln -s real linked
passes "header through its folder" --shard-group lib -o io-real.c real/io.h
passes "header through a symlinked folder" --shard-group lib -o io-linked.c linked/io.h
passes "header through its folder, again" --shard-group lib -o io-real.c real/io.h
# The cache knows an output by what it is, not how it is spelled: `why` through the link.
mkdir -p out-real
ln -s out-real out-linked
passes "output in a folder" -o out-real/io.c real/io.h
why=$("$COWRAP" cache why out-linked/io.c 2>&1) || fail "cache why through a symlinked folder: $why"
expect_contains "$why" "1 run"

# Where the check means something, it stays: two shards of one target defining one wrapper.
header lib/one.h bdrv_twice
header lib/two.h bdrv_twice
passes "first shard of lib" --shard-group lib2 -o one.c lib/one.h
err=$(must_fail "$COWRAP" generate --shard-group lib2 -o two.c lib/two.h) ||
    fail "a duplicate within one group: want exit 1: $err"
expect_contains "$err" "error: wrapper 'bdrv_twice' is also defined in lib/one.h:5"
[ ! -e two.c ] || fail "an output was written despite the error"
# An output taken as it is (its inputs unchanged) is checked too: two shards that declared one
# wrapper outside any group, rerun unchanged as shards of one group, fail at the second.
header lib/three.h bdrv_thrice
header lib/four.h bdrv_thrice
for round in 1 2; do
    passes "no group, round $round (three)" -o three.c lib/three.h
    passes "no group, round $round (four)" -o four.c lib/four.h
done
passes "first unchanged shard of lib3" --shard-group lib3 -o three.c lib/three.h
err=$(must_fail "$COWRAP" generate --shard-group lib3 -o four.c lib/four.h) ||
    fail "an unchanged output whose wrapper another shard of its group defines: want exit 1: $err"
expect_contains "$err" "error: wrapper 'bdrv_thrice' is also defined in lib/three.h:5"
# ...and an empty group name is a usage error, not "no group".
rc=0
"$COWRAP" generate --shard-group "" -o empty.c lib/two.h 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--shard-group '': exit $rc, want 2"
# Switching --dialect on a warm cache gives each dialect's own output, never the other's.
printf 'int co_wrapper_mixed bdrv_dia(BlockDriverState *bs, int64_t o);\n' >dia.h
for round in 1 2; do
    for d in qemu-8.0 qemu-9.0 qemu-8.1; do
        passes "--dialect $d on a warm cache, round $round" --dialect "$d" -o dia.c dia.h
    done
done
"$COWRAP" generate --dialect qemu-8.0 --no-cache -o dia80.c dia.h
"$COWRAP" generate --dialect qemu-9.0 --no-cache -o dia90.c dia.h
! cmp -s dia80.c dia90.c || fail "the dialects give the same code: the switch tests nothing"
echo "cache-shared: ok"

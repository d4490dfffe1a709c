# The inspection commands from the command line: --cache and COWRAP_CACHE, each command's
# output on a small build, and the errors for a missing or unnamed database.
source "$(dirname "$0")/lib.sh"

header block/io.h bdrv_pread bdrv_pwrite
cat >>block/io.h <<'H'
int no_co_wrapper_bdrv_rdlock bdrv_co_flush_all(BlockDriverState *bs);
H

# The drop-in form takes the cache from the environment; --no-cache wins over it.
COWRAP_CACHE=$WORK/env.db "$COWRAP" io-gen.c block/io.h
[ -f env.db ] || fail "COWRAP_CACHE was not used by the drop-in form"
COWRAP_CACHE=$WORK/unused.db "$COWRAP" generate --no-cache -o plain.c block/io.h
[ ! -e unused.db ] || fail "--no-cache still created a cache"
cmp io-gen.c plain.c || fail "cached and uncached outputs differ"

C=(--cache "$WORK/c.db")
"$COWRAP" generate "${C[@]}" -o io.c block/io.h
"$COWRAP" generate "${C[@]}" -o io.c block/io.h

stats=$("$COWRAP" cache stats "${C[@]}")
expect_contains "$stats" "Wrappers:                    3"
expect_contains "$stats" "  Hits:                      3 /        6 ( 50.00 %)"
expect_contains "$stats" "io.c, left alone in"

tab=$("$COWRAP" cache print "${C[@]}")
expect_contains "$tab" "wrappers	3"
expect_contains "$tab" "runs	2"
json=$("$COWRAP" cache print --format json "${C[@]}")
[ "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"])' <<<"$json")" = 3 ] ||
    fail "print --format json: $json"

[ "$("$COWRAP" cache zero "${C[@]}")" = "Statistics zeroed" ] || fail "zero does not just confirm"
expect_contains "$("$COWRAP" cache print "${C[@]}")" "runs	0"

ls=$("$COWRAP" cache ls "${C[@]}")
expect_contains "$(head -1 <<<"$ls")" "WRAPPER"
expect_contains "$ls" "bdrv_co_flush_all"
expect_contains "$ls" "block/io.h:5"
lsj=$("$COWRAP" cache ls --format json --header block/io.h "${C[@]}")
[ "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["wrappers"]))' <<<"$lsj")" = 3 ] ||
    fail "ls --format json --header: $lsj"
[ "$("$COWRAP" cache ls --format json --header other.h "${C[@]}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["wrappers"])')" = "[]" ] || fail "ls --header other.h"

show=$("$COWRAP" show bdrv_co_flush "${C[@]}" 2>&1 || true)
expect_contains "$show" "no wrapper or target named 'bdrv_co_flush'"
show=$("$COWRAP" show bdrv_flush_all "${C[@]}")  # the target of bdrv_co_flush_all
expect_contains "$show" "bdrv_co_flush_all (no_co_wrapper_bdrv_rdlock)"
expect_contains "$show" "declared at  block/io.h:"
expect_contains "$show" "output       io.c (qemu-9.0)"
expect_contains "$show" "bdrv_graph_rdlock_main_loop();"

why=$("$COWRAP" cache why io.c "${C[@]}")
expect_contains "$why" "io.c: 2 runs, newest first"
set +e
"$COWRAP" cache why nothing.c "${C[@]}" >/dev/null
[ $? = 1 ] || fail "why on an unknown output should exit 1"
set -e

# why shows an edited declaration as a diff (one parameter a line), coloured only on request.
sed -i 's/bdrv_pread(BlockDriverState \*bs, int64_t offset,/bdrv_pread(BlockDriverState *bs, uint64_t offset,/' block/io.h
"$COWRAP" generate "${C[@]}" -o io.c block/io.h
why=$("$COWRAP" cache why io.c "${C[@]}")
expect_contains "$(sed -n 3,5p <<<"$why")" "    changed: bdrv_pread
    --- bdrv_pread (before)
    +++ bdrv_pread (now)"
[ "$(grep -A1 -xF -- "    -    int64_t offset ," <<<"$why")" = "    -    int64_t offset ,
    +    uint64_t offset ," ] || fail "no diff of the edited parameter in:
$why"
expect_not_contains "$why" $'\e['
expect_contains "$("$COWRAP" cache why --color=always io.c "${C[@]}")" $'    \e[31m-    int64_t offset ,\e[m'
# A failed run: why shows what it printed; the next successful run says it followed a failure.
sed -i 's/bdrv_pread(BlockDriverState \*bs,/bdrv_pread(BlockDriverState *,/' block/io.h
if "$COWRAP" generate "${C[@]}" -o io.c block/io.h 2>failed.err; then fail "an unnamed parameter was accepted"; fi
grep -q "block/io.h:.*: error: parameter 'BlockDriverState \*' has no name" failed.err || fail "$(cat failed.err)"
why=$("$COWRAP" cache why io.c "${C[@]}")
expect_contains "$(sed -n 2,3p <<<"$why")" "failed"
[ "$(sed -n '4,$p' <<<"$why" | head -n "$(wc -l <failed.err)")" = "$(sed 's/^/      /' failed.err)" ] ||
    fail "why does not show what the failed run printed ($(cat failed.err)):
$why"
sed -i 's/bdrv_pread(BlockDriverState \*,/bdrv_pread(BlockDriverState *bs,/' block/io.h
"$COWRAP" generate "${C[@]}" -o io.c block/io.h
expect_contains "$("$COWRAP" cache why io.c "${C[@]}" | sed -n 3p)" "the run before failed; this one had no errors"

expect_contains "$("$COWRAP" cache verify "${C[@]}")" "no problems"
echo "/* edited */" >>io.c
set +e
verify=$("$COWRAP" cache verify "${C[@]}")
rc=$?
set -e
[ "$rc" = 1 ] || fail "verify missed an edited output"
expect_contains "$verify" "problem: output io.c differs from what cowrap last wrote"

[ "$("$COWRAP" cache clear "${C[@]}")" = "Cache cleared" ] || fail "clear"
expect_contains "$("$COWRAP" cache print "${C[@]}")" "wrappers	0"

# Errors: no database given, a database that does not exist.
set +e
err=$(env -u COWRAP_CACHE "$COWRAP" cache stats 2>&1)
rc=$?
set -e
[ "$rc" = 2 ] || fail "no --cache: exit $rc"
expect_contains "$err" "use --cache PATH or set COWRAP_CACHE"
for cmd in "cache stats" "cache print" "cache zero" "cache ls" "cache why x.c" "cache verify" \
    "cache gc" "cache clear" "show x"; do
    set +e
    # shellcheck disable=SC2086
    err=$(COWRAP_CACHE=$WORK/missing.db "$COWRAP" $cmd 2>&1)
    rc=$?
    set -e
    [ "$rc" = 1 ] || fail "$cmd on a missing database: exit $rc"
    expect_contains "$err" "no cache database at '$WORK/missing.db'"
    [ ! -e missing.db ] || fail "$cmd created the database"
done
echo "ok"

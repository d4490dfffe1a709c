# Rename a header: its shard is generated again (the run key names the inputs as given), and
# no duplicate is reported against the old name. Delete a header (and its shard): `gc` forgets both.
source "$(dirname "$0")/lib.sh"

export COWRAP_CACHE=$WORK/cache.db
header old.h bdrv_alpha bdrv_beta
header other.h bdrv_gamma
"$COWRAP" generate --shard-group lib -o a.c old.h
"$COWRAP" generate --shard-group lib -o other.c other.h

# Rename.
mv old.h new.h
"$COWRAP" generate --shard-group lib -o a.c new.h || fail "renaming a header broke the build"
reference ref.c new.h
cmp a.c ref.c || fail "cached output differs from the uncached one"
runs=$("$COWRAP" cache why a.c)
expect_contains "$(sed -n 2p <<<"$runs")" "0 hits, 2 misses, 1 header parsed, 0 reused"
expect_contains "$runs" "new inputs: new.h"
expect_contains "$runs" "inputs no longer given: old.h"
ls=$("$COWRAP" cache ls --header new.h)
expect_contains "$ls" "new.h:"
expect_not_contains "$ls" "old.h:"

# The same wrapper moving to another shard's header is fine once the old place lost it...
header other.h bdrv_gamma bdrv_beta
header new.h bdrv_alpha
"$COWRAP" generate --shard-group lib -o other.c other.h || fail "a wrapper that moved was reported twice"
"$COWRAP" generate --shard-group lib -o a.c new.h

# ...but a wrapper defined in two shards' headers at once is an error naming both.
header third.h bdrv_alpha
err=$(must_fail "$COWRAP" generate --shard-group lib -o third.c third.h) ||
    fail "duplicate across shards: want exit 1: $err"
expect_contains "$err" "third.h:5:"
expect_contains "$err" "error: wrapper 'bdrv_alpha' is also defined in new.h:5 (generated into a.c)"
[ ! -e third.c ] || fail "an output was written despite the error"
rm third.h

# Delete a header and its shard; gc forgets them (and old.h, third.h, gone already).
before=$("$COWRAP" cache print)
expect_contains "$before" "headers	4"
rm other.h other.c
gc=$("$COWRAP" cache gc)
expect_contains "$gc" "Removed 3 headers, 2 outputs"  # third.c: its failed run
after=$("$COWRAP" cache print)
expect_contains "$after" "headers	1"
expect_contains "$after" "outputs	1"
ls=$("$COWRAP" cache ls)
expect_not_contains "$ls" "bdrv_gamma"
expect_contains "$ls" "bdrv_alpha"
"$COWRAP" cache verify >/dev/null || fail "verify found problems after gc"

# --older-than drops everything not used since.
expect_contains "$("$COWRAP" cache gc --older-than 1h)" "Removed 0 headers, 0 outputs"
set +e
"$COWRAP" cache gc --older-than 5y >/dev/null 2>&1
[ $? = 2 ] || fail "a bad age was accepted"
set -e
echo "ok"

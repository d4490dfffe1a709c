# A damaged or unusable cache: a truncated database, a file of random bytes, a database of a
# newer schema, a read-only database and a read-only folder. Each run gives the right output,
# exactly one warning and exit 0; `cache verify` then exits 1 and names the problem.
source "$(dirname "$0")/lib.sh"

# The permission cases run as nobody when we are root: copy the binary where nobody can run it.
chmod 755 "$WORK"
mkdir bin
cp "$COWRAP" bin/cowrap
COWRAP=$WORK/bin/cowrap

names=()
for i in $(seq 1 200); do names+=("bdrv_fault_$i"); done
header in.h "${names[@]}"
reference ref.c in.h

# A fresh, healthy cache for each case: a full run, then a second one so it holds everything.
fresh() {
    rm -rf db && mkdir db
    "$COWRAP" generate --cache db/cache.db -o out.c in.h
    "$COWRAP" generate --cache db/cache.db -o out.c in.h
    rm -f out.c
}

# check CASE WANT [runner]: generate once with the cache as it is now.
check() {
    local name=$1 want=$2 run=${3:-}
    mkdir -p gen && chmod 777 gen
    rm -f gen/out.c
    set +e
    $run "$COWRAP" generate --cache db/cache.db -o gen/out.c in.h 2>err.txt
    local rc=$?
    set -e
    [ "$rc" = 0 ] || fail "$name: exit $rc: $(cat err.txt)"
    cmp -s gen/out.c ref.c || fail "$name: wrong output"
    [ "$(wc -l <err.txt)" = 1 ] || fail "$name: want exactly one warning line, got: $(cat err.txt)"
    expect_contains "$(cat err.txt)" "cowrap: warning: not using the cache"
    expect_contains "$(cat err.txt)" "$want"
    set +e
    local verify
    verify=$($run "$COWRAP" cache verify --cache db/cache.db 2>&1)
    rc=$?
    set -e
    [ "$rc" = 1 ] || fail "$name: verify exit $rc, want 1: $verify"
    expect_contains "$verify" "problem:"
    echo "$name: ok"
}

fresh
size=$(stat -c %s db/cache.db)
truncate -s $((size / 2)) db/cache.db
check truncated "truncated"

fresh
head -c 65536 /dev/urandom >db/cache.db
check random-bytes "not a database"

fresh
sqlite3 db/cache.db "PRAGMA user_version = 99"
check newer-schema "schema version 99 is newer"
verify=$("$COWRAP" cache verify --cache db/cache.db 2>&1 || true)
expect_contains "$verify" "schema version 99 is newer"
[ "$(sqlite3 db/cache.db 'PRAGMA user_version')" = 99 ] || fail "the newer database was changed"

fresh
chmod 777 db
chmod 444 db/cache.db
check read-only-database "read-only" as_user

fresh
chmod 666 db/cache.db
chmod 555 db
check read-only-folder "not writable" as_user
chmod 755 db

# A missing database is a clear error for the inspection commands.
set +e
err=$("$COWRAP" cache stats --cache nowhere.db 2>&1)
rc=$?
set -e
[ "$rc" = 1 ] || fail "stats on a missing database: exit $rc"
expect_contains "$err" "no cache database at 'nowhere.db'"
echo "ok"

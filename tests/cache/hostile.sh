# A hostile cache folder: the cache's own files are never followed
# through symbolic links, a cache path that is not a regular file (FIFO, device, folder, link)
# is one warning and a normal run, never a hang nor a file created beside a device, new files
# get the user's umask, and `cache gc --older-than` refuses an age that would overflow.
source "$(dirname "$0")/lib.sh"

header in.h bdrv_hostile_a bdrv_hostile_b
reference ref.c in.h
printf 'precious bytes of another user\n' >victim
victim_sum=$(sha256sum <victim)

# run_ok NAME CACHE: a generate with that cache exits 0 within 20 s, writes the right output
# and says at most one warning line; prints the warnings.
run_ok() {
    local name=$1 db=$2 rc=0
    rm -f gen.c
    timeout -k 2 20 "$COWRAP" generate --cache "$db" -o gen.c in.h 2>err.txt || rc=$?
    [ "$rc" = 0 ] || fail "$name: exit $rc (124: a hang): $(cat err.txt)"
    cmp -s gen.c ref.c || fail "$name: wrong output"
    [ "$(wc -l <err.txt)" -le 1 ] || fail "$name: more than one warning: $(cat err.txt)"
    cat err.txt
}
victim_intact() {
    [ "$(sha256sum <victim)" = "$victim_sum" ] || fail "$1: the file behind the link was changed"
}

# A cache whose pending files are links to the victim: a cold run, a warm run and the commands
# that store or rebuild them (stats empties the journal, gc rebuilds the digest).
for file in runs names lock keys; do
    rm -rf c && mkdir c
    "$COWRAP" generate --cache c/db -o warm.c in.h  # creates the database and its digest
    rm -f "c/db.pending/$file"
    ln -s "$WORK/victim" "c/db.pending/$file"
    run_ok "pending/$file is a link, cold run" c/db >/dev/null
    run_ok "pending/$file is a link, warm run" c/db >/dev/null
    "$COWRAP" cache stats --cache c/db >/dev/null 2>&1 || true
    "$COWRAP" cache gc --cache c/db >/dev/null 2>&1 || true
    victim_intact "pending/$file is a link"
done

# The database itself a link: a warning, the file behind it untouched.
rm -rf c && mkdir c && ln -s "$WORK/victim" c/db
expect_contains "$(run_ok "database is a link" c/db)" "symbolic link"
victim_intact "database is a link"
must_fail "$COWRAP" cache stats --cache c/db >/dev/null || fail "cache stats through a link"
victim_intact "cache stats through a link"

# The pending folder a link to another folder: nothing is written there.
rm -rf c elsewhere && mkdir c elsewhere && ln -s "$WORK/elsewhere" c/db.pending
expect_contains "$(run_ok "pending folder is a link" c/db)" "symbolic link"
[ -z "$(ls -A elsewhere)" ] || fail "files written through the pending folder's link"

# A FIFO, a folder and a device as the cache: one warning each, no hang.
rm -rf c && mkdir c && mkfifo c/db
expect_contains "$(run_ok "cache is a FIFO" c/db)" "is a FIFO, not a regular file"
rm -rf c && mkdir -p c/db
expect_contains "$(run_ok "cache is a folder" c/db)" "is a directory, not a regular file"
had_null_pending=0
[ -e /dev/null.pending ] && had_null_pending=1
expect_contains "$(run_ok "cache is /dev/null" /dev/null)" "is a character device"
if [ "$had_null_pending" = 0 ] && [ -e /dev/null.pending ]; then
    rm -rf /dev/null.pending
    fail "cache is /dev/null: /dev/null.pending was created"
fi
must_fail "$COWRAP" cache stats --cache c/db >/dev/null || fail "cache stats on a folder"

# New cache files get the user's umask.
rm -rf c && mkdir c
(umask 077 && "$COWRAP" generate --cache c/db -o cold.c in.h && "$COWRAP" cache stats --cache c/db) >/dev/null
loose=$(find c -type f -perm /077)
[ -z "$loose" ] || fail "cache files not created with the umask 077: $loose"

# --older-than is range-checked: 9223372036854775807w overflowed and emptied the cache.
rm -rf c && mkdir c
"$COWRAP" generate --cache c/db -o warm.c in.h
"$COWRAP" cache stats --cache c/db >/dev/null
before=$("$COWRAP" cache ls --cache c/db | wc -l)
for age in 9223372036854775807w 9223372036854775807 106751991167301d 101y; do
    rc=0
    err=$("$COWRAP" cache gc --cache c/db --older-than "$age" 2>&1) || rc=$?
    [ "$rc" = 2 ] || fail "--older-than $age: exit $rc, want 2: $err"
    expect_contains "$err" "is not an age"
done
after=$("$COWRAP" cache ls --cache c/db | wc -l)
[ "$before" = "$after" ] && [ "$after" -gt 0 ] || fail "gc with a refused age changed the cache"
# A huge existing output (sparse, 5 GiB) is replaced; the cache does not try to read it whole
# (it said "not using the cache: std::bad_alloc").
rm -rf c && mkdir c
"$COWRAP" generate --cache c/db -o big.c in.h
truncate -s 5G big.c
rc=0
"$COWRAP" generate --cache c/db -o big.c in.h 2>err.txt || rc=$?
[ "$rc" = 0 ] || fail "a 5 GiB output: exit $rc: $(cat err.txt)"
expect_not_contains "$(cat err.txt)" "bad_alloc"
cmp -s big.c ref.c || fail "a 5 GiB output was not replaced by the right code"

# A cache that is busy for a moment is waited for (the busy timeout), not given up at once: a
# writer holds the database for 0.6 s while a warm run wants to record.
if command -v sqlite3 >/dev/null; then
    rm -rf c && mkdir c
    "$COWRAP" generate --cache c/db -o busy.c in.h
    "$COWRAP" generate --cache c/db -o busy.c in.h
    header in.h bdrv_hostile_a bdrv_hostile_c  # the next run records a change
    # ...which it leaves pending, like a cold run: the next run of this output must store it
    # before its lookups, so its opening writes. That next run is an unchanged one: an edited
    # one knows from its run-key hint that its lookup misses, and opens nothing.
    "$COWRAP" generate --cache c/db -o busy.c in.h
    { echo "BEGIN IMMEDIATE; INSERT INTO counters (name, value) VALUES ('busy_test', 1);"
      sleep 0.6
      echo "COMMIT;"; } | sqlite3 c/db &
    holder=$!
    sleep 0.2
    t0=$EPOCHREALTIME
    "$COWRAP" generate --cache c/db -o busy.c in.h 2>err.txt || fail "busy cache: the run failed"
    waited=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print (b - a >= 0.2) }')
    wait "$holder"
    [ ! -s err.txt ] || fail "a cache busy for 0.6 s was not waited for: $(cat err.txt)"
    [ "$waited" = 1 ] || fail "the run did not wait for the busy cache"
fi
echo "cache-hostile: ok"

# Pending runs (cache/pending.hpp): a cold run records beside the database without opening it,
# and the next opening stores what it left. What a person sees must not change: every command
# shows the pending runs, a duplicate across two cold shards is still an error, and a record
# torn by a killed run costs only that record.
source "$(dirname "$0")/lib.sh"

export COWRAP_CACHE=$WORK/cache.db
pending=$WORK/cache.db.pending
# How many records the journal holds (each starts with a marker; a torn one too).
pending_runs() { { grep -aoF COWRAPRN "$pending/runs" 2>/dev/null || true; } | wc -l; }
for i in 0 1 2 3 4 5; do header "s$i.h" "bdrv_shard${i}_a" "bdrv_shard${i}_b"; done

# The first run creates the database (and the name digest); it and the next cold ones, at once,
# leave their records pending.
"$COWRAP" generate -o s0.c s0.h
[ -f "$WORK/cache.db" ] || fail "the first run did not create the database"
[ -f "$pending/names" ] || fail "no name digest after the first run"
pids=()
for i in 1 2 3 4 5; do
    "$COWRAP" generate -o "s$i.c" "s$i.h" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a cold run failed"; done
n=$(pending_runs)
[ "$n" = 6 ] || fail "want 6 pending runs, found $n"
for i in 1 2 3 4 5; do
    reference "ref$i.c" "s$i.h"
    cmp -s "s$i.c" "ref$i.c" || fail "s$i.c differs from the uncached output"
done

# Any command shows them: it stores them first.
stats=$("$COWRAP" cache stats)
expect_contains "$stats" "Outputs:                     6"
expect_contains "$stats" "Wrappers:                   12"
n=$(pending_runs)
[ "$n" = 0 ] || fail "$n runs still pending after cache stats"
why=$("$COWRAP" cache why s3.c)
expect_contains "$why" "first run recorded for this output"
"$COWRAP" cache verify >/dev/null || fail "verify after storing pending runs"

# A wrapper that a pending run's header also defines: an error naming it.
header x.h bdrv_twice
header y.h bdrv_twice
"$COWRAP" generate --shard-group lib -o x.c x.h
[ "$(pending_runs)" = 1 ] || fail "x.c was not left pending"
err=$(must_fail "$COWRAP" generate --shard-group lib -o y.c y.h) || fail "duplicate of a pending run: want exit 1: $err"
expect_contains "$err" "error: wrapper 'bdrv_twice' is also defined in x.h:5 (generated into x.c)"
[ ! -e y.c ] || fail "an output was written despite the error"

# A run killed while appending its record: that record is dropped, the next ones are kept.
printf 'COWRAPRN\377\0\0\0torn' >>"$pending/runs"
rm s1.c s2.c
"$COWRAP" generate -o s1.c s1.h
"$COWRAP" generate -o s2.c s2.h
[ "$(pending_runs)" = 3 ] || fail "want the torn record and two runs pending"
"$COWRAP" cache why s2.c >/dev/null || fail "a run after a torn record was lost"
[ "$(pending_runs)" = 0 ] || fail "runs still pending after cache why"
"$COWRAP" cache verify >/dev/null || fail "verify after a torn record"

# clear empties the digest too: the next cold runs find no clash and defer.
"$COWRAP" cache clear >/dev/null
[ "$(stat -c %s "$pending/names")" = 0 ] || fail "cache clear left names in the digest"
[ ! -e "$pending/keys" ] || fail "cache clear left the run-key hints"
"$COWRAP" generate -o y2.c y.h || fail "a wrapper of a cleared cache reported as a duplicate"
[ "$(pending_runs)" = 1 ] || fail "the run after clear was not deferred"
echo "pending: ok"

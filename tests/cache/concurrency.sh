# 64 cowrap processes generating their shards into one cache at once, several rounds: all
# succeed without falling back, every output is what cowrap gives without a cache, and
# `cache verify` is clean.
source "$(dirname "$0")/lib.sh"

SHARDS=64
ROUNDS=4
export COWRAP_CACHE=$WORK/cache.db
# Sanitizer builds run several times slower: give them a longer busy timeout (cache/open.hpp).
if grep -q '__asan_init' "$COWRAP" 2>/dev/null; then
    export COWRAP_CACHE_BUSY_TIMEOUT_MS=${COWRAP_CACHE_BUSY_TIMEOUT_MS:-20000}
fi

make_headers() {  # round
    local i names j
    for i in $(seq -w 1 $SHARDS); do
        names=()
        for j in $(seq 1 20); do
            names+=("bdrv_s${i}_w${j}")
        done
        # Round 2 edits a comment in every header, round 3 adds a wrapper to every third one.
        header "h/$i.h" "${names[@]}"
        if [ "$1" -ge 2 ]; then
            sed -i "1s|\$| (round $1)|" "h/$i.h"
        fi
        if [ "$1" -ge 3 ] && [ $((10#$i % 3)) = 0 ]; then
            header "h/$i.h" "${names[@]}" "bdrv_s${i}_extra"
        fi
    done
}

# generate_all OUTPUT HEADER: one process per shard, all at once (%s in each pattern is the
# shard's number); sets $failed to how many exited non-zero, leaves stderr in err.NN.
generate_all() {
    local i pid pids=()
    for i in $(seq -w 1 $SHARDS); do
        "$COWRAP" generate -o "${1//%s/$i}" "${2//%s/$i}" 2>"err.$i" &
        pids+=($!)
    done
    failed=0
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=$((failed + 1))
    done
}

# Processes racing to create a new cache (and switch it to WAL) must all use it too.
header fresh.h bdrv_fresh
for round in $(seq 1 10); do
    rm -f "$COWRAP_CACHE" "$COWRAP_CACHE-wal" "$COWRAP_CACHE-shm"
    generate_all 'fresh.%s.c' 'fresh.h'
    if [ "$failed" != 0 ] || [ -n "$(cat err.*)" ]; then
        fail "new cache, round $round: $failed failed: $(sort -u err.*)"
    fi
done
rm -f "$COWRAP_CACHE" "$COWRAP_CACHE-wal" "$COWRAP_CACHE-shm" fresh.*

for round in $(seq 1 $ROUNDS); do
    make_headers "$round"
    mkdir -p out
    generate_all 'out/%s.c' 'h/%s.h'
    [ "$failed" = 0 ] || fail "round $round: $failed processes failed: $(cat err.*)"
    if [ -n "$(cat err.*)" ]; then
        fail "round $round: warnings: $(cat err.*)"
    fi
    for i in $(seq -w 1 $SHARDS); do
        reference ref.c "h/$i.h"
        cmp -s "out/$i.c" ref.c || fail "round $round: out/$i.c differs from the uncached output"
    done
done

verify=$("$COWRAP" cache verify) || fail "verify: $verify"
stats=$("$COWRAP" cache print)
expect_contains "$stats" "runs	$((SHARDS * ROUNDS))"
expect_contains "$stats" "outputs	$SHARDS"
expect_contains "$stats" "runs_failed	0"
echo "ok"

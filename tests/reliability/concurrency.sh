#!/usr/bin/env bash
# Concurrency (docs/reliability.md, guarantee 2): 64 cowrap processes at once on one cache, for several
# rounds, with overlapping outputs (each output written by two processes at once) and headers
# (each header read by four), and headers edited between rounds (declarations changed, added
# and removed, or only a comment) or touched. Every process must succeed without a word on
# stderr (so no "database is locked" and no fallback warning), every output must be right,
# `cowrap cache verify` must pass, the cache must have counted every run and every output, and
# no process may wait more than a second in total for the cache's locks (measured by
# busy_meter.c; the worst wait is printed). First, 64 processes race to create a new cache (and
# switch it to WAL), once per round: all of them must use it, without a word on stderr.
#
#   bash tests/reliability/concurrency.sh   (needs $COWRAP, $CC; PROCS, ROUNDS, WRAPPERS optional)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

sanitized=0
if grep -q '__asan_init' "$COWRAP" 2>/dev/null; then
  sanitized=1
  # A sanitizer build runs several times slower, so its lock holds are longer: let it wait as
  # long as it needs (the wait is only reported there), so that no fallback warning fails it.
  export COWRAP_CACHE_BUSY_TIMEOUT_MS=${COWRAP_CACHE_BUSY_TIMEOUT_MS:-20000}
fi
procs=${PROCS:-64}
# Half the rounds in a sanitizer build: it looks for memory errors on the same paths, and the
# test runs alone, holding the whole machine.
rounds=${ROUNDS:-$((sanitized ? 5 : 10))}
wrappers=${WRAPPERS:-150}
shards=$((procs / 4))
seed=${SEED:-$((($$ * 7919 + $(date +%s)) % 32768))}
RANDOM=$seed
wait_limit_ms=${COWRAP_WAIT_LIMIT_MS:-1000}
echo "concurrency test: $procs processes x $rounds rounds, $shards shards, seed $seed"

cd "$work"

# A new cache, created by 64 processes at once: each one either creates it or uses it.
mkdir -p fresh
printf 'int co_wrapper bdrv_fresh(BlockDriverState *bs);\n' >fresh/fresh.h
for ((r = 1; r <= rounds; r++)); do
  rm -rf fresh/cache.db*
  pids=()
  for ((i = 0; i < procs; i++)); do
    "$COWRAP" generate -o "fresh/$i.c" --cache fresh/cache.db fresh/fresh.h 2>"fresh/err.$i" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[i]}" || soft_fail "new cache, round $r: process $i failed: $(head -c 300 "fresh/err.$i")"
    if [[ -s "fresh/err.$i" ]]; then
      soft_fail "new cache, round $r: process $i said: $(head -c 300 "fresh/err.$i")"
    fi
  done
done
rm -rf fresh

build_busy_meter
mkdir -p versions src ref out0 out1 cache
for ((k = 0; k < shards; k++)); do
  for v in A B C; do
    # C is A with only its comment edited.
    header "$k" "${v/C/A}" "$wrappers" >"versions/s$k.$v.h"
    [[ $v == C ]] && sed -i '1s|\*/| (comment edited) */|' "versions/s$k.$v.h"
    cp "versions/s$k.$v.h" "src/s$k.h"
    "$COWRAP" generate --no-cache -o "ref/s$k.$v.c" "src/s$k.h"
  done
  cp "versions/s$k.A.h" "src/s$k.h"
  version[k]=A
done
db=$work/cache/cowrap.db
log=$work/waits.log

worst_wait_us=0 worst_event_us=0 worst_wall_us=0 total_runs=0 waiting_runs=0 worst_held_us=0
held_sum_us=0
for ((r = 1; r <= rounds; r++)); do
  # Between rounds, edit a quarter of the headers and touch another few without changing them.
  if ((r > 1)); then
    for ((e = 0; e < shards / 4; e++)); do
      k=$((RANDOM % shards))
      case ${version[k]} in A) version[k]=B ;; B) version[k]=C ;; C) version[k]=A ;; esac
      cp "versions/s$k.${version[k]}.h" "src/s$k.h"
    done
    touch "src/s$((RANDOM % shards)).h" "src/s$((RANDOM % shards)).h"
  fi
  rm -f "$log"
  pids=()
  for ((i = 0; i < procs; i++)); do
    k=$((i % shards))
    o=$(((i / shards) % 2))
    (
      t0=$(now_us)
      env "${busy_meter_env[@]}" COWRAP_TEST_WAIT_LOG="$log" \
        "$COWRAP" generate -o "out$o/s$k.c" --cache "$db" "src/s$k.h" 2>"err.$i"
      status=$?
      echo "$(($(now_us) - t0))" >"wall.$i"
      exit $status
    ) &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    set +e
    wait "${pids[i]}"
    status=$?
    set -e
    total_runs=$((total_runs + 1))
    ((status == 0)) || soft_fail "round $r: process $i exited with $status"
    if [[ -s "err.$i" ]]; then
      soft_fail "round $r: process $i said: $(head -c 300 "err.$i")"
    fi
    wall=$(cat "wall.$i")
    ((wall > worst_wall_us)) && worst_wall_us=$wall
  done
  if grep -qil 'locked\|busy' err.* 2>/dev/null; then
    soft_fail "round $r: 'database is locked' or 'busy' reached the user"
  fi
  for ((k = 0; k < shards; k++)); do
    for o in 0 1; do
      cmp -s "out$o/s$k.c" "ref/s$k.${version[k]}.c" || soft_fail "round $r: out$o/s$k.c is wrong"
    done
  done
  left=$(find out0 out1 -name '.*.tmp.*' | wc -l)
  ((left == 0)) || soft_fail "round $r: $left temporary files left"
  if ((${#busy_meter_env[@]})); then
    measured=$(wc -l <"$log" 2>/dev/null || echo 0)
    ((measured == procs)) || soft_fail "round $r: the busy meter reported $measured of $procs processes"
    while read -r _ waited longest calls held; do
      ((waited > worst_wait_us)) && worst_wait_us=$waited
      ((longest > worst_event_us)) && worst_event_us=$longest
      ((calls > 0)) && waiting_runs=$((waiting_runs + 1))
      ((held > worst_held_us)) && worst_held_us=$held
      held_sum_us=$((held_sum_us + held))
    done <"$log"
  fi
done

if ! "$COWRAP" cache verify --cache "$db" >verify.txt 2>&1; then
  soft_fail "cowrap cache verify fails"
  sed -n 1,8p verify.txt >&2
fi
# Every run and every output counted: none lost to a race.
"$COWRAP" cache print --cache "$db" >print.txt
for want in "runs	$total_runs" "outputs	$((shards * 2))" "runs_failed	0"; do
  grep -qxF "$want" print.txt || soft_fail "cache print: want '$want': $(tr '\t\n' '= ' <print.txt)"
done
echo "runs: $total_runs ($procs processes x $rounds rounds), $failures failures"
echo "cache verify: $(tail -1 verify.txt)"
echo "longest run (wall time, start to exit): $((worst_wall_us / 1000)) ms"
if ((${#busy_meter_env[@]})); then
  echo "worst per-process cache wait: $((worst_wait_us / 1000)) ms in total" \
    "(longest single wait $((worst_event_us / 1000)) ms); $waiting_runs of $total_runs runs waited at all"
  echo "write lock held per run: $((held_sum_us / total_runs / 1000)) ms on average," \
    "$((worst_held_us / 1000)) ms at most ($procs runs in a row: $((held_sum_us / rounds / 1000)) ms per round)"
  if ((worst_wait_us > wait_limit_ms * 1000)); then
    if ((sanitized)); then
      echo "note: above ${wait_limit_ms} ms, tolerated in a sanitizer build"
    else
      soft_fail "a process waited $((worst_wait_us / 1000)) ms for the cache (limit ${wait_limit_ms} ms)"
    fi
  fi
fi
((failures == 0))

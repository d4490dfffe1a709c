#!/usr/bin/env bash
# No partial outputs (docs/reliability.md, guarantee 1). Regenerates shards into one shared cache and kills
# cowrap with SIGKILL at random moments of its run (parse, emit, write, cache update), at
# least $KILLS times. After every round each output and depfile holds either its old or its
# new content in full; `cowrap cache verify` passes; at the end a normal run of every shard
# gives the right output and removes the temporaries the killed runs left.
#
#   bash tests/reliability/kill.sh      (needs $COWRAP; KILLS, SHARDS, WRAPPERS, SEED optional)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kills_wanted=${KILLS:-220}
shards=${SHARDS:-6}
wrappers=${WRAPPERS:-300}
seed=${SEED:-$((($$ * 7919 + $(date +%s)) % 32768))}
RANDOM=$seed
echo "kill test: seed $seed, $shards shards of $wrappers wrappers, at least $kills_wanted kills"

cd "$work"
mkdir -p versions src out ref cache
for ((k = 0; k < shards; k++)); do
  header "$k" A "$wrappers" >"versions/s$k.A.h"
  header "$k" B "$wrappers" >"versions/s$k.B.h"
  for v in A B; do
    cp "versions/s$k.$v.h" "src/s$k.h"
    "$COWRAP" generate --no-cache -o "ref/s$k.$v.c" --depfile "ref/s$k.$v.d" \
      --depfile-target "out/s$k.c" "src/s$k.h"
  done
  cmp -s "ref/s$k.A.c" "ref/s$k.B.c" && { echo "the two versions give the same output" >&2; exit 1; }
  cp "versions/s$k.A.h" "src/s$k.h"
  version[k]=A
done
db=cache/cowrap.db
# Each version's text, to edit a header without starting a process.
declare -A text
for ((k = 0; k < shards; k++)); do
  for v in A B; do text[$k.$v]=$(<"versions/s$k.$v.h"); done
done
# The hash cowrap records for each reference output (from a scratch cache), to tell a run
# killed after its cache update from one killed before it.
declare -A ref_hash
if command -v sqlite3 >/dev/null; then
  mkdir -p hashes
  for ((k = 0; k < shards; k++)); do
    for v in A B; do
      cp "versions/s$k.$v.h" "src/s$k.h"
      "$COWRAP" generate -o "hashes/s$k.c" --cache hashes/cache.db "src/s$k.h"
      # A cold run's record may be pending: any cache command stores it first.
      "$COWRAP" cache stats --cache hashes/cache.db >/dev/null
      ref_hash[$k.$v]=$(sqlite3 hashes/cache.db \
        "SELECT hex(content_hash) FROM outputs WHERE path LIKE '%/hashes/s$k.c'")
    done
    cp "versions/s$k.A.h" "src/s$k.h"
  done
fi
# recorded_hashes: recorded[K] = the hash the shared cache records for out/sK.c, for every shard.
declare -A recorded
recorded_hashes() {
  recorded=()
  [[ -e "$db" ]] && command -v sqlite3 >/dev/null || return 0
  "$COWRAP" cache stats --cache "$db" >/dev/null 2>&1 || true  # stores pending runs
  local path hash
  while IFS='|' read -r path hash; do
    [[ $path =~ /out/s([0-9]+)\.c$ ]] && recorded[${BASH_REMATCH[1]}]=$hash
  done < <(sqlite3 "$db" "SELECT path, hex(content_hash) FROM outputs" 2>/dev/null || true)
}

gen() {  # gen SHARD: one run into the shared cache
  "$COWRAP" generate -o "out/s$1.c" --depfile "out/s$1.d" --depfile-target "out/s$1.c" \
    --cache "$db" "src/s$1.h"
}
# gen_bg SHARD: the same in the background, as a process of its own ($! is cowrap itself, so
# the SIGKILL hits cowrap and not a shell around it). It waits at the gate (fd 5, a FIFO) for a
# line: `open_gate N` starts N runs at once, as starting each one takes milliseconds here.
mkfifo "$work/gate" "$work/never"
exec 5<>"$work/gate" 6<>"$work/never"
gen_bg() {
  (read -r -u 5 _ && exec 5>&- 6>&- "$COWRAP" generate -o "out/s$1.c" --depfile "out/s$1.d" \
    --depfile-target "out/s$1.c" --cache "$db" "src/s$1.h" 2>"$work/err.$1") &
}
open_gate() {
  local lines
  printf -v lines '%*s' "$1" ''
  printf '%s' "${lines// /$'\n'}" >&5
}
# pause MICROSECONDS without starting a process: a read that times out on a FIFO never written.
pause() { read -r -u 6 -t "$(printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)))" _ || true; }

# How long a round takes decides the kill delays: three edited shards at once, cold (creating
# the cache) and warm; the slower of the two, plus 20%.
round_time() {
  local t0 k pids=()
  t0=$(now_us)
  for k in 0 1 2; do
    gen_bg "$k"
    pids+=($!)
  done
  open_gate 3
  for k in "${pids[@]}"; do wait "$k" || { cat "$work"/err.* >&2; exit 1; }; done
  echo $(($(now_us) - t0))
}
cold_us=$(round_time)
for k in 0 1 2; do cp "versions/s$k.B.h" "src/s$k.h"; done
warm_us=$(round_time)
for k in 0 1 2; do cp "versions/s$k.A.h" "src/s$k.h"; done
rm -rf out/* cache/*
span_us=$((cold_us > warm_us ? cold_us : warm_us))
span_us=$((span_us * 12 / 10 + 1000))
echo "a round of three runs: $((cold_us / 1000)) ms cold, $((warm_us / 1000)) ms warm;" \
  "kill delays 0..$((span_us / 1000)) ms"

# sums PREFIX FILE...: sum[PREFIX/NAME] = "crc size" of each FILE, "absent" for a missing one.
# One cksum for all: this machine kind pays milliseconds for every process a round starts.
declare -A sum
sums() {
  local prefix=$1 f crc size name
  shift
  for f in "$@"; do sum[$prefix/$f]=absent; done
  while read -r crc size name; do
    sum[$prefix/$name]="$crc $size"
  done < <(cksum -- "$@" 2>/dev/null || true)
}
outputs=()
for ((k = 0; k < shards; k++)); do outputs+=("out/s$k.c" "out/s$k.d"); done
sums ref ref/*.c ref/*.d
kills=0 finished=0 rounds=0 verifies=0 temporaries_seen=0
buckets=(0 0 0 0 0)  # kill moment as a fraction of the run: <20%, <40%, <60%, <80%, later
# Where a killed run was, judged from what it left. A run stages its output (and depfile) as
# temporaries, records the run in the cache, then renames them into place. So: nothing yet
# (parse, emit, cache lookups); its temporary, the cache not yet holding the new output
# (writing, or inside the cache transaction); its temporary, the cache already holding the new
# output (between the commit and the rename); or the new output in place (renames, exit).
hit_before=0 hit_write=0 hit_recorded=0 hit_after=0
max_rounds=$((kills_wanted * 4))

while ((kills < kills_wanted && rounds < max_rounds)); do
  rounds=$((rounds + 1))
  # Pick four to six shards and edit each of their headers (as a person would, before the
  # build runs), so that every run has a new output to write.
  ran=()
  n=$((4 + RANDOM % 3))
  for ((j = 0; j < n; j++)); do
    k=$(((RANDOM + j) % shards))
    [[ " ${ran[*]} " == *" $k "* ]] && continue
    ran+=("$k")
  done
  # Every 60 rounds start from no cache at all, so creation and migration get killed too.
  if ((rounds % 60 == 0)); then rm -f "$db" "$db-wal" "$db-shm" "$db-journal"; fi
  # The temporaries killed runs left (a later run takes a dead writer's over), to tell the ones
  # this round's runs wrote.
  temporaries_before=$(find out -name '.*.tmp.*' -printf '%p %i %T@ %s\n' | sort)
  sums before "${outputs[@]}"
  for k in "${ran[@]}"; do
    if [[ ${version[k]} == A ]]; then version[k]=B; else version[k]=A; fi
    printf '%s\n' "${text[$k.${version[k]}]}" >"src/s$k.h"
  done
  # Run them at once, all on the one cache. (bash reports each killed job on stderr: that
  # stretch runs with stderr silenced.)
  pids=() statuses=()
  delay_us=$(((RANDOM * 32768 + RANDOM) % span_us))
  exec 3>&2 2>/dev/null
  for k in "${ran[@]}"; do
    gen_bg "$k"
    pids+=($!)
  done
  open_gate "${#pids[@]}"
  pause "$delay_us"
  for pid in "${pids[@]}"; do kill -9 "$pid" || true; done
  for pid in "${pids[@]}"; do
    set +e
    wait "$pid"
    statuses+=($?)
    set -e
  done
  exec 2>&3 3>&-
  round_killed=0 round_recorded=$hit_recorded
  # The temporaries this round's runs wrote, and what the cache then records, read once.
  temporaries_after=$(find out -name '.*.tmp.*' -printf '%p %i %T@ %s\n' | sort)
  new_temporaries=$'\n'$(comm -23 <(printf '%s\n' "$temporaries_after") \
    <(printf '%s\n' "$temporaries_before"))
  recorded_read=0
  for i in "${!pids[@]}"; do
    k=${ran[i]}
    status=${statuses[i]}
    if ((status == 137)); then
      kills=$((kills + 1))
      round_killed=$((round_killed + 1))
      b=$((delay_us * 5 / span_us))
      buckets[b]=$((buckets[b] + 1))
      # Its temporary: a slot (.s$k.c.tmp.N) or, when all were held, a pid-named one.
      if [[ $new_temporaries == *$'\n'"out/.s$k.c.tmp."* ]]; then
        ((recorded_read)) || { recorded_hashes; recorded_read=1; }
        if [[ -n "${ref_hash[$k.${version[k]}]:-}" &&
          "${recorded[$k]:-}" == "${ref_hash[$k.${version[k]}]}" ]]; then
          hit_recorded=$((hit_recorded + 1))
        else
          hit_write=$((hit_write + 1))
        fi
      elif cmp -s "out/s$k.c" "ref/s$k.${version[k]}.c"; then
        hit_after=$((hit_after + 1))
      else
        hit_before=$((hit_before + 1))
      fi
    elif ((status == 0)); then
      finished=$((finished + 1))
    else
      soft_fail "round $rounds: shard $k exited with $status"
      sed -n 1,5p "$work/err.$k" >&2
    fi
    if sanitizer_report "$work/err.$k"; then
      soft_fail "round $rounds: sanitizer report"
      sed -n 1,30p "$work/err.$k" >&2
    fi
  done
  # Keep the delays matched to how long runs take now (a warm cache makes them shorter): when
  # every run of a round finished first, shorten them; when none did, lengthen them.
  if ((round_killed == 0)); then
    span_us=$((span_us * 3 / 4 > 5000 ? span_us * 3 / 4 : 5000))
  elif ((round_killed == ${#pids[@]})); then
    span_us=$((span_us * 5 / 4 < 20000000 ? span_us * 5 / 4 : 20000000))
  fi
  # Every output and depfile: the old bytes, or the new ones, in full.
  sums now "${outputs[@]}"
  for ((k = 0; k < shards; k++)); do
    now_c=${sum[now/out/s$k.c]}
    if [[ "$now_c" != "${sum[before/out/s$k.c]}" && "$now_c" != "${sum[ref/ref/s$k.${version[k]}.c]}" ]]; then
      soft_fail "round $rounds: out/s$k.c is neither the old nor the new content ($(stat -c %s "out/s$k.c") bytes)"
      cp "out/s$k.c" "$work/broken-$rounds-s$k.c"
    fi
    now_d=${sum[now/out/s$k.d]}
    if [[ "$now_d" != "${sum[before/out/s$k.d]}" && "$now_d" != "${sum[ref/ref/s$k.${version[k]}.d]}" ]]; then
      soft_fail "round $rounds: out/s$k.d is neither the old nor the new depfile"
    fi
  done
  if [[ -n $temporaries_after ]]; then
    mapfile -t after <<<"$temporaries_after"
    temporaries_seen=$((temporaries_seen + ${#after[@]}))
  fi
  # Every 10 rounds, and right after a run was killed between its cache commit and its rename.
  if ( ((rounds % 10 == 0)) || ((hit_recorded > round_recorded)) ) && [[ -e "$db" ]]; then
    verifies=$((verifies + 1))
    if ! "$COWRAP" cache verify --cache "$db" >"$work/verify" 2>&1; then
      soft_fail "round $rounds: cowrap cache verify fails after the kills"
      sed -n 1,8p "$work/verify" >&2
    fi
  fi
done

echo "rounds $rounds: $kills runs killed, $finished finished before the kill (kill delays up to $((span_us / 1000)) ms at the end)"
echo "kill moments (share of the delay range): <20% ${buckets[0]}, <40% ${buckets[1]}, <60% ${buckets[2]}, <80% ${buckets[3]}, later ${buckets[4]}"
echo "killed runs by what they had done: $hit_before before writing (parse, emit, cache lookups)," \
  "$hit_write while writing the output or updating the cache, $hit_recorded after the cache" \
  "update but before the rename, $hit_after after the rename (depfile, exit)"
echo "temporary files seen beside outputs right after a round: $temporaries_seen"
((kills >= kills_wanted)) || soft_fail "only $kills kills in $rounds rounds"

# The next run: every shard correct, no temporaries left, the cache sound.
for ((k = 0; k < shards; k++)); do
  if ! gen "$k" 2>"$work/err.$k"; then
    soft_fail "final run of shard $k failed"
    sed -n 1,5p "$work/err.$k" >&2
  fi
  if grep -qi 'warning' "$work/err.$k"; then
    echo "note: final run of shard $k warned: $(grep -i -m1 warning "$work/err.$k")"
  fi
  cmp -s "out/s$k.c" "ref/s$k.${version[k]}.c" || soft_fail "final run: out/s$k.c is wrong"
  cmp -s "out/s$k.d" "ref/s$k.${version[k]}.d" || soft_fail "final run: out/s$k.d is wrong"
done
left=$(find out -name '.*.tmp.*' | wc -l)
((left == 0)) || soft_fail "$left temporary files left beside the outputs after the next run"
if ! "$COWRAP" cache verify --cache "$db" >"$work/verify" 2>&1; then
  soft_fail "cowrap cache verify fails after the next run"
  sed -n 1,8p "$work/verify" >&2
fi
verifies=$((verifies + 1))
echo "cache verify: $verifies checks; last: $(tail -1 "$work/verify")"
# And a second pass from the now warm cache still gives the same bytes.
for ((k = 0; k < shards; k++)); do
  gen "$k" 2>/dev/null
  cmp -s "out/s$k.c" "ref/s$k.${version[k]}.c" || soft_fail "warm run: out/s$k.c is wrong"
done

echo "kill test: $failures failures"
((failures == 0))

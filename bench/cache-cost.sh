#!/usr/bin/env bash
# What the cache costs in each build mode, in instructions (deterministic) and CPU time (noisy
# on a shared machine), against --no-cache. Not a test: it never fails on timing.
#
#   bench/cache-cost.sh [--headers N] [--wrappers M] [--reps R] [--cowrap BIN] [--no-valgrind]
#                       [--cache-only]
#
# On a synthetic tree (bench/gen_tree.py, default 200 x 50), each mode with the cache and with
# --no-cache:
#   shards cold      one process per header, no outputs, no database (the cache: a new one)
#   shards warm      every header touched (same bytes), the outputs there: every shard reruns
#   shard edited     one declaration edited in one header: its shard reruns
#   mono cold        one output from every header, no output, no database
#   mono warm        every header touched, the output there
#   mono edited      one declaration edited in one header, the output there
# plus "fold": storing the runs that the cold shards left pending (paid once, by the next
# process that opens the database). Instructions are summed over every cowrap process
# (valgrind --tool=cachegrind); CPU is user + system of all of them, the best of R runs (the
# two sides alternate). The cache's target: at most +10% in each mode.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

headers=200 wrappers=50 reps=5 cowrap=${COWRAP:-} valgrind=1 cache_only=0
while (($#)); do
    case $1 in
        --headers) headers=$2; shift ;;
        --wrappers) wrappers=$2; shift ;;
        --reps) reps=$2; shift ;;
        --cowrap) cowrap=$2; shift ;;
        --no-valgrind) valgrind=0 ;;
        --cache-only) cache_only=1 ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "cache-cost: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
[[ -x $cowrap ]] || { echo "cache-cost: give --cowrap BIN (or COWRAP)" >&2; exit 1; }
cowrap=$(realpath "$cowrap")

work=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-cache-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_tree.py" --headers "$headers" --wrappers "$wrappers" "$work/tree" >/dev/null
cd "$work/tree"
mapfile -t inputs <inputs.txt
unset COWRAP_CACHE
edited=${inputs[$((headers / 2))]}
db=$work/cache.db

# $work/mode.sh MODE ARGS...: runs one mode once (each cowrap process under cachegrind when
# COUNT=1); the state it starts from is prepare's.
cat >"$work/mode.sh" <<'MODE'
cd "$WORK/tree"
mapfile -t inputs <inputs.txt
run_cowrap() {
    if ((COUNT)); then
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$WORK/cg/%p" --log-file=/dev/null "$COWRAP_BIN" "$@"
    else
        "$COWRAP_BIN" "$@"
    fi
}
export -f run_cowrap
mode=$1
shift
case $mode in
    shards-*) xargs -P 2 -I{} bash -c 'run_cowrap generate "$@" -o "$WORK/out/{}.c" {}' _ "$@" <inputs.txt ;;
    shard-edited) run_cowrap generate "$@" -o "$WORK/out/$EDITED.c" "$EDITED" ;;
    mono-*) run_cowrap generate "$@" -o "$WORK/mono.c" "${inputs[@]}" ;;
    fold) run_cowrap cache stats "$@" ;;
esac
MODE
export WORK=$work COWRAP_BIN=$cowrap EDITED=$edited

prepare() {  # MODE: the state it starts from
    case $1 in
        shards-cold) rm -rf "$work/out" "$db"* && mkdir -p "$work/out/include/bench" ;;
        shards-warm | mono-warm) touch "${inputs[@]}" ;;
        shard-edited | mono-edited) python3 "$here/edit.py" decl "$edited" ;;
        mono-cold) rm -rf "$work/mono.c" "$db"* ;;
    esac
}
modes=(shards-cold shards-warm shard-edited mono-cold mono-warm mono-edited)
sides=(nocache cache)
if ((cache_only)); then sides=(cache); fi
side_args() { if [[ $1 == cache ]]; then echo "--cache $db"; else echo "--no-cache"; fi; }

# One pass over all modes for SIDE; after shards-cold with the cache, the fold is its own step.
declare -A ir cpu
timed() {  # KEY MODE ARGS...
    local key=$1
    shift
    rm -rf "$work/cg" && mkdir -p "$work/cg"
    /usr/bin/time -o "$work/time.txt" -f "%U %S" bash "$work/mode.sh" "$@" >/dev/null
    record "$key"
}
pass() {  # SIDE COUNT
    local side=$1 mode args
    export COUNT=$2
    counting=$2
    # shellcheck disable=SC2207
    args=($(side_args "$side"))
    for mode in "${modes[@]}"; do
        prepare "$mode"
        timed "$mode/$side" "$mode" "${args[@]}"
        if [[ $mode == shards-cold && $side == cache ]]; then
            timed fold/cache fold "${args[@]}"
        fi
    done
}
record() {
    local key=$1 u s c
    read -r u s <"$work/time.txt"
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    if ((counting)); then
        ir[$key]=$(cat "$work"/cg/* | awk '/^summary:/ { t += $2 } END { printf "%d", t }')
    elif [[ -z ${cpu[$key]:-} ]] || awk -v a="$c" -v b="${cpu[$key]}" 'BEGIN { exit !(a < b) }'; then
        cpu[$key]=$c
    fi
}

if ((valgrind)); then
    for side in "${sides[@]}"; do pass "$side" 1; done
fi
for ((r = 0; r < reps; r++)); do
    for side in "${sides[@]}"; do pass "$side" 0; done
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.1f%%", (a / b - 1) * 100; else print "-" }'; }
mi() { awk -v a="${1:-0}" 'BEGIN { printf "%.1f", a / 1e6 }'; }
printf 'cowrap cache cost: %d headers x %d wrappers, instructions (M, all processes) and CPU s (best of %d)\n' \
    "$headers" "$wrappers" "$reps"
printf '%-14s %10s %10s %8s   %8s %8s %8s\n' mode "no cache" cache cost "CPU none" "CPU cache" cost
for mode in "${modes[@]}"; do
    printf '%-14s %10s %10s %8s   %8s %8s %8s\n' "$mode" "$(mi "${ir[$mode/nocache]:-0}")" \
        "$(mi "${ir[$mode/cache]:-0}")" "$(pct "${ir[$mode/cache]:-0}" "${ir[$mode/nocache]:-0}")" \
        "${cpu[$mode/nocache]:-}" "${cpu[$mode/cache]:-}" "$(pct "${cpu[$mode/cache]:-0}" "${cpu[$mode/nocache]:-0}")"
done
printf '%-14s %10s %10s %8s   %8s %8s\n' "fold (once)" "" "$(mi "${ir[fold/cache]:-0}")" \
    "$(pct "$((${ir[shards-cold/cache]:-0} + ${ir[fold/cache]:-0}))" "${ir[shards-cold/nocache]:-0}")" \
    "" "${cpu[fold/cache]:-}"

#!/usr/bin/env bash
# What the cache costs in each build mode, against --no-cache, in instructions (deterministic),
# CPU and wall time (noisy on a shared machine). Not a test: it never fails on timing, only
# when the cached outputs differ from the uncached ones.
#
#   bench/cache-cost.sh [--headers N] [--wrappers M] [--reps R] [--jobs J] [--cowrap BIN]
#                       [--no-valgrind] [--cache-only]
#
# On a synthetic tree (bench/gen_tree.py, default 200 x 50), each mode with the cache and with
# --no-cache:
#   shards-cold      one process per header, J at a time, no outputs, no database (a new cache)
#   shards-warm      every header touched (same bytes), the outputs there: every shard reruns
#   shards-comment   a comment edited in every header: every shard reruns, no wrapper changes
#   shard-edited     one declaration edited in one header: its shard reruns
#   mono-cold        one output from every header, no output, no database
#   mono-warm        every header touched, the output there
#   mono-edited      one declaration edited in one header, the output there
# plus, after each mode that left runs pending (cold runs and edited shards, cache/pending.hpp),
# "+ fold": storing them, paid once by the next process that opens the database (`cache stats`
# here, less what the same command costs with nothing pending), shown with the mode's cost
# including it; and the database's size per wrapper. Instructions are
# summed over every cowrap process (valgrind --tool=cachegrind, one pass); CPU (user + system
# of all of them, from getrusage) and wall time are the median of R passes, the two sides
# alternating. An edit loop stores its records in batches (a fold comes with a command, a warm
# lookup that reads them or 4 MiB of journal): "+ share of 10" is one edited shard's share of
# a fold of ten. At the end the cached outputs are compared with --no-cache's. Target: at most
# +10% in each mode.
# Without --cowrap (or COWRAP) it builds cowrap (Release) in build-cache-bench.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

headers=200 wrappers=50 reps=5 jobs=$(nproc) cowrap=${COWRAP:-} valgrind=1 cache_only=0
while (($#)); do
    case $1 in
        --headers) headers=$2; shift ;;
        --wrappers) wrappers=$2; shift ;;
        --reps) reps=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --cowrap) cowrap=$2; shift ;;
        --no-valgrind) valgrind=0 ;;
        --cache-only) cache_only=1 ;;
        -h | --help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "cache-cost: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
if [[ -z $cowrap ]]; then
    echo "[cache-cost] building cowrap (Release) in $top/build-cache-bench" >&2
    cmake -S "$top" -B "$top/build-cache-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$top/build-cache-bench" cowrap >&2
    cowrap=$top/build-cache-bench/cli/cowrap
fi
[[ -x $cowrap ]] || { echo "cache-cost: no cowrap binary at $cowrap" >&2; exit 1; }
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
    shards-*) xargs -P "$JOBS" -I{} bash -c 'run_cowrap generate "$@" -o "$WORK/out/{}.c" {}' _ "$@" <inputs.txt ;;
    shard-edited) run_cowrap generate "$@" -o "$WORK/out/$EDITED.c" "$EDITED" ;;
    mono-*) run_cowrap generate "$@" -o "$WORK/mono.c" "${inputs[@]}" ;;
    fold) run_cowrap cache stats "$@" ;;
esac
MODE
export WORK=$work COWRAP_BIN=$cowrap EDITED=$edited JOBS=$jobs

prepare() {  # MODE: the state it starts from
    case $1 in
        shards-cold) rm -rf "$work/out" "$db"* && mkdir -p "$work/out/include/bench" ;;
        shards-warm | mono-warm) touch "${inputs[@]}" ;;
        shards-comment) for h in "${inputs[@]}"; do python3 "$here/edit.py" comment "$h"; done ;;
        shard-edited | mono-edited) python3 "$here/edit.py" decl "$edited" ;;
        mono-cold) rm -rf "$work/mono.c" "$db"* ;;
    esac
}
modes=(shards-cold shards-warm shards-comment shard-edited mono-cold mono-warm mono-edited)
sides=(nocache cache)
if ((cache_only)); then sides=(cache); fi
side_args() { if [[ $1 == cache ]]; then echo "--cache $db"; else echo "--no-cache"; fi; }

# One pass over all modes for SIDE; with the cache, storing what a mode left pending is its own
# step.
declare -A ir cpu wall
timed() {  # KEY MODE ARGS...
    local key=$1
    shift
    rm -rf "$work/cg" && mkdir -p "$work/cg"
    # The children's CPU (every cowrap process) from getrusage, to the microsecond: GNU
    # time's 10 ms steps are a whole single-process mode.
    python3 - "$work/time.txt" bash "$work/mode.sh" "$@" <<'PY'
import resource, subprocess, sys, time
# Less what was counted before: a launcher (pyenv's) may have waited for children already.
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
user, system = r.ru_utime - before.ru_utime, r.ru_stime - before.ru_stime
with open(sys.argv[1], "w") as f:
    f.write(f"{wall:.6f} {user:.6f} {system:.6f}\n")
PY
    record "$key"
}
size=0
pass() {  # SIDE COUNT
    local side=$1 mode args
    export COUNT=$2
    counting=$2
    # shellcheck disable=SC2207
    args=($(side_args "$side"))
    for mode in "${modes[@]}"; do
        prepare "$mode"
        timed "$mode/$side" "$mode" "${args[@]}"
        if [[ $side == cache && -s $db.pending/runs ]]; then
            # What storing costs: the same command again, with nothing pending, is taken off.
            timed "$mode/fold" fold "${args[@]}"
            timed "$mode/idle" fold "${args[@]}"
        fi
        if [[ $mode == shard-edited && $side == cache ]]; then
            for ((i = 0; i < 10; i++)); do
                prepare "$mode"
                COUNT=0 bash "$work/mode.sh" "$mode" "${args[@]}" >/dev/null
            done
            timed "$mode/fold10" fold "${args[@]}"
            timed "$mode/idle10" fold "${args[@]}"
        fi
        if [[ $mode == shards-cold && $side == cache ]]; then
            size=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
        fi
    done
}
add() {  # ARRAY KEY VALUE: one more sample
    local -n a=$1
    a[$2]="${a[$2]:-} $3"
}
median() {  # SAMPLES...: their median
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
record() {
    local key=$1 w u s
    read -r w u s <"$work/time.txt"
    if ((counting)); then
        ir[$key]=$(cat "$work"/cg/* | awk '/^summary:/ { t += $2 } END { printf "%d", t }')
    else
        add cpu "$key" "$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.6f", u + s }')"
        add wall "$key" "$w"
    fi
}

if ((valgrind)); then
    for side in "${sides[@]}"; do pass "$side" 1; done
fi
for ((r = 0; r < reps; r++)); do
    for side in "${sides[@]}"; do pass "$side" 0; done
done

for key in "${!cpu[@]}"; do
    # shellcheck disable=SC2086
    cpu[$key]=$(median ${cpu[$key]})
    # shellcheck disable=SC2086
    wall[$key]=$(median ${wall[$key]})
done

# The cached outputs, brought up to date, against what --no-cache makes of the same headers.
if [[ ${sides[-1]} == cache ]]; then
    export COUNT=0
    bash "$work/mode.sh" shards-check --cache "$db" >/dev/null
    bash "$work/mode.sh" mono-check --cache "$db" >/dev/null
    mv "$work/out" "$work/cached" && mv "$work/mono.c" "$work/cached/mono.c"
    mkdir -p "$work/out/include/bench"
    bash "$work/mode.sh" shards-check --no-cache >/dev/null
    bash "$work/mode.sh" mono-check --no-cache >/dev/null
    mv "$work/mono.c" "$work/out/mono.c"
    diff -r "$work/cached" "$work/out" >/dev/null || { echo "cache-cost: cached outputs differ" >&2; exit 1; }
fi

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.1f%%", (a / b - 1) * 100; else print "-" }'; }
mi() { awk -v a="${1:-0}" 'BEGIN { printf "%.1f", a / 1e6 }'; }
printf 'cowrap cache cost: %d headers x %d wrappers, -j%d; instructions (M, all processes), CPU and wall s (median of %d)\n' \
    "$headers" "$wrappers" "$jobs" "$reps"
printf '%-14s %9s %9s %7s  %8s %8s %7s  %7s %7s %7s\n' mode "no cache" cache cost \
    "CPU none" "CPU cache" cost "wall no" "wall" cost
for mode in "${modes[@]}"; do
    printf '%-14s %9s %9s %7s  %8s %8s %7s  %7s %7s %7s\n' "$mode" "$(mi "${ir[$mode/nocache]:-0}")" \
        "$(mi "${ir[$mode/cache]:-0}")" "$(pct "${ir[$mode/cache]:-0}" "${ir[$mode/nocache]:-0}")" \
        "${cpu[$mode/nocache]:-}" "${cpu[$mode/cache]:-}" "$(pct "${cpu[$mode/cache]:-0}" "${cpu[$mode/nocache]:-0}")" \
        "${wall[$mode/nocache]:-}" "${wall[$mode/cache]:-}" "$(pct "${wall[$mode/cache]:-0}" "${wall[$mode/nocache]:-0}")"
    if [[ -n ${ir[$mode/fold]:-}${cpu[$mode/fold]:-} ]]; then
        # The fold's own cost: the command with something pending less the same with nothing.
        ir[$mode/fold]=$((${ir[$mode/fold]:-0} - ${ir[$mode/idle]:-0}))
        cpu[$mode/fold]=$(awk -v a="${cpu[$mode/fold]:-0}" -v b="${cpu[$mode/idle]:-0}" 'BEGIN { printf "%.4f", (a > b ? a - b : 0) }')
        wall[$mode/fold]=$(awk -v a="${wall[$mode/fold]:-0}" -v b="${wall[$mode/idle]:-0}" 'BEGIN { printf "%.4f", (a > b ? a - b : 0) }')
        printf '%-14s %9s %9s %7s  %8s %8s %7s  %7s %7s %7s\n' "  + fold" "" "$(mi "${ir[$mode/fold]:-0}")" \
            "$(pct "$((${ir[$mode/cache]:-0} + ${ir[$mode/fold]:-0}))" "${ir[$mode/nocache]:-0}")" \
            "" "${cpu[$mode/fold]:-}" \
            "$(pct "$(awk -v a="${cpu[$mode/cache]:-0}" -v b="${cpu[$mode/fold]:-0}" 'BEGIN { print a + b }')" "${cpu[$mode/nocache]:-0}")" \
            "" "${wall[$mode/fold]:-}" \
            "$(pct "$(awk -v a="${wall[$mode/cache]:-0}" -v b="${wall[$mode/fold]:-0}" 'BEGIN { print a + b }')" "${wall[$mode/nocache]:-0}")"
    fi
    if [[ -n ${ir[$mode/fold10]:-}${cpu[$mode/fold10]:-} ]]; then
        ir[$mode/share]=$(((${ir[$mode/fold10]:-0} - ${ir[$mode/idle10]:-0}) / 10))
        cpu[$mode/share]=$(awk -v a="${cpu[$mode/fold10]:-0}" -v b="${cpu[$mode/idle10]:-0}" 'BEGIN { printf "%.4f", (a > b ? (a - b) / 10 : 0) }')
        printf '%-14s %9s %9s %7s  %8s %8s %7s\n' "  + share of 10" "" "$(mi "${ir[$mode/share]:-0}")" \
            "$(pct "$((${ir[$mode/cache]:-0} + ${ir[$mode/share]:-0}))" "${ir[$mode/nocache]:-0}")" \
            "" "${cpu[$mode/share]:-}" \
            "$(pct "$(awk -v a="${cpu[$mode/cache]:-0}" -v b="${cpu[$mode/share]:-0}" 'BEGIN { print a + b }')" "${cpu[$mode/nocache]:-0}")"
    fi
done
if ((size)); then
    printf 'database after the cold shards and their fold: %d bytes, %d bytes per wrapper\n' "$size" $((size / (headers * wrappers)))
fi

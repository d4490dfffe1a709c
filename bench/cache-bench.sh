#!/usr/bin/env bash
# What the cache costs and saves, on a synthetic tree (not a test: it never fails on timing).
#
#   bench/cache-bench.sh [--headers N] [--wrappers M] [--reps R] [--jobs J] [--cowrap BIN]
#
# Generates N headers x M wrappers (default 200 x 50, QEMU style, bench/gen_tree.py), one shard
# per header, and prints, each the best of R repetitions (default 3; the runs compared with each
# other alternate):
#   - cold generation without the cache (--no-cache) and with it (no database);
#   - storing the runs the cold generation left pending (once, in the next process that opens
#     the database: `cowrap cache stats` here), and cold plus that against no cache;
#   - a rerun with and without the cache after touching every header (mtime changes, bytes
#     do not);
#   - a rerun with the cache after editing a comment in every header;
#   - the database size per wrapper.
# Shards run J at a time (default: the number of CPUs), as ninja would. Times are wall clock
# and CPU (user + system) summed over all cowrap processes; CPU is the steadier figure on a
# busy machine. Target: the cache costs at most 10% on a cold run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

headers=200 wrappers=50 reps=3 jobs=$(nproc) cowrap=${COWRAP:-}
while (($#)); do
    case $1 in
        --headers) headers=$2; shift ;;
        --wrappers) wrappers=$2; shift ;;
        --reps) reps=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --cowrap) cowrap=$2; shift ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "cache-bench: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
if [[ -z $cowrap ]]; then
    echo "[cache-bench] building cowrap (Release) in $top/build-cache-bench" >&2
    cmake -S "$top" -B "$top/build-cache-bench" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$top/build-cache-bench" cowrap >&2
    cowrap=$top/build-cache-bench/cli/cowrap
fi
[[ -x $cowrap ]] || { echo "cache-bench: no cowrap binary at $cowrap" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-cache-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_tree.py" --headers "$headers" --wrappers "$wrappers" "$work/tree" >/dev/null
cd "$work/tree"
mapfile -t inputs <inputs.txt
unset COWRAP_CACHE

# One shard per header, $jobs at a time; the arguments are extra generate options.
cat >"$work/gen.sh" <<GEN
#!/usr/bin/env bash
cd "$work/tree"
xargs -P "$jobs" -I@ "$cowrap" generate "\$@" -o "$work/out/@.c" @ <inputs.txt
GEN
chmod +x "$work/gen.sh"

# measure LABEL PREPARE CMD...: one run of CMD after PREPARE (a shell snippet, not timed); keeps
# the best wall and CPU seconds seen for LABEL. Callers repeat it $reps times, alternating the
# labels they compare, so that a slow phase of the machine hits both sides alike.
declare -A wall cpu
measure() {
    local label=$1 prepare=$2
    shift 2
    eval "$prepare"
    # /usr/bin/time reports the children's CPU: every cowrap process.
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S" "$@" >/dev/null
    local w u s c
    read -r w u s <"$work/time.txt"
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    if [[ -z ${wall[$label]:-} ]] || awk -v a="$w" -v b="${wall[$label]}" 'BEGIN { exit !(a < b) }'; then
        wall[$label]=$w
    fi
    if [[ -z ${cpu[$label]:-} ]] || awk -v a="$c" -v b="${cpu[$label]}" 'BEGIN { exit !(a < b) }'; then
        cpu[$label]=$c
    fi
}

db=$work/cache.db
fresh_outputs='rm -rf "$work/out" && mkdir -p "$work/out/include/bench"'
cached=("$work/gen.sh" --cache "$db")
uncached=("$work/gen.sh" --no-cache)

for ((r = 0; r < reps; r++)); do
    measure nocache "$fresh_outputs" "${uncached[@]}"
    [[ -d $work/reference ]] || cp -r "$work/out" "$work/reference"
    measure cold "$fresh_outputs; rm -rf \"\$db\"*" "${cached[@]}"
done
diff -r "$work/out" "$work/reference" >/dev/null || { echo "cache-bench: cached outputs differ" >&2; exit 1; }
# Cold runs leave their records pending (cache/pending.hpp); the next process that opens the
# database stores them all. Timed on its own: `cache stats` does only that and a few counts.
pending=$({ grep -aoF COWRAPRN "$db.pending/runs" 2>/dev/null || true; } | wc -l)
/usr/bin/time -o "$work/time.txt" -f "%e %U %S" "$cowrap" cache stats --cache "$db" >/dev/null
read -r fold_wall fold_u fold_s <"$work/time.txt"
fold_cpu=$(awk -v u="$fold_u" -v s="$fold_s" 'BEGIN { printf "%.2f", u + s }')
size=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))
for ((r = 0; r < reps; r++)); do
    measure touched_nocache 'touch "${inputs[@]}"' "${uncached[@]}"
    measure touched 'touch "${inputs[@]}"' "${cached[@]}"
done
for ((r = 0; r < reps; r++)); do
    measure comment 'for h in "${inputs[@]}"; do python3 "$here/edit.py" comment "$h"; done' "${cached[@]}"
done
diff -r "$work/out" "$work/reference" >/dev/null || { echo "cache-bench: cached outputs differ" >&2; exit 1; }

total=$((headers * wrappers))
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }'; }
printf 'cowrap cache benchmark: %d headers x %d wrappers = %d wrappers, %d shards, -j%d, best of %d\n' \
    "$headers" "$wrappers" "$total" "$headers" "$jobs" "$reps"
printf '%-44s %8s %8s\n' "" "wall s" "CPU s"
printf '%-44s %8s %8s\n' "cold, no cache" "${wall[nocache]}" "${cpu[nocache]}"
printf '%-44s %8s %8s   (%s wall, %s CPU)\n' "cold, with the cache (empty database)" \
    "${wall[cold]}" "${cpu[cold]}" "$(pct "${wall[cold]}" "${wall[nocache]}")" \
    "$(pct "${cpu[cold]}" "${cpu[nocache]}")"
printf '%-44s %8s %8s   (%d pending runs; cold + fold: %s wall, %s CPU)\n' \
    "storing the pending runs (next opening)" "$fold_wall" "$fold_cpu" "$pending" \
    "$(pct "$(awk -v a="${wall[cold]}" -v b="$fold_wall" 'BEGIN { print a + b }')" "${wall[nocache]}")" \
    "$(pct "$(awk -v a="${cpu[cold]}" -v b="$fold_cpu" 'BEGIN { print a + b }')" "${cpu[nocache]}")"
printf '%-44s %8s %8s\n' "every header touched, no cache" "${wall[touched_nocache]}" "${cpu[touched_nocache]}"
printf '%-44s %8s %8s   (%s wall, %s CPU)\n' "every header touched, with the cache" \
    "${wall[touched]}" "${cpu[touched]}" "$(pct "${wall[touched]}" "${wall[touched_nocache]}")" \
    "$(pct "${cpu[touched]}" "${cpu[touched_nocache]}")"
printf '%-44s %8s %8s\n' "a comment edited in every header, cache" "${wall[comment]}" "${cpu[comment]}"
printf 'database: %d bytes, %d bytes per wrapper\n' "$size" $((size / total))

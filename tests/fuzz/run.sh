#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time on a
# corpus seeded from the test headers (tests/golden, tests/bad-input, examples). Any crash,
# leak, sanitizer report, timeout or broken invariant fails the run and leaves the input under
# the build folder's artifacts/; add it to tests/bad-input/ as a regression.
#
#   tests/fuzz/run.sh             CI run: 120 s per target (the two run side by side)
#   tests/fuzz/run.sh --long      the documented long run: 600 s per target
#   tests/fuzz/run.sh --time N    N seconds per target
# Environment: COWRAP_FUZZ_BUILD (build folder, default out/fuzz), COWRAP_FUZZ_TIME.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${COWRAP_FUZZ_TIME:-120}
while (($#)); do
  case $1 in
    --long) seconds=600 ;;
    --time) seconds=$2; shift ;;
    *) echo "usage: $0 [--long | --time SECONDS]" >&2; exit 2 ;;
  esac
  shift
done
build=${COWRAP_FUZZ_BUILD:-$top/out/fuzz}
targets=(grammar_fuzz generate_fuzz)

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is needed (scripts/setup.sh installs it)" >&2
  exit 1
fi
echo "== building the fuzz targets in $build"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOWRAP_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build "$build" --target "${targets[@]}"

# Seeds: every header the tests use, each prefixed by the options byte the targets read first
# (0: defaults; for generate_fuzz the dialect is the low three bits, so 0-6 cover all of them).
seeds=$build/seeds
rm -rf "$seeds" && mkdir -p "$seeds/grammar_fuzz" "$seeds/generate_fuzz"
n=0
while IFS= read -r -d '' h; do
  n=$((n + 1))
  [[ $(stat -c %s "$h") -le 65536 ]] || continue
  { printf '\x00'; cat "$h"; } >"$seeds/grammar_fuzz/$n.h"
  { printf '\x03'; cat "$h"; } >"$seeds/grammar_fuzz/$n-b.h"
  for d in 0 1 2 3 4 5 6; do
    { printf "\\x0$d"; cat "$h"; } >"$seeds/generate_fuzz/$n-$d.h"
  done
  { printf '\x1e'; cat "$h"; } >"$seeds/generate_fuzz/$n-split.h"
done < <(find "$top/tests/golden" "$top/tests/bad-input" "$top/examples" -type f \
  \( -name '*.h' -o -name '*.c' \) -print0 2>/dev/null)
echo "== seeds: $n headers"

status=0
mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t
  mkdir -p "$corpus"
  # libFuzzer first runs every seed (so the bad-input regressions stay fixed), then fuzzes.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/$t" -max_len=16384 -timeout=20 -rss_limit_mb=4096 \
    -dict="$top/tests/fuzz/cowrap.dict" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" "$corpus" "$seeds/$t" >"$build/$t.log" 2>&1 &
  pids+=($!)
done
for i in "${!targets[@]}"; do
  t=${targets[i]}
  if ! wait "${pids[i]}"; then
    status=1
    echo "FAIL: $t found a problem:" >&2
    grep -E 'ERROR|invariant|SUMMARY|runtime error|Test unit written|deadly signal|timeout' \
      "$build/$t.log" | head -20 >&2
  fi
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$build/$t.log" | grep -oE '[0-9]+$' || echo '?')
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$build/$t.log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "$build/$t.log" | tail -1 || true)
  echo "$t: ${seconds} s, $execs executions ($rate/s), corpus $(ls "$build/corpus/$t" | wc -l) files, $cov"
done
ls "$build/artifacts" | sed 's/^/artifact: /'
exit $status

#!/usr/bin/env bash
# Sets up a fresh machine and runs cowrap's whole test suite:
#   1. CMake + Ninja with g++, warnings as errors: every test (unit, golden, runtime,
#      cache, integration, reliability, QEMU);
#   2. Meson with clang++, warnings as errors: the same suite minus the slow QEMU,
#      integration and fuzz scripts (they drive a binary step 1 already covered);
#   3. AddressSanitizer + UBSan build: unit tests and the script tests that exercise
#      cowrap's own code paths (golden, runtime, cache, bad input, kill, concurrency,
#      damaged caches, determinism). Any report aborts the process (SIGABRT), so it can
#      never pass for an ordinary exit status 1.
# The short fuzz run (tests/fuzz/run.sh, label/suite "fuzz", ~2 min per target, its own
# clang ASan+UBSan build under out/fuzz) runs in step 1; the 10-minute run is
# `tests/fuzz/run.sh --long` (docs/reliability.md).
# Build folders live under out/. COWRAP_TEST_QUICK=1 skips the QEMU tests.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

if [[ "${COWRAP_TEST_QUICK:-0}" == 1 ]]; then
  scripts/setup.sh
else
  scripts/setup.sh --with-qemu
fi

jobs=$(nproc)
qemu_filter=()
[[ "${COWRAP_TEST_QUICK:-0}" == 1 ]] && qemu_filter=(-LE qemu)

echo "== CMake + Ninja, g++ =="
cmake -S . -B out/cmake-gcc -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc -DCOWRAP_WERROR=ON >/dev/null
cmake --build out/cmake-gcc
ctest --test-dir out/cmake-gcc --output-on-failure -j "$jobs" "${qemu_filter[@]}"

echo "== Meson, clang++ =="
if [[ ! -d out/meson-clang ]]; then
  CC=clang CXX=clang++ meson setup out/meson-clang -Dwerror=true >/dev/null
fi
meson compile -C out/meson-clang
meson test -C out/meson-clang --print-errorlogs --no-suite qemu --no-suite integration \
  --no-suite fuzz

echo "== AddressSanitizer + UBSan =="
cmake -S . -B out/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCOWRAP_SANITIZE=ON \
  -DCOWRAP_WERROR=ON >/dev/null
cmake --build out/asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1:strict_string_checks=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1 \
  ctest --test-dir out/asan --output-on-failure -j "$jobs" -LE 'qemu|integration|bench|fuzz'

echo "all test runs passed ($top)"

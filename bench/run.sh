#!/usr/bin/env bash
# cowrap's benchmarks: one command, prints a table of ratios (docs/benchmarks.md).
#
#   bench/run.sh [--smoke] [--only qemu,gen,speed,build,cache] [--work DIR] [--cowrap BIN]
#                [--cowrap-static BIN]
#
# The cowrap binary: --cowrap, else $COWRAP, else an optimised build in build-bench/
# (configured and built here when missing; the smoke run takes $COWRAP or build-bench).
# The static build for the start-up rows (-DCOWRAP_STATIC_DEPS=ON): --cowrap-static, else
# $COWRAP_STATIC, else build-bench-static/ (built here, except by the smoke run).
# The work folder (trees, outputs, builds; a few GB for the full run): --work, else
# $COWRAP_BENCH_WORK, else /tmp/cowrap-bench; the smoke run uses a temporary folder.
# QEMU 10.0.2: tests/qemu/fetch.sh's cache (${COWRAP_QEMU_CACHE:-/var/cache/cowrap-qemu}).
# Never fails on timing: only a broken driver, a failing cowrap or a missing tool fail it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

smoke=0 cowrap=${COWRAP:-} static=${COWRAP_STATIC:-} work=${COWRAP_BENCH_WORK:-} args=()
while (($#)); do
  case $1 in
    --smoke) smoke=1; args+=(--smoke) ;;
    --cowrap) cowrap=$2; shift ;;
    --cowrap-static) static=$2; shift ;;
    --work) work=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [[ -z "$cowrap" ]]; then
  bld=$top/build-bench
  if [[ $smoke == 0 || ! -x $bld/cowrap && ! -x $bld/cli/cowrap ]]; then
    echo "[bench] building cowrap (Release) in $bld" >&2
    cmake -S "$top" -B "$bld" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$bld" cowrap >&2
  fi
  for c in "$bld/cowrap" "$bld/cli/cowrap"; do [[ -x $c ]] && cowrap=$c && break; done
fi
[[ -x "$cowrap" ]] || { echo "[bench] no cowrap binary ($cowrap)" >&2; exit 1; }
if [[ -z "$static" && $smoke == 0 ]]; then
  sbld=$top/build-bench-static
  echo "[bench] building the static cowrap (Release, COWRAP_STATIC_DEPS) in $sbld" >&2
  if cmake -S "$top" -B "$sbld" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOWRAP_STATIC_DEPS=ON \
      -DBUILD_TESTING=OFF >/dev/null && ninja -C "$sbld" cowrap >&2; then
    static=$sbld/cli/cowrap
  else
    echo "[bench] no static build: its rows read n/a" >&2
  fi
fi
if [[ -n "$static" ]]; then args+=(--cowrap-static "$static"); fi

cleanup=
if [[ -z "$work" ]]; then
  if [[ $smoke == 1 ]]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-bench-smoke.XXXXXX")
    cleanup=$work
  else
    work=/tmp/cowrap-bench
  fi
fi
trap 'if [[ -n "$cleanup" ]]; then rm -rf "$cleanup"; fi' EXIT
mkdir -p "$work"
python3 "$here/bench.py" --cowrap "$cowrap" --work "$work" "${args[@]}"

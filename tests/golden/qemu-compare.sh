#!/usr/bin/env bash
# QEMU as an oracle for the golden headers: runs QEMU's own block-coroutine-wrapper.py
# (QEMU 10.0.2 for qemu-9.0, QEMU 7.2 for qemu-6.2) and cowrap on the golden inputs that the
# script recognises, and requires equal C token streams (tests/qemu/ctokens.py).
# The layout.h inputs are left out: they hold what the script misses by design.
#
# Environment: COWRAP (required); COWRAP_QEMU_CACHE (tarball cache, see tests/qemu/fetch.sh).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
qemu_tests=$here/../qemu
require_cowrap

make_work_folder golden-qemu
tmp=$WORK

# version  dialect  inputs
cases=(
  "10.0.2 qemu-9.0 inputs/modern/block-io.h inputs/modern/block-global-state.h"
  "7.2 qemu-6.2 inputs/legacy/block-io.h inputs/legacy/block-backend.h"
)

failed=()
for case in "${cases[@]}"; do
  read -r version dialect inputs <<<"$case"
  read -r -a files <<<"$inputs"
  bash "$qemu_tests/fetch.sh" "$version"
  tarball=$(compgen -G "${COWRAP_QEMU_CACHE:-/var/cache/cowrap-qemu}/qemu_$version+*.orig.tar.xz" |
    head -1 || true)
  if [[ -z "$tarball" ]]; then
    echo "FAIL: no QEMU $version tarball after tests/qemu/fetch.sh" >&2
    exit 1
  fi
  mkdir -p "$tmp/$version"
  tar --no-same-owner -xJf "$tarball" -C "$tmp/$version" --strip-components=1 \
    --wildcards '*/scripts/block-coroutine-wrapper.py'
  (cd "$here" && python3 "$tmp/$version/scripts/block-coroutine-wrapper.py" \
    "$tmp/qemu-$dialect.c" "${files[@]}")
  (cd "$here" && "$COWRAP" generate --no-cache --dialect "$dialect" -o "$tmp/cowrap-$dialect.c" \
    "${files[@]}")
  if python3 "$qemu_tests/ctokens.py" "$tmp/qemu-$dialect.c" "$tmp/cowrap-$dialect.c"; then
    echo "ok   $dialect equals QEMU $version's script"
  else
    echo "FAIL $dialect differs from QEMU $version's script on ${files[*]}" >&2
    failed+=("$dialect")
  fi
done

if ((${#failed[@]})); then
  echo "golden-qemu: ${#failed[@]} dialect(s) failed: ${failed[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Compile-and-run test: for each dialect, generates the shard for that dialect's test
# headers, compiles it with the stand-in QEMU runtime (include/, runtime.c) and the test
# program, runs it, and checks that every wrapper passes its arguments through, returns the
# target's result, runs in or out of a coroutine as its kind requires, and takes and releases
# the right locks (and AioContext) in the right order.
#
# Environment: COWRAP (the binary; required), CC (default cc).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
require_cowrap
CC=${CC:-cc}
cflags=(-std=gnu11 -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes)

# dialect  version  test program  headers
cases=(
  "qemu-5.2 502 legacy/test.c legacy/block.h"
  "qemu-6.1 601 legacy/test.c legacy/block.h"
  "qemu-6.2 602 legacy/test.c legacy/block.h legacy/block-backend.h"
  "qemu-8.0 800 modern/test.c modern/block.h"
  "qemu-8.1 801 modern/test.c modern/block.h"
  "qemu-8.2 802 modern/test.c modern/block.h modern/locks.h"
  "qemu-9.0 900 modern/test.c modern/block.h modern/locks.h"
)

make_work_folder runtime
tmp=$WORK

failed=()
for case in "${cases[@]}"; do
  read -r dialect version program headers <<<"$case"
  read -r -a files <<<"$headers"
  dir="$tmp/$dialect"
  mkdir -p "$dir"
  # block/coroutines.h includes wrappers.h: the marked prototypes of this dialect's headers.
  inputs=()
  for h in "${files[@]}"; do
    inputs+=("$here/$h")
    echo "#include \"$here/$h\"" >>"$dir/wrappers.h"
  done
  if ! "$COWRAP" generate --no-cache --dialect "$dialect" -o "$dir/block-gen.c" "${inputs[@]}" \
      2>"$dir/log"; then
    echo "FAIL $dialect: cowrap generate:" >&2
    cat "$dir/log" >&2
    failed+=("$dialect")
    continue
  fi
  if ! "$CC" "${cflags[@]}" -DCOWRAP_QEMU_VERSION="$version" -I"$here/include" -I"$here" \
      -I"$dir" -o "$dir/test" "$dir/block-gen.c" "$here/runtime.c" "$here/$program" \
      >"$dir/log" 2>&1; then
    echo "FAIL $dialect: the generated code does not compile with the $dialect runtime:" >&2
    cat "$dir/log" >&2
    failed+=("$dialect")
    continue
  fi
  if ! "$dir/test" >"$dir/log" 2>&1; then
    echo "FAIL $dialect: the test program failed:" >&2
    cat "$dir/log" >&2
    failed+=("$dialect")
    continue
  fi
  echo "ok   $dialect"
done

if ((${#failed[@]})); then
  echo "runtime: ${#failed[@]} dialect(s) failed: ${failed[*]}" >&2
  exit 1
fi

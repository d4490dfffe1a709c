#!/usr/bin/env bash
# Golden test: generates one shard per dialect from the headers in inputs/ and compares it
# byte for byte with expected/<dialect>.c.
#
#   run.sh            fail (and show the diff) on any difference
#   run.sh --update   rewrite expected/ from the current cowrap (review the diff by hand!)
#
# Environment: COWRAP (the binary; required).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
require_cowrap
update=0
if [[ "${1:-}" == "--update" ]]; then
  update=1
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--update]" >&2
  exit 2
fi

# dialect: inputs, in command-line order (relative to this folder, as the shard shows them)
legacy="inputs/legacy/block-io.h inputs/legacy/layout.h"
modern="inputs/modern/block-io.h inputs/modern/layout.h"
modern_locks="inputs/modern/block-io.h inputs/modern/block-global-state.h inputs/modern/layout.h"
cases=(
  "qemu-5.2 $legacy"
  "qemu-6.1 $legacy"
  "qemu-6.2 inputs/legacy/block-io.h inputs/legacy/block-backend.h inputs/legacy/layout.h"
  "qemu-8.0 $modern"
  "qemu-8.1 $modern"
  "qemu-8.2 $modern_locks"
  "qemu-9.0 $modern_locks"
)

make_work_folder golden
tmp=$WORK
cd "$here"

failed=()
for case in "${cases[@]}"; do
  read -r dialect inputs <<<"$case"
  read -r -a files <<<"$inputs"
  out="$tmp/$dialect.c"
  if ! "$COWRAP" generate --no-cache --dialect "$dialect" -o "$out" "${files[@]}" 2>"$tmp/stderr"; then
    echo "FAIL $dialect: cowrap generate exited non-zero:" >&2
    cat "$tmp/stderr" >&2
    failed+=("$dialect")
    continue
  fi
  expected="expected/$dialect.c"
  if ((update)); then
    cp "$out" "$expected"
    echo "updated $expected"
  elif ! diff -u "$expected" "$out" >"$tmp/diff"; then
    echo "FAIL $dialect: output differs from tests/golden/$expected:" >&2
    cat "$tmp/diff" >&2
    failed+=("$dialect")
  else
    echo "ok   $dialect"
  fi
done

if ((${#failed[@]})); then
  echo "golden: ${#failed[@]} dialect(s) failed: ${failed[*]}" >&2
  exit 1
fi

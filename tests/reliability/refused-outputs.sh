#!/usr/bin/env bash
# Outputs are only ever outputs: each run below must be refused with a clear
# error and exit 2, within a timeout (a FIFO must not hang it), leaving every input and
# existing file byte-identical and writing nothing. Then the cases that must work: a symlink
# to a regular file as output (the target is replaced, the link stays) and a run that finds
# no wrapper (one warning, exit 0, the file written).
#
#   bash tests/reliability/refused-outputs.sh     (needs $COWRAP)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runtime=$(cd "$reliability_dir/../runtime" && pwd)

mkdir "$work/t"
cd "$work/t"
log=$work/err.log
mkdir -p inc sub dir
cp "$runtime/modern/block.h" inc/a.h
echo "int no_co_wrapper bdrv_co_b(BlockDriverState *bs);" >inc/b.h
echo "/* nothing marked */" >inc/none.h
echo "old output" >old.c
ln -s inc/a.h link-to-input.h
ln -s dir link-to-dir
mkfifo fifo
ln -s fifo link-to-fifo
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' sock
# Stand-ins for /dev/null and /dev/stdout inside the test folder: a cowrap that regressed
# must not replace the machine's own (as root it could).
have_null=0
if mknod null c 1 3 2>/dev/null; then have_null=1; fi
ln -s /proc/self/fd/1 stdout

snapshot() { find . -print0 | sort -z | xargs -0 stat -c '%n %F %s %Y %i' 2>/dev/null; }
sums() { sha256sum inc/*.h old.c; }
before=$(snapshot)
before_sums=$(sums)

# refuse LABEL EXPECTED-TEXT ARGS...: cowrap ARGS exits 2 saying EXPECTED-TEXT, and changes
# nothing in the folder.
refuse() {
  local label=$1 text=$2 rc=0
  shift 2
  # stdout is a pipe, as for a run in a terminal or under a build tool.
  timeout -k 2 10 "$COWRAP" "$@" </dev/null 2>"$log" > >(cat >/dev/null) || rc=$?
  if ((rc != 2)); then soft_fail "$label: exit $rc, want 2 ($(head -2 "$log"))"; fi
  grep -qF -- "$text" "$log" || soft_fail "$label: stderr lacks '$text': $(head -2 "$log")"
  [[ "$(snapshot)" == "$before" ]] || { soft_fail "$label: the folder changed"; diff <(echo "$before") <(snapshot) | head -4 >&2 || true; }
  [[ "$(sums)" == "$before_sums" ]] || soft_fail "$label: a file's bytes changed"
}

refuse "output is the input" "is the input 'inc/a.h'" generate --no-cache -o inc/a.h inc/a.h
refuse "output is the input through ../" "is the input" generate --no-cache -o sub/../inc/a.h inc/a.h
refuse "output is a symlink to the input" "is the input" generate --no-cache -o link-to-input.h inc/a.h
refuse "input is a symlink to the output" "is the input" generate --no-cache -o inc/a.h link-to-input.h
refuse "depfile is an input" "the depfile 'inc/b.h' is the input" generate --no-cache -o new.c --depfile inc/b.h inc/a.h inc/b.h
refuse "depfile is the output" "is the same file as the output" generate --no-cache -o new.c --depfile new.c inc/a.h
refuse "depfile is the output through ./" "is the same file as the output" generate --no-cache -o old.c --depfile ./old.c inc/a.h
refuse "cache is an input" "the cache 'inc/a.h' is the input" generate -o new.c --cache inc/a.h inc/a.h
refuse "cache is the output" "is the same file as the output" generate -o old.c --cache old.c inc/a.h
if ((have_null)); then
  refuse "output is a device like /dev/null" "is a device" generate --no-cache -o null inc/a.h
else
  echo "(not root: no device node to test with)"
fi
refuse "output is a symlink like /dev/stdout, to a pipe" "is a symlink to a FIFO" generate --no-cache -o stdout inc/a.h
refuse "output is a FIFO" "is a FIFO" generate --no-cache -o fifo inc/a.h
refuse "output is a symlink to a FIFO" "is a symlink to a FIFO" generate --no-cache -o link-to-fifo inc/a.h
refuse "output is a socket" "is a socket" generate --no-cache -o sock inc/a.h
refuse "output is a folder" "is a folder" generate --no-cache -o dir inc/a.h
refuse "output is a symlink to a folder" "is a symlink to a folder" generate --no-cache -o link-to-dir inc/a.h
refuse "depfile is a FIFO" "the depfile 'fifo' is a FIFO" generate --no-cache -o new.c --depfile fifo inc/a.h
refuse "drop-in: output ends in .h (arguments swapped)" "is a header" inc/b.h new.c
refuse "drop-in: output is its own input" "is a header" inc/a.h inc/a.h
refuse "drop-in: a mistyped command" "unknown command 'lst'; did you mean 'list'?" lst inc/a.h
refuse "drop-in: a mistyped command" "did you mean 'generate'?" generat -o new.c inc/a.h
refuse "drop-in: a mistyped command" "did you mean 'check'?" chek inc/a.h
if ((have_null)); then [[ -c null ]] || soft_fail "the device node is gone"; fi
[[ -L stdout ]] || soft_fail "the stdout symlink is gone"
[[ -p fifo ]] || soft_fail "the FIFO is gone"

# A symlink to a regular file as output: the target is replaced, the link stays.
echo "old target" >target.c
ln -s target.c link.c
"$COWRAP" generate --no-cache -o link.c inc/b.h || soft_fail "output through a symlink failed"
[[ -L link.c && "$(readlink link.c)" == target.c ]] || soft_fail "the symlink was replaced"
grep -q 'bdrv_co_b' target.c || soft_fail "the symlink's target was not written"

# No wrapper in any input: one warning, exit 0, the file holds the prologue (as QEMU's
# script writes it).
rc=0
"$COWRAP" empty.c inc/none.h 2>"$log" || rc=$?
((rc == 0)) || soft_fail "no wrapper: exit $rc"
[[ $(grep -c 'warning: no wrapper declaration' "$log") == 1 ]] || soft_fail "no wrapper: warnings: $(cat "$log")"
grep -q '#include "qemu/osdep.h"' empty.c || soft_fail "no wrapper: the file was not written"
# A good drop-in run is unaffected.
"$COWRAP" good.c inc/a.h 2>"$log" || soft_fail "drop-in run failed: $(cat "$log")"
[[ ! -s "$log" ]] || soft_fail "a good drop-in run printed: $(cat "$log")"

echo "refused-outputs: $failures failures"
((failures == 0))

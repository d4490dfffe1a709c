#!/usr/bin/env bash
# `cowrap check --strict` on QEMU 10.0.2's block_gen_c inputs: every wrapper
# against its target's declarations must give no error. The warnings are printed (and
# counted) for the record; docs/strict.md explains the ones QEMU 10.0.2 gives.
#
# Environment: COWRAP (the binary), COWRAP_QEMU_CACHE (tarball cache),
# COWRAP_QEMU_WORK (work folder; default a temporary one, removed on success).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
QLOG_TAG=strict

COWRAP=$(readlink -f "$(find_cowrap)")  # the checks below run from the tree
if [[ -n "${COWRAP_QEMU_WORK:-}" ]]; then
  WORK=$COWRAP_QEMU_WORK; mkdir -p "$WORK"; keep_work=1
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-strict.XXXXXX"); keep_work=0
fi
on_failure() { keep_work=1; }  # soft_fail (tests/lib.sh) keeps the folder

# The JSON form on a project-written header: one error with its note, one warning.
json_smoke() {
  local h=$WORK/smoke.h out=$WORK/smoke.json rc=0
  cat >"$h" <<'EOF'
int coroutine_fn bdrv_co_foo(BlockDriverState *bs);
int co_wrapper bdrv_foo(BdrvChild *c);
int co_wrapper bdrv_bar(BlockDriverState *bs);
EOF
  "$COWRAP" check --strict --format json "$h" >"$out" || rc=$?
  ((rc == 1)) || soft_fail "json smoke: exit $rc, expected 1"
  python3 - "$out" "$h" <<'EOF' || soft_fail "json smoke: unexpected JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["format"] == 1 and doc["command"] == "check" and doc["ok"] is False, doc
d = doc["diagnostics"]
assert [x["severity"] for x in d] == ["error", "warning"], d
e = d[0]
assert (e["header"], e["line"], e["column"]) == (sys.argv[2], 2, 25), e
assert "has type 'BdrvChild *'" in e["message"], e
assert [(n["severity"], n["line"], n["column"]) for n in e["notes"]] == [("note", 1, 30)], e
assert d[1]["notes"] == [] and "bdrv_co_bar" in d[1]["message"], d[1]
EOF
  rc=0
  "$COWRAP" check --strict "$h" 2>/dev/null && rc=0 || rc=$?
  ((rc == 1)) || soft_fail "text smoke: exit $rc, expected 1"
  rc=0
  # Inputs are regular files (a pipe such as <(...) is refused): the header minus line 2.
  local h2=${h%.h}-warnings.h
  sed 2d "$h" >"$h2"
  "$COWRAP" check --strict --require-targets "$h2" 2>"$out" || rc=$?
  ((rc == 1)) || soft_fail "--require-targets: exit $rc, expected 1"
  grep -q "bdrv_co_bar" "$out" || soft_fail "--require-targets: no error for bdrv_co_bar: $(cat "$out")"
  "$COWRAP" check --strict "$h2" 2>/dev/null || soft_fail "warnings alone must exit 0"
  qlog "json/text smoke done"
}

json_smoke

version=10.0.2
bash "$QEMU_TEST_DIR/fetch.sh" "$version"  # downloads the tarball when it is not cached
tarball=$COWRAP_QEMU_CACHE/qemu_${version}+ds.orig.tar.xz
tree=$WORK/qemu-$version
mkdir -p "$tree"
# Only the folders the inputs live in: much faster than the whole tree.
tar --no-same-owner -xJf "$tarball" -C "$tree" --strip-components=1 --wildcards \
  "qemu-$version/block/*" "qemu-$version/include/*"
mapfile -t inputs < <(block_gen_inputs "$tree")
qlog "inputs: ${inputs[*]}"

log=$WORK/strict.log rc=0
(cd "$tree" && "$COWRAP" check --strict "${inputs[@]}") >"$log" 2>&1 || rc=$?
cat "$log"
errors=$(grep -c ': error: ' "$log" || true)
warnings=$(grep -c ': warning: ' "$log" || true)
qlog "$version: check --strict exited $rc: $errors error(s), $warnings warning(s)"
((rc == 0 && errors == 0)) || soft_fail "$version: check --strict reports errors"

# The JSON form must say the same.
(cd "$tree" && "$COWRAP" check --strict --format json "${inputs[@]}") >"$WORK/strict.json" || true
python3 - "$WORK/strict.json" "$errors" "$warnings" <<'EOF' || soft_fail "$version: JSON form differs"
import json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
assert sum(x["severity"] == "error" for x in d) == int(sys.argv[2]), d
assert sum(x["severity"] == "warning" for x in d) == int(sys.argv[3]), d
EOF

if ((failures)); then
  qlog "$failures check(s) failed; work folder kept: $WORK"
  exit 1
fi
((keep_work)) || rm -rf "$WORK"
qlog "ok: no errors from check --strict on QEMU $version's block_gen_c inputs"

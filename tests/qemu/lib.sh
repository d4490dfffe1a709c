# Shared helpers of the QEMU tests (sourced, not run).
# Nothing of QEMU's is kept in this repository: sources come from Debian's
# source packages at test time and are cached outside the checkout.

QEMU_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
COWRAP_SOURCE_DIR=${COWRAP_SOURCE_DIR:-$(cd "$QEMU_TEST_DIR/../.." && pwd)}
COWRAP_QEMU_CACHE=${COWRAP_QEMU_CACHE:-/var/cache/cowrap-qemu}
DEBIAN_SUITE=bookworm

qlog() { printf '[%s %s] %s\n' "${QLOG_TAG:-qemu}" "$(date +%H:%M:%S)" "$*"; }
qdie() { qlog "FAIL: $*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# `timed LABEL CMD...`: runs CMD, records "LABEL  N s" for the summary.
QTIMES=()
timed() {
  local label=$1; shift
  local t0=$SECONDS
  "$@"
  local rc=$?
  QTIMES+=("$(printf '%-44s %5d s' "$label" $((SECONDS - t0)))")
  return $rc
}
print_times() {
  qlog "times:"
  local t
  for t in "${QTIMES[@]}"; do printf '    %s\n' "$t"; done
}

# Resolves the cowrap binary: $COWRAP, else a build folder of this checkout.
find_cowrap() {
  if [[ -n "${COWRAP:-}" ]]; then echo "$COWRAP"; return; fi
  local b
  for b in build build-qemu buildm; do
    if [[ -x "$COWRAP_SOURCE_DIR/$b/cowrap" ]]; then echo "$COWRAP_SOURCE_DIR/$b/cowrap"; return; fi
    if [[ -x "$COWRAP_SOURCE_DIR/$b/cli/cowrap" ]]; then echo "$COWRAP_SOURCE_DIR/$b/cli/cowrap"; return; fi
  done
  qdie "set COWRAP to the cowrap binary"
}

# The block_gen_c inputs of a QEMU tree, in order, relative to the tree top.
block_gen_inputs() {
  local tree=$1
  python3 - "$tree/block/meson.build" <<'EOF'
import re, sys, os
text = open(sys.argv[1]).read()
m = re.search(r"block_gen_c\s*=\s*custom_target\((.*?)\n\s*command:", text, re.S)
if not m:
    sys.exit("block_gen_c not found in " + sys.argv[1])
files = re.search(r"input\s*:\s*files\((.*?)\)", m.group(1), re.S)
for name in re.findall(r"'([^']+)'", files.group(1)):
    print(os.path.normpath(os.path.join("block", name)))
EOF
}

# Shared helpers of the QEMU tests (sourced, not run).
# Nothing of QEMU's is kept in this repository: sources come from Debian's
# source packages at test time and are cached outside the checkout.

QEMU_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$QEMU_TEST_DIR/../lib.sh"
COWRAP_SOURCE_DIR=${COWRAP_SOURCE_DIR:-$(cd "$QEMU_TEST_DIR/../.." && pwd)}
COWRAP_QEMU_CACHE=${COWRAP_QEMU_CACHE:-/var/cache/cowrap-qemu}
DEBIAN_SUITE=bookworm
DEBIAN_OLD_SUITE=bullseye  # QEMU 5.2

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
  TIMED_LAST=$((SECONDS - t0))
  QTIMES+=("$(printf '%-44s %5d s' "$label" "$TIMED_LAST")")
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

# Makes QEMU's build possible: apt entries, Debian packages (scripts/setup.sh
# --with-qemu), and meson >= 1.5 + pycotap from bookworm-backports.
#
# The backports meson is NOT installed system-wide: that would replace
# bookworm's meson 1.0, which cowrap's own Meson build is tested with.  Its
# .deb (and pycotap's) is unpacked with dpkg-deb into the cache, and only the
# QEMU steps get it, through PATH and PYTHONPATH (exported here; QEMU's
# configure then finds meson 1.7 for its pyvenv).  A .pth file in each
# configured tree's pyvenv keeps `ninja` working there without the exports.
qemu_build_env() {
  bash "$QEMU_TEST_DIR/fetch.sh" apt
  (
    exec 9>"$COWRAP_QEMU_CACHE/.lock"
    flock 9
    bash "$COWRAP_SOURCE_DIR/scripts/setup.sh" --with-qemu
    local dir=$COWRAP_QEMU_CACHE/bpo-tools
    if [[ ! -x "$dir/usr/bin/meson" || ! -d "$dir/usr/lib/python3/dist-packages/pycotap" ]]; then
      local tmp
      tmp=$(mktemp -d "$COWRAP_QEMU_CACHE/dl.XXXXXX")
      chmod 755 "$tmp"
      qlog "apt-get download meson/$DEBIAN_SUITE-backports python3-pycotap/$DEBIAN_SUITE-backports"
      (cd "$tmp" && apt-get download -q "meson/$DEBIAN_SUITE-backports" \
        "python3-pycotap/$DEBIAN_SUITE-backports") >"$tmp/apt.log" 2>&1 \
        || { cat "$tmp/apt.log"; qdie "apt-get download failed"; }
      rm -rf "$dir.new"
      local deb
      for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$dir.new"; done
      rm -rf "$dir" "$tmp"
      mv "$dir.new" "$dir"
      qlog "unpacked into $dir"
    fi
  ) || exit 1
  QEMU_BPO_PYTHONPATH=$COWRAP_QEMU_CACHE/bpo-tools/usr/lib/python3/dist-packages
  export PATH=$COWRAP_QEMU_CACHE/bpo-tools/usr/bin:$PATH
  export PYTHONPATH=$QEMU_BPO_PYTHONPATH${PYTHONPATH:+:$PYTHONPATH}
  qlog "meson for QEMU: $(command -v meson) $(meson --version)"
}

QEMU_CONFIGURE_FLAGS=(--target-list= --disable-system --disable-user --enable-tools
  --disable-docs --disable-werror --disable-rust --disable-download --disable-install-blobs)

# `qemu_configure TREE`: configures TREE/build (log in TREE/build/configure.log).
qemu_configure() {
  local tree=$1
  mkdir -p "$tree/build"
  (cd "$tree/build" && ../configure "${QEMU_CONFIGURE_FLAGS[@]}") >"$tree/configure.log" 2>&1 \
    || { tail -40 "$tree/configure.log"; qdie "configure failed in $tree"; }
  local sp
  for sp in "$tree"/build/pyvenv/lib/python3*/site-packages; do
    echo "$QEMU_BPO_PYTHONPATH" >"$sp/cowrap-bpo-meson.pth"
  done
}

# `qemu_ninja TREE TARGET...`: builds in TREE/build (log appended to TREE/ninja.log).
qemu_ninja() {
  local tree=$1; shift
  ninja -C "$tree/build" -j "$(nproc)" "$@" >>"$tree/ninja.log" 2>&1 \
    || { tail -60 "$tree/ninja.log"; qdie "ninja $* failed in $tree"; }
}

#!/usr/bin/env bash
# meson.sh again with the Meson of bookworm-backports (1.7), next to bookworm's own (1.0)
# that meson.sh uses by default. The package is unpacked into a temporary folder and run
# from there, so the system's meson stays as it is.
set -euo pipefail

: "${COWRAP_SOURCE_DIR:?COWRAP_SOURCE_DIR must name the cowrap source folder}"
suite=bookworm-backports
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-meson-bpo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"  # apt's download sandbox user must be able to write here

if [[ $(apt-cache madison meson 2>/dev/null) != *"$suite"* ]]; then
    # The QEMU tests add the same apt entries (deb-src, and deb for backports).
    bash "$COWRAP_SOURCE_DIR/tests/qemu/fetch.sh" apt
fi
(cd "$tmp" && apt-get download -q "meson/$suite") >"$tmp/apt.log" 2>&1 ||
    { cat "$tmp/apt.log"; echo "FAIL: apt-get download meson/$suite" >&2; exit 1; }
dpkg-deb -x "$tmp"/meson_*.deb "$tmp/root"

export PYTHONPATH="$tmp/root/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"
export MESON="/usr/bin/python3 $tmp/root/usr/bin/meson"
echo "meson from $suite: $($MESON --version)"
bash "$COWRAP_SOURCE_DIR/tests/integration/meson.sh"

#!/usr/bin/env bash
# Installs cowrap's build and test dependencies from Debian packages.
# Idempotent: only calls apt-get when something is missing.
set -euo pipefail

packages=(
  build-essential g++ clang lld cmake ninja-build meson pkg-config
  tao-pegtl-dev libcli11-dev libfmt-dev nlohmann-json3-dev libxxhash-dev
  libsqlite3-dev sqlite3 googletest libgtest-dev libgmock-dev
  clang-format libclang-rt-14-dev hyperfine python3 time ccache
  help2man man-db bsdextrautils
)
if [[ "${1:-}" == "--with-qemu" ]]; then
  packages+=(xz-utils libglib2.0-dev libpixman-1-dev zlib1g-dev flex bison
             python3-venv python3-setuptools libaio-dev bzip2 dpkg-dev)
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

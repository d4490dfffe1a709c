#!/usr/bin/env bash
# unit-qemu: the ParseQemu unit tests on real QEMU trees (10.0.2 and 7.2), extracted here from
# Debian's source packages; a missing tree fails the test instead of skipping it.
#   parse-trees.sh UNIT_TESTS_BINARY
set -euo pipefail
source "$(dirname "$0")/lib.sh"
QLOG_TAG=unit-qemu
unit=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for v in 10.0.2 7.2; do
  bash "$QEMU_TEST_DIR/fetch.sh" "$v" "$work/qemu-$v"
done
mv "$work/qemu-7.2" "$work/qemu-7.2.0"
COWRAP_QEMU_TREES=$work COWRAP_REQUIRE_QEMU=1 "$unit" --gtest_filter='ParseQemu.*'

# Shared start of the command-line tests (sourced): strict bash, a temporary folder that is
# removed at exit and is the current folder, and fail().
set -euo pipefail
: "${COWRAP:?COWRAP must name the cowrap binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

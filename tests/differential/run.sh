#!/usr/bin/env bash
# Differential test against the C preprocessor (a bounded number of random headers; set
# COWRAP_DIFF_CASES or pass --cases N / --seed S for a longer or a repeated run).
set -euo pipefail
: "${COWRAP:?set COWRAP to the cowrap binary}"
command -v gcc >/dev/null || { echo "differential: gcc is needed" >&2; exit 1; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/cpp_diff.py" --cowrap "$COWRAP" "$@"

#!/usr/bin/env bash
# Script test `bench-smoke`: the benchmark driver still works end to end (tiny sizes, a few
# seconds). It fails only when the driver or cowrap is broken, never on timing.
set -euo pipefail
exec bash "$(dirname "$0")/run.sh" --smoke "$@"

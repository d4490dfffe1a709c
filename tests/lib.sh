# What every script test shares (sourced, not run): strict bash, the two ways to fail, a
# temporary work folder, and the checks several folders use. A folder's own lib.sh (cache/,
# integration/, reliability/, qemu/) sources this and adds only what its tests alone need.
#
#   fail MSG       the test fails now: "FAIL: MSG" on stderr, exit 1
#   soft_fail MSG  the test fails but goes on, to report every failure of the run:
#                  "FAIL: MSG" on stderr, $failures counted; the test ends with
#                  `((failures == 0))` (and exits 1 anyway if it forgot: see the EXIT trap)
# Both call on_failure first when the test defines it (to show a log, keep a folder).
set -euo pipefail

failures=0

fail() {
    echo "FAIL: $*" >&2
    if declare -F on_failure >/dev/null; then on_failure; fi
    exit 1
}

soft_fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
    if declare -F on_failure >/dev/null; then on_failure; fi
    return 0
}

# require_cowrap: $COWRAP names an executable (a path, or a command on $PATH); made absolute,
# since tests change folder.
require_cowrap() {
    : "${COWRAP:?set COWRAP to the cowrap binary}"
    if [[ $COWRAP != */* ]]; then COWRAP=$(command -v "$COWRAP" || echo "$COWRAP"); fi
    [[ -x $COWRAP ]] || { echo "no cowrap binary at $COWRAP" >&2; exit 1; }
    COWRAP=$(realpath "$COWRAP")
}

# make_work_folder [NAME]: $WORK, a new temporary folder, removed at exit with everything the
# test left running in the background (and made writable and unmounted first, for the tests
# that take write bits away or mount a small file system there).
make_work_folder() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-${1:-test}.XXXXXX")
    trap cleanup_work_folder EXIT
}
cleanup_work_folder() {
    local rc=$? pid
    for pid in $(jobs -p); do kill -9 "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    chmod -R u+rwX "$WORK" 2>/dev/null || true
    if mountpoint -q "$WORK/small" 2>/dev/null; then umount "$WORK/small" 2>/dev/null || true; fi
    rm -rf "$WORK"
    # A failure counted by soft_fail is a failed test, even if the test forgot to say so.
    if ((rc == 0 && failures > 0)); then exit 1; fi
    exit "$rc"
}

expect_contains() {
    local text=$1 want=$2
    grep -qF -- "$want" <<<"$text" || fail "expected '$want' in:
$text"
}

expect_not_contains() {
    local text=$1 unwanted=$2
    if grep -qF -- "$unwanted" <<<"$text"; then
        fail "did not expect '$unwanted' in:
$text"
    fi
}

# must_fail CMD...: runs CMD, prints what it wrote to stdout and stderr, and succeeds only when
# CMD exited with status 1 (an error, as opposed to a crash or a success).
must_fail() {
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    printf '%s' "$out"
    [ "$rc" = 1 ]
}

# as_user CMD...: runs CMD as an unprivileged user when we are root, so that file permissions
# hold.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
    else
        "$@"
    fi
}

# now_us: microseconds since the epoch.
now_us() { echo $((${EPOCHREALTIME/./})); }

# sanitizer_report FILE: true when FILE holds an ASan/UBSan report.
sanitizer_report() {
    grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$1"
}

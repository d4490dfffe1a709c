# Sourced by the cache scenario tests: a scratch folder, headers, and checks.
# Needs $COWRAP (the binary under test).
set -euo pipefail

: "${COWRAP:?set COWRAP to the cowrap binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-cache-test.XXXXXX")
trap 'chmod -R u+rwX "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# header FILE NAME... : a header declaring one co_wrapper per NAME, with a comment on top.
header() {
    local file=$1
    shift
    mkdir -p "$(dirname "$file")"
    {
        echo "/* $file: generated for a cache test */"
        echo "#include \"block/block_int.h\""
        local n
        for n in "$@"; do
            echo ""
            echo "/* $n does something. */"
            echo "int co_wrapper_mixed $n(BlockDriverState *bs, int64_t offset,"
            echo "                          int64_t bytes);"
        done
    } >"$file"
}

# The output cowrap gives without any cache: what every cached run must match.
reference() {
    local out=$1
    shift
    "$COWRAP" generate --no-cache -o "$out" "$@"
}

mtime() { stat -c %y "$1"; }

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

# Runs "$@" as an unprivileged user when we are root, so that file permissions hold.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
    else
        "$@"
    fi
}

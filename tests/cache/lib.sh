# The cache tests' own helpers (sourced): headers of co_wrapper_mixed declarations and the
# output cowrap gives without a cache. Runs in $WORK; tests/lib.sh has the rest.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
make_work_folder cache-test
cd "$WORK"

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

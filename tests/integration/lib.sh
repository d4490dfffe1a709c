# Helpers shared by the integration scripts (sourced, not run).
#
# The scripts build small consumer projects against a cowrap and read what the build tool
# itself reports (ninja -n -d explain, the commands it prints). A front-end script defines:
#   fe_build            build; output in $LOG; the build's exit status
#   fe_noop             assert that a further build has nothing to do
#   fe_gen_key H        text in the build output line of H's cowrap step
#   fe_obj_key H        text in the build output line that compiles H's shard
#   fe_shard H          path of H's shard
#   fe_add_header H     add H to the project's header list
#   fe_upgrade          replace cowrap with a changed binary
#   fe_program          path of the consumer program
#   fe_regen_reruns H.. (optional) which of H rerun cowrap after the build files are regenerated
# and then calls run_scenario from the copied consumer folder ($PROJECT).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
: "${COWRAP_SOURCE_DIR:?COWRAP_SOURCE_DIR must name the cowrap source folder}"
COWRAP_SOURCE_DIR=$(realpath "$COWRAP_SOURCE_DIR")
export CC="${CC:-cc}"
IT_DIR="$COWRAP_SOURCE_DIR/tests/integration"

make_work_folder it
LOG="$WORK/build.log"  # output of the last build
: >"$LOG"

# A failure shows the output of the last build.
on_failure() {
    if [[ -s $LOG ]]; then
        echo "--- output of the last build:" >&2
        cat "$LOG" >&2
    fi
}
step() { printf '\n== %s\n' "$*"; }

# The build tools compare timestamps: an edit must be visibly newer than the last build,
# also on file systems with coarse timestamps.
tick() { sleep 1; }

# The stand-in QEMU runtime: include/ (qemu/osdep.h, block/*.h), rt.h and runtime.c.
runtime_dir() {
    echo "$COWRAP_SOURCE_DIR/tests/runtime"
}

# A copy of cowrap's sources without build folders, for subproject use (the tests touch it).
copy_cowrap_source() {
    local dest=$1
    mkdir -p "$dest"
    if git -C "$COWRAP_SOURCE_DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$COWRAP_SOURCE_DIR" && git ls-files -z --cached --others --exclude-standard |
            xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
            tar --null -T - -cf -) | tar -C "$dest" -xf -
    else
        tar -C "$COWRAP_SOURCE_DIR" --exclude='./build*' --exclude='./.git' \
            --exclude='./tests/integration/*/build*' -cf - . | tar -C "$dest" -xf -
    fi
}

# Installs cowrap (binary, CMake package, cowrap.pc) into $1 with `cmake --install`: from the
# CMake build folder that $COWRAP comes from, or else from a fresh build of the sources.
install_cowrap() {
    local prefix=$1 dir build=""
    dir=$(dirname "$COWRAP")
    while [[ $dir != / ]]; do
        if [[ -f $dir/CMakeCache.txt ]] &&
            grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$COWRAP_SOURCE_DIR" "$dir/CMakeCache.txt" &&
            grep -q '^COWRAP_INSTALL:BOOL=ON' "$dir/CMakeCache.txt"; then
            build=$dir
            break
        fi
        dir=$(dirname "$dir")
    done
    if [[ -z $build ]]; then
        echo "(building cowrap with CMake to install it)"
        build="$WORK/cowrap-build"
        cmake -S "$COWRAP_SOURCE_DIR" -B "$build" -G Ninja -DBUILD_TESTING=OFF >"$WORK/cowrap-build.log" 2>&1 ||
            { cat "$WORK/cowrap-build.log"; fail "configuring cowrap"; }
        ninja -C "$build" cowrap cowrap_man >>"$WORK/cowrap-build.log" 2>&1 ||
            { cat "$WORK/cowrap-build.log"; fail "building cowrap"; }
    fi
    cmake --install "$build" --prefix "$prefix" >"$WORK/install.log" 2>&1 ||
        { cat "$WORK/install.log"; fail "cmake --install $build"; }
    [[ -x $prefix/bin/cowrap ]] || fail "no $prefix/bin/cowrap after cmake --install"
}

# A changed binary: same program, other bytes, newer timestamp (as after an upgrade).
upgrade_binary() {
    local bin=$1
    cp "$bin" "$bin.new"
    printf '\n# upgraded\n' >>"$bin.new"
    mv -f "$bin.new" "$bin"
}

# The headers whose cowrap step reruns, rewriting nothing, when the build files are
# regenerated (none, unless the front-end says otherwise).
fe_regen_reruns() { :; }

# Lines of the last build's output.
gen_lines() { grep -F "$GEN_MARK" "$LOG" || true; }
compile_lines() { grep -E 'Building C object|Compiling C object' "$LOG" || true; }

# expect_generated H...: the last build ran cowrap exactly for these headers.
expect_generated() {
    local lines n h
    lines=$(gen_lines)
    n=$(grep -c . <<<"$lines" || true)
    [[ $n -eq $# ]] || fail "expected cowrap to run for $# header(s) ($*), it ran $n time(s)"
    for h in "$@"; do
        grep -qF "$(fe_gen_key "$h")" <<<"$lines" || fail "cowrap did not run for $h"
    done
}

# expect_compiled H...: the last build compiled exactly the shards of these headers.
expect_compiled() {
    local lines n h
    lines=$(compile_lines)
    n=$(grep -c . <<<"$lines" || true)
    [[ $n -eq $# ]] || fail "expected $# compilation(s) (shards of: ${*:-none}), saw $n"
    for h in "$@"; do
        grep -qF "$(fe_obj_key "$h")" <<<"$lines" || fail "the shard of $h was not compiled"
    done
}

# Timestamp and bytes of a file, to prove it was not rewritten.
fingerprint() { printf '%s %s\n' "$(stat -c %Y.%y "$1")" "$(sha256sum <"$1")"; }

run_program() {
    "$(fe_program)" >"$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "the consumer program failed"; }
    grep -q 'all wrappers behave' "$WORK/run.log" || fail "unexpected program output"
}

# The checks of tests/integration: (1) to (5); (6) is parallel.sh.
run_scenario() {
    local headers=(a/io.h b/io.h c/misc.h) h fp_a fp_b

    step "first build"
    fe_build || fail "first build failed"
    expect_generated "${headers[@]}"
    for h in "${headers[@]}"; do
        [[ -f $(fe_shard "$h") ]] || fail "no shard for $h at $(fe_shard "$h")"
    done
    [[ $(fe_shard a/io.h) != "$(fe_shard b/io.h)" ]] || fail "a/io.h and b/io.h share a shard"
    grep -q bdrv_a_read "$(fe_shard a/io.h)" || fail "a/io.h's shard lacks bdrv_a_read"
    grep -q bdrv_b_read "$(fe_shard b/io.h)" || fail "b/io.h's shard lacks bdrv_b_read"
    run_program

    step "(1) a second build does nothing"
    fe_noop

    step "(2) a comment edited in a header: cowrap reruns for it alone, nothing is rewritten or recompiled"
    for h in c/misc.h a/io.h; do
        fp_a=$(fingerprint "$(fe_shard "$h")")
        tick
        printf '/* an edited comment */\n' >>"$h"
        fe_build || fail "build after editing a comment in $h failed"
        expect_generated "$h"
        expect_compiled
        grep -q Linking "$LOG" && fail "something was relinked after a comment edit in $h"
        [[ $(fingerprint "$(fe_shard "$h")") == "$fp_a" ]] || fail "the shard of $h was rewritten"
        fe_noop
    done

    step "(3) one declaration changed: only its header's shard is regenerated and recompiled"
    fp_a=$(fingerprint "$(fe_shard a/io.h)")
    tick
    sed -i 's/bdrv_b_read(BlockDriverState \*bs, int n)/bdrv_b_read(BlockDriverState *bs, int count)/' b/io.h
    grep -q 'int count' b/io.h || fail "test setup: b/io.h not edited"
    fe_build || fail "build after changing a declaration failed"
    expect_generated b/io.h
    expect_compiled b/io.h
    grep -q count "$(fe_shard b/io.h)" || fail "b/io.h's shard does not show the new parameter"
    [[ $(fingerprint "$(fe_shard a/io.h)") == "$fp_a" ]] || fail "a/io.h's shard was touched"
    run_program
    fe_noop

    step "(4a) a declaration deleted"
    tick
    sed -i '/bdrv_a_spare/d' a/io.h
    fe_build || fail "build after deleting a declaration failed"
    expect_generated a/io.h
    expect_compiled a/io.h
    grep -q bdrv_a_spare "$(fe_shard a/io.h)" && fail "a/io.h's shard still has bdrv_a_spare"
    run_program
    fe_noop

    step "(4b) a header added"
    mkdir -p d
    printf '#include "qemu/osdep.h"\n\nint co_wrapper bdrv_d_new(BlockDriverState *bs);\n' >d/new.h
    tick
    fe_add_header d/new.h
    local rerun
    mapfile -t rerun < <(fe_regen_reruns a/io.h b/io.h c/misc.h)
    if ((${#rerun[@]})); then
        echo "   (regenerating the build files also reruns, rewriting nothing: ${rerun[*]})"
    fi
    fe_build || fail "build after adding a header failed"
    expect_generated d/new.h "${rerun[@]}"
    expect_compiled d/new.h
    grep -q bdrv_d_new "$(fe_shard d/new.h)" || fail "d/new.h's shard lacks bdrv_d_new"
    run_program
    fe_noop

    step "(4c) a header with an error: the build stops with cowrap's located error, the shard stays"
    cp b/io.h "$WORK/b-io.h.good"
    fp_b=$(fingerprint "$(fe_shard b/io.h)")
    tick
    sed -i 's/^int co_wrapper bdrv_b_read(/int co_wrapper_bogus bdrv_b_read(/' b/io.h
    if fe_build; then fail "the build succeeded with an unknown mark in b/io.h"; fi
    grep -qE 'b/io\.h:[0-9]+:[0-9]+: error:' "$LOG" || fail "no located error for b/io.h"
    [[ $(fingerprint "$(fe_shard b/io.h)") == "$fp_b" ]] || fail "b/io.h's shard was touched"
    tick
    cp "$WORK/b-io.h.good" b/io.h
    sed -i 's/bdrv_b_read(BlockDriverState \*bs, int count)/bdrv_b_read(BlockDriverState *bs, int count/' b/io.h
    if fe_build; then fail "the build succeeded with an unbalanced parenthesis in b/io.h"; fi
    grep -qE 'b/io\.h:[0-9]+:[0-9]+: error:' "$LOG" || fail "no located error for b/io.h"
    [[ $(fingerprint "$(fe_shard b/io.h)") == "$fp_b" ]] || fail "b/io.h's shard was touched"
    tick
    cp "$WORK/b-io.h.good" b/io.h
    fe_build || fail "build after repairing b/io.h failed"
    expect_generated b/io.h
    expect_compiled
    [[ $(fingerprint "$(fe_shard b/io.h)") == "$fp_b" ]] || fail "b/io.h's shard was rewritten"
    run_program
    fe_noop

    step "(5) cowrap upgraded: every shard is regenerated"
    tick
    fe_upgrade
    fe_build || fail "build after upgrading cowrap failed"
    expect_generated a/io.h b/io.h c/misc.h d/new.h
    run_program
    fe_noop
}

#!/usr/bin/env bash
# --strict --context: headers read only to find targets. A per-header shard sees its
# targets in the other headers without checking (or generating) them; a mismatch found
# through a context header is reported with a note and source line there; the context is
# in the depfile; an unreadable context header is an error.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
make_work_folder cli
cd "$WORK"
cat >int.h <<'H'
int coroutine_fn bdrv_co_pread(BdrvChild *child, int64_t offset);
int coroutine_fn bdrv_co_pwrite(BdrvChild *child, int offset);
int co_wrapper bdrv_flush(BlockDriverState *bs);
H
cat >io.h <<'H'
int co_wrapper bdrv_pread(BdrvChild *child, int64_t offset);
H

# Alone, the target is not found: a warning, and an error with --require-targets.
"$COWRAP" check --strict io.h 2>err.txt || fail "warnings alone must exit 0"
grep -q "'bdrv_co_pread' of 'bdrv_pread' (co_wrapper) is not declared in any input" err.txt ||
    fail "no missing-target warning without --context: $(cat err.txt)"
status=0
"$COWRAP" check --require-targets io.h 2>/dev/null || status=$?
((status == 1)) || fail "--require-targets without the context: exit $status, expected 1"

# With the other header as context: clean, and int.h's own wrapper (bdrv_flush, whose target
# is nowhere) is not checked.
"$COWRAP" check --require-targets --context int.h io.h 2>err.txt ||
    fail "--require-targets --context int.h failed: $(cat err.txt)"
[[ ! -s err.txt ]] || fail "diagnostics with the context: $(cat err.txt)"
"$COWRAP" generate --strict --require-targets --context int.h -o io.c --depfile io.c.d io.h ||
    fail "generate with --context failed"
grep -q "bdrv_pread" io.c || fail "io.c lacks bdrv_pread"
! grep -q "bdrv_flush" io.c || fail "the context header's wrapper was generated"
grep -q "int.h" io.c.d || fail "the depfile does not list the context header: $(cat io.c.d)"

# A mismatch with a target in the context: the note and its source line are in int.h.
echo 'int co_wrapper bdrv_pwrite(BdrvChild *child, int64_t offset);' >>io.h
status=0
"$COWRAP" check --strict --context int.h io.h 2>err.txt || status=$?
((status == 1)) || fail "a mismatch through the context: exit $status, expected 1"
grep -q "^io.h:2:46: error: parameter 2 of 'bdrv_pwrite'" err.txt || fail "no error: $(cat err.txt)"
grep -q "^int.h:2:.*: note: 'bdrv_co_pwrite' is declared here" err.txt || fail "no note: $(cat err.txt)"
grep -qF '    2 | int coroutine_fn bdrv_co_pwrite(BdrvChild *child, int offset);' err.txt ||
    fail "no source line from the context header: $(cat err.txt)"
cp io.c before.c
status=0
"$COWRAP" generate --strict --context int.h -o io.c io.h 2>/dev/null || status=$?
((status == 1)) && cmp -s io.c before.c || fail "generate wrote despite the strict error"

# --strict takes the targets from the parse that finds the wrappers, with a cache too (int.h
# unchanged on the second and third runs).
mkdir cached
sed 3d int.h >cached/int.h  # targets only
sed 2d io.h >cached/io.h
for edit in 1 2 3; do
    echo "/* edit $edit */" >>cached/io.h
    "$COWRAP" generate --strict --require-targets --cache cached/c.db -o cached/io.c \
        cached/int.h cached/io.h 2>err.txt || fail "strict run $edit with a cache: $(cat err.txt)"
done

status=0
"$COWRAP" check --strict --context missing.h io.h 2>err.txt || status=$?
((status == 1)) && grep -q "cannot read 'missing.h'" err.txt || fail "missing context: $status $(cat err.txt)"
# The CMake front-end: STRICT (here with --require-targets) gives each header's step the
# call's other headers as context, so per-header shards pass; without them the step fails.
if [[ -n ${COWRAP_SOURCE_DIR:-} ]] && command -v cmake >/dev/null && command -v ninja >/dev/null; then
    mkdir cm
    sed 2d io.h >cm/io.h
    cp int.h cm/int.h
    sed -i 3d cm/int.h  # bdrv_flush's target is nowhere
    cat >cm/CMakeLists.txt <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(t NONE)
add_executable(cowrap::cowrap IMPORTED GLOBAL)
set_target_properties(cowrap::cowrap PROPERTIES IMPORTED_LOCATION "$COWRAP")
include("$COWRAP_SOURCE_DIR/cmake/cowrap-functions.cmake")
cowrap_generate(OUT_VAR shards HEADERS io.h int.h STRICT OPTIONS --require-targets CACHE OFF)
add_custom_target(everything ALL DEPENDS \${shards_TARGET})
CMAKE
    cmake -S cm -B cm/build -G Ninja >cm.log 2>&1 || fail "cmake configure: $(cat cm.log)"
    grep -q -- "--context" cm/build/build.ninja || fail "no --context in the build commands"
    ninja -C cm/build >cm.log 2>&1 || fail "per-header strict build failed: $(cat cm.log)"
    grep -q "bdrv_pread" cm/build/cowrap/shards/io.c || fail "no io.c shard"
fi
echo "context: all checks passed"

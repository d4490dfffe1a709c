#!/usr/bin/env bash
# The CMake consumer (tests/integration/consumer) built with Ninja and with Unix Makefiles:
# cowrap installed (cmake --install into a temporary prefix, then find_package), and cowrap
# pulled in as a subproject (add_subdirectory with Makefiles, FetchContent with Ninja).
# COWRAP_IT_QUICK=1 skips the subproject runs, which build cowrap itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN_MARK="cowrap: "
fe_gen_key() { echo "cowrap: $1 -> "; }
fe_obj_key() { echo "cowrap/wrappers/${1%.h}.c.o"; }
fe_shard() { echo "$BUILD/cowrap/wrappers/${1%.h}.c"; }
fe_program() { echo "$BUILD/consumer"; }
fe_add_header() {
    sed -i "s|HEADERS a/io.h b/io.h c/misc.h)|HEADERS a/io.h b/io.h c/misc.h $1)|" CMakeLists.txt
    grep -qF "$1)" CMakeLists.txt || fail "test setup: $1 not added to CMakeLists.txt"
}

fe_build() {
    local status=0
    if [[ $GENERATOR == Ninja ]]; then
        ninja -C "$BUILD" >"$LOG" 2>&1 || status=$?
    else
        make -C "$BUILD" --no-print-directory -j"$(nproc)" >"$LOG" 2>&1 || status=$?
    fi
    grep -E "$GEN_MARK|C object|Linking|error" "$LOG" | sed 's/^/   | /' || true
    return $status
}

fe_noop() {
    if [[ $GENERATOR == Ninja ]]; then
        # (explain lines about phony edges without inputs are not work)
        ninja -C "$BUILD" -n -d explain >"$LOG" 2>&1 || fail "ninja -n failed"
        grep -q '^ninja: no work to do\.$' "$LOG" || fail "ninja has work left to do"
    else
        # --trace names every file target make remakes and why: none of ours may appear.
        make -C "$BUILD" --no-print-directory --trace >"$LOG" 2>&1 || fail "make failed"
        if grep -E "update target '[^']*(\.stamp|\.o|\.a|/consumer|\.c)'" "$LOG" ||
            grep -E "$GEN_MARK|C object|Linking" "$LOG"; then
            fail "make did work on a build that was up to date"
        fi
    fi
    echo "   | nothing to do"
}

# configure MODE GENERATOR: a fresh copy of the consumer in $PROJECT, configured in $BUILD.
configure() {
    local mode=$1 name
    GENERATOR=$2
    name="$mode-${GENERATOR// /-}"
    PROJECT="$WORK/$name"
    BUILD="$PROJECT/build"
    cp -r "$IT_DIR/consumer" "$PROJECT"
    local args=(-S "$PROJECT" -B "$BUILD" -G "$GENERATOR" -DCMAKE_C_COMPILER="$CC"
        -DRUNTIME_DIR="$(runtime_dir)")
    case $mode in
    package) args+=(-DCMAKE_PREFIX_PATH="$PREFIX") ;;
    *) args+=(-DCOWRAP_MODE="$mode" -DCOWRAP_SOURCE="$WORK/cowrap-src" -DBUILD_TESTING=OFF) ;;
    esac
    cmake "${args[@]}" >"$LOG" 2>&1 || fail "cmake configure ($name)"
    cd "$PROJECT"
}

step "install cowrap into a temporary prefix"
PREFIX="$WORK/prefix"
install_cowrap "$PREFIX"
for f in lib/cmake/cowrap/cowrapConfig.cmake lib/cmake/cowrap/cowrapConfigVersion.cmake \
    lib/cmake/cowrap/cowrap-functions.cmake lib/pkgconfig/cowrap.pc; do
    [[ -f $PREFIX/$f ]] || fail "not installed: $f"
done
pc_cowrap=$(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --variable=cowrap cowrap)
[[ $(realpath "$pc_cowrap") == "$(realpath "$PREFIX/bin/cowrap")" ]] ||
    fail "cowrap.pc names $pc_cowrap, not $PREFIX/bin/cowrap"

step "cowrap_generate(): OUT_VAR, OUTPUT_DIR, CACHE OFF, OPTIONS, a header in ../"
api="$WORK/api"
mkdir -p "$api/src" "$api/include/x"
cp "$IT_DIR/consumer/include/wrappers.h" "$api/include/"
cp "$IT_DIR/consumer/a/io.h" "$api/include/x/io.h"
cp "$IT_DIR/consumer/b/io.h" "$api/src/io.h"
cat >"$api/src/CMakeLists.txt" <<END
cmake_minimum_required(VERSION 3.20)
project(api C)
find_package(cowrap 0.1 CONFIG REQUIRED)
cowrap_generate(OUT_VAR shards OUTPUT_DIR gen CACHE OFF
  OPTIONS --include qemu/osdep.h --include block/coroutines.h --include block/block-gen.h
          --include block/block_int.h
  HEADERS ../include/x/io.h io.h)
add_library(api STATIC \${shards})
target_include_directories(api PRIVATE ../include $(runtime_dir)/include)
target_compile_definitions(api PRIVATE COWRAP_QEMU_VERSION=900)
add_dependencies(api \${shards_TARGET})
file(WRITE \${CMAKE_BINARY_DIR}/shards.txt "\${shards}")
END
cmake -S "$api/src" -B "$api/build" -G Ninja -DCMAKE_PREFIX_PATH="$PREFIX" >"$LOG" 2>&1 ||
    fail "configure with OUT_VAR"
[[ $(cat "$api/build/shards.txt") == "$api/build/gen/__/include/x/io.c;$api/build/gen/io.c" ]] ||
    fail "unexpected shard paths: $(cat "$api/build/shards.txt")"
ninja -C "$api/build" >"$LOG" 2>&1 || fail "build with OUT_VAR"
grep -q 'block/dirty-bitmap.h' "$api/build/gen/io.c" && fail "OPTIONS --include did not reach cowrap"
grep -q -- '--no-cache' "$api/build/build.ninja" || fail "CACHE OFF did not give --no-cache"
echo "   | ok"

step "cowrap_generate(): the same shards from another build folder"
sed -i 's|--include block/block_int.h|--include block/block_int.h --line-directives|' "$api/src/CMakeLists.txt"
for b in build deeper/nested/build; do
    cmake -S "$api/src" -B "$api/$b" -G Ninja -DCMAKE_PREFIX_PATH="$PREFIX" >"$LOG" 2>&1 ||
        fail "configure in $b"
    ninja -C "$api/$b" >"$LOG" 2>&1 || fail "build in $b"
done
for shard in gen/io.c gen/__/include/x/io.c; do
    cmp -s "$api/build/$shard" "$api/deeper/nested/build/$shard" ||
        fail "$shard differs between build folders: $(diff "$api/build/$shard" "$api/deeper/nested/build/$shard" | head -4)"
done
grep -q '^#line [0-9]* "io.h"$' "$api/build/gen/io.c" || fail "#line does not name io.h"
grep -q ' \*   include/x/io.h$' "$api/build/gen/__/include/x/io.c" ||
    fail "the shard does not name include/x/io.h: $(sed -n 2,4p "$api/build/gen/__/include/x/io.c")"
if grep -lE "$api|\.\./" "$api/build/gen/io.c" "$api/build/gen/__/include/x/io.c"; then
    fail "a shard names a build folder"
fi
echo "   | ok"

step "cowrap_generate(): misuse is a configure error"
misuse() {
    local call=$1 want=$2
    mkdir -p "$api/misuse"
    touch "$api/misuse/t.c"
    printf '%s\n' 'cmake_minimum_required(VERSION 3.20)' 'project(m C)' \
        'find_package(cowrap CONFIG REQUIRED)' 'add_library(t STATIC t.c)' "$call" \
        >"$api/misuse/CMakeLists.txt"
    rm -rf "$api/misuse-build"
    if cmake -S "$api/misuse" -B "$api/misuse-build" -DCMAKE_PREFIX_PATH="$PREFIX" >"$LOG" 2>&1; then
        fail "configured despite: $call"
    fi
    grep -qF "$want" "$LOG" || fail "no message '$want' for: $call"
    echo "   | $call: $want"
}
misuse 'cowrap_generate(TARGET t)' 'cowrap_generate: HEADERS is required'
misuse 'cowrap_generate(HEADERS a.h)' 'cowrap_generate: one of TARGET or OUT_VAR is required'
misuse 'cowrap_generate(TARGET t OUT_VAR v HEADERS a.h)' 'TARGET and OUT_VAR exclude each other'
misuse 'cowrap_generate(TARGET nope HEADERS a.h)' 'cowrap_generate: TARGET nope is not a target'
misuse 'cowrap_generate(TARGET t HEADERS a.h DIALECT)' 'cowrap_generate: DIALECT is given without a value'
misuse 'cowrap_generate(TARGET t HEADER a.h)' 'cowrap_generate: unexpected arguments: HEADER a.h'
misuse 'cowrap_generate(TARGET t HEADERS x/a.h y/../x/a.h)' 'cowrap_generate: two headers map to'
printf '%s\n' 'cmake_minimum_required(VERSION 3.20)' 'project(v NONE)' \
    'find_package(cowrap 0.99 CONFIG REQUIRED)' >"$api/misuse/CMakeLists.txt"
rm -rf "$api/misuse-build"
if cmake -S "$api/misuse" -B "$api/misuse-build" -DCMAKE_PREFIX_PATH="$PREFIX" >"$LOG" 2>&1; then
    fail "find_package(cowrap 0.99) accepted version $(cat "$COWRAP_SOURCE_DIR/VERSION")"
fi
echo "   | find_package(cowrap 0.99) is refused"

fe_upgrade() { upgrade_binary "$PREFIX/bin/cowrap"; }
for generator in Ninja "Unix Makefiles"; do
    step "installed cowrap, $generator"
    configure package "$generator"
    run_scenario
done

if [[ ${COWRAP_IT_QUICK:-0} != 1 ]]; then
    copy_cowrap_source "$WORK/cowrap-src"
    # A rebuilt cowrap is an upgrade: touching a source relinks it.
    fe_upgrade() { touch "$WORK/cowrap-src/cli/main.cpp"; }
    step "cowrap through add_subdirectory, Unix Makefiles (builds cowrap)"
    configure subdirectory "Unix Makefiles"
    run_scenario
    step "cowrap through FetchContent, Ninja (builds cowrap)"
    configure fetchcontent Ninja
    run_scenario
fi

step "cmake.sh: all checks passed"

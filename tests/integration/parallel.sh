#!/usr/bin/env bash
# (6) 50 headers, all named io.h in their own folders, one shared cache, built with -j8 by
# CMake + Ninja, CMake + Unix Makefiles and Meson: cold cache, warm cache, all headers
# touched at once, and again from a deleted cache. Every build must succeed, run cowrap 50
# times, link a program that calls every wrapper, and give the same shards as without cache.
# MESON names the meson to run (default: meson on PATH).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=50
JOBS=8
read -ra MESON_CMD <<<"${MESON:-meson}"

# The project: dNN/io.h with a co and a no_co wrapper each.
make_project() {
    local dir=$1 i list=""
    mkdir -p "$dir/include"
    {
        echo '#ifndef MANY_WRAPPERS_H'
        echo '#define MANY_WRAPPERS_H'
    } >"$dir/include/wrappers.h"
    {
        echo '#include "rt.h"'
    } >"$dir/impl.c"
    {
        echo '#include "rt.h"'
        echo 'static AioContext ctx = {"ctx"};'
        echo 'static BlockDriverState bs = {"bs", &ctx};'
    } >"$dir/main.c"
    for ((i = 1; i <= N; i++)); do
        printf -v d 'd%02d' "$i"
        mkdir -p "$dir/$d"
        cat >"$dir/$d/io.h" <<EOF
/* Header $i of $N. */
int co_wrapper bdrv_${d}_read(BlockDriverState *bs, int n);
int coroutine_fn no_co_wrapper bdrv_co_${d}_sync(BlockDriverState *bs, int n);
EOF
        cat >>"$dir/include/wrappers.h" <<EOF
int coroutine_fn bdrv_co_${d}_read(BlockDriverState *bs, int n);
int bdrv_${d}_sync(BlockDriverState *bs, int n);
EOF
        cat >>"$dir/impl.c" <<EOF
int coroutine_fn bdrv_co_${d}_read(BlockDriverState *bs, int n) { (void)bs; return n + $i; }
int bdrv_${d}_sync(BlockDriverState *bs, int n) { (void)bs; return n - $i; }
EOF
        cat >>"$dir/main.c" <<EOF
int bdrv_${d}_read(BlockDriverState *bs, int n);
int bdrv_co_${d}_sync(BlockDriverState *bs, int n);
EOF
        list+=" $d/io.h"
    done
    echo '#endif' >>"$dir/include/wrappers.h"
    {
        echo 'static void in_coroutine(void *arg)'
        echo '{'
        for ((i = 1; i <= N; i++)); do
            printf -v d 'd%02d' "$i"
            echo "    rt_expect_int(\"bdrv_co_${d}_sync\", bdrv_co_${d}_sync(&bs, 1000), 1000 - $i);"
        done
        echo '    (void)arg;'
        echo '}'
        echo 'int main(void)'
        echo '{'
        for ((i = 1; i <= N; i++)); do
            printf -v d 'd%02d' "$i"
            echo "    rt_expect_int(\"bdrv_${d}_read\", bdrv_${d}_read(&bs, 1000), 1000 + $i);"
        done
        echo '    rt_in_coroutine(in_coroutine, NULL);'
        echo '    if (rt_finish() == 0) printf("consumer: all wrappers behave\n");'
        echo '    return rt_finish();'
        echo '}'
    } >>"$dir/main.c"

    local rt
    rt=$(runtime_dir)
    cat >"$dir/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.20)
project(many C)
find_package(cowrap CONFIG REQUIRED)
option(USE_CACHE "Share one cache" ON)
add_library(rt STATIC $rt/runtime.c)
target_include_directories(rt PUBLIC include $rt/include $rt)
target_compile_definitions(rt PUBLIC COWRAP_QEMU_VERSION=900)
add_library(wrappers STATIC impl.c)
target_link_libraries(wrappers PUBLIC rt)
if(USE_CACHE)
  cowrap_generate(TARGET wrappers DIALECT qemu-9.0 HEADERS $list)
else()
  cowrap_generate(TARGET wrappers DIALECT qemu-9.0 CACHE OFF HEADERS $list)
endif()
add_executable(consumer main.c)
target_link_libraries(consumer PRIVATE wrappers)
EOF
    local mlist
    mlist=$(sed "s/ \([^ ]*\)/'\1', /g" <<<"$list")
    cat >"$dir/meson.build" <<EOF
project('many', 'c', meson_version: '>=1.0')
add_project_arguments('-DCOWRAP_QEMU_VERSION=900', language: 'c')
inc = include_directories('include', '$rt/include', '$rt')
rt = static_library('rt', '$rt/runtime.c', include_directories: inc)
cowrap = find_program('cowrap')
cache = get_option('use_cache') ? ['--cache', meson.project_build_root() / 'cowrap-cache.db'] : ['--no-cache']
shards = []
foreach h : [$mlist]
  name = 'cowrap-' + h.underscorify()
  shards += custom_target(name, input: h, output: name + '.c', depfile: name + '.c.d',
    command: [cowrap, 'generate', '--dialect', 'qemu-9.0', '-o', '@OUTPUT@',
      '--depfile', '@DEPFILE@', cache, '@INPUT@'])
endforeach
wrappers = static_library('wrappers', 'impl.c', shards, include_directories: inc, link_with: rt)
executable('consumer', 'main.c', include_directories: inc, link_with: wrappers)
EOF
    echo "option('use_cache', type: 'boolean', value: true)" >"$dir/meson_options.txt"
}

# Each system: configure DIR CACHE(ON/OFF), build DIR, clean DIR, shards DIR, cache DIR.
cmake_configure() {
    cmake -S "$PROJECT" -B "$1" -G "$GENERATOR" -DCMAKE_C_COMPILER="$CC" \
        -DCMAKE_PREFIX_PATH="$PREFIX" -DUSE_CACHE="$2" >"$LOG" 2>&1 || fail "cmake configure"
}
cmake_build() { cmake --build "$1" -j "$JOBS" >"$LOG" 2>&1; }
cmake_clean() { cmake --build "$1" --target clean >"$LOG" 2>&1 || fail "clean"; }
cmake_shards() { find "$1/cowrap" -name '*.c' | sort; }
cmake_cache() { echo "$1/cowrap-cache.db"; }
cmake_runs() { grep -c 'cowrap: d[0-9]*/io.h -> ' "$LOG" || true; }

meson_configure() {
    local on=true
    [[ $2 == ON ]] || on=false
    "${MESON_CMD[@]}" setup "$1" -Duse_cache=$on >"$LOG" 2>&1 || fail "meson setup"
}
meson_build() { ninja -C "$1" -j "$JOBS" >"$LOG" 2>&1; }
meson_clean() { ninja -C "$1" clean >"$LOG" 2>&1 || fail "clean"; }
meson_shards() { find "$1" -maxdepth 1 -name 'cowrap-*.c' | sort; }
meson_cache() { echo "$1/cowrap-cache.db"; }
meson_runs() { grep -c 'Generating cowrap-d[0-9]*_io_h with' "$LOG" || true; }

# build_round SYSTEM DIR WHAT: a -j8 build that must run cowrap N times and succeed.
build_round() {
    local sys=$1 dir=$2 what=$3 runs
    "${sys}_build" "$dir" || fail "$what: the build failed"
    runs=$("${sys}_runs")
    [[ $runs -eq $N ]] || fail "$what: cowrap ran $runs times, expected $N"
    "$dir/consumer" >"$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "$what: program failed"; }
    echo "   | $what: $runs cowrap runs, program ok"
}

# same_shards SYSTEM DIR REF: the shards in DIR have the bytes of those in REF.
same_shards() {
    local sys=$1 dir=$2 ref=$3 a b
    a=$(cd "$dir" && "${sys}_shards" . | xargs sha256sum)
    b=$(cd "$ref" && "${sys}_shards" . | xargs sha256sum)
    [[ $(grep -c . <<<"$a") -eq $N ]] || fail "expected $N shards in $dir"
    [[ $a == "$b" ]] || fail "shards in $dir differ from those in $ref"
}

run_system() {
    local sys=$1 build="$PROJECT/build-$2" ref="$PROJECT/build-$2-nocache" i
    step "$sys ($2): $N headers, -j$JOBS, one cache"
    "${sys}_configure" "$ref" OFF
    build_round "$sys" "$ref" "without cache"
    "${sys}_configure" "$build" ON
    build_round "$sys" "$build" "cold cache"
    if [[ -f $("${sys}_cache" "$build") ]]; then
        echo "   | cache: $("${sys}_cache" "$build")"
    else
        echo "   | (no cache file was created)"
    fi
    same_shards "$sys" "$build" "$ref"
    "${sys}_clean" "$build"
    build_round "$sys" "$build" "warm cache, clean build"
    same_shards "$sys" "$build" "$ref"
    tick
    for ((i = 1; i <= N; i++)); do
        printf '/* touched */\n' >>"$PROJECT/$(printf 'd%02d' "$i")/io.h"
    done
    build_round "$sys" "$build" "all headers touched"
    compile_lines | grep -qE 'io[._]' && fail "a comment edit recompiled a shard"
    same_shards "$sys" "$build" "$ref"
    "${sys}_clean" "$build"
    rm -f "$("${sys}_cache" "$build")"
    build_round "$sys" "$build" "cache deleted, clean build"
    same_shards "$sys" "$build" "$ref"
}

step "install cowrap into a temporary prefix"
PREFIX="$WORK/prefix"
install_cowrap "$PREFIX"

for GENERATOR in Ninja "Unix Makefiles"; do
    PROJECT="$WORK/cmake-${GENERATOR// /-}"
    make_project "$PROJECT"
    run_system cmake "${GENERATOR// /-}"
done

PROJECT="$WORK/meson"
make_project "$PROJECT"
cd "$PROJECT"
export PATH="$PREFIX/bin:$PATH"
echo "meson: ${MESON_CMD[*]} ($("${MESON_CMD[@]}" --version))"
run_system meson ninja

step "parallel.sh: all checks passed"

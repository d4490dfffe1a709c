#!/usr/bin/env bash
# The Meson consumer (tests/integration/consumer) with the documented shard loop: cowrap
# installed (found on PATH, the wrap file present but unused), and cowrap as the subproject
# that the wrap file provides, whose `meson devenv` puts it on PATH. MESON names the meson to
# run (default: meson on PATH), e.g. MESON="python3 /opt/meson-1.7/meson.py".
# COWRAP_IT_QUICK=1 skips the subproject run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

read -ra MESON_CMD <<<"${MESON:-meson}"
echo "meson: ${MESON_CMD[*]} ($("${MESON_CMD[@]}" --version))"

GEN_MARK="Generating cowrap-"
underscorify() { echo "${1//[^a-zA-Z0-9]/_}"; }
fe_gen_key() { echo "Generating cowrap-$(underscorify "$1") with"; }
fe_obj_key() { echo "cowrap-$(underscorify "$1").c.o"; }
fe_shard() { echo "$BUILD/cowrap-$(underscorify "$1").c"; }
fe_program() { echo "$BUILD/consumer"; }
fe_add_header() {
    sed -i "s|\['a/io.h', 'b/io.h', 'c/misc.h'\]|['a/io.h', 'b/io.h', 'c/misc.h', '$1']|" meson.build
    grep -qF "'$1'" meson.build || fail "test setup: $1 not added to meson.build"
}

# After regenerating, Meson runs `ninja -t restat`, which records every output's real
# timestamp: a shard that cowrap left alone (older than its header) then looks stale, and
# cowrap runs once more for it, rewriting and recompiling nothing.
fe_regen_reruns() {
    local h
    for h; do
        [[ $(fe_shard "$h") -ot $h ]] && echo "$h"
    done
    return 0
}

fe_build() {
    local status=0
    ninja -C "$BUILD" >"$LOG" 2>&1 || status=$?
    grep -E "$GEN_MARK|C object|Linking|error" "$LOG" | sed 's/^/   | /' || true
    return $status
}

fe_noop() {
    # (explain lines about phony edges such as meson-test-prereq are not work)
    ninja -C "$BUILD" -n -d explain >"$LOG" 2>&1 || fail "ninja -n failed"
    grep -q '^ninja: no work to do\.$' "$LOG" || fail "ninja has work left to do"
    echo "   | nothing to do"
}

# configure MODE [meson setup arguments]: a fresh copy of the consumer, configured in $BUILD.
configure() {
    local mode=$1
    shift
    PROJECT="$WORK/$mode"
    BUILD="$PROJECT/build"
    cp -r "$IT_DIR/consumer" "$PROJECT"
    mkdir -p "$PROJECT/subprojects"
    cp "$COWRAP_SOURCE_DIR/meson/cowrap.wrap" "$PROJECT/subprojects/"
    cd "$PROJECT"
    if [[ $mode == subproject ]]; then
        copy_cowrap_source "$PROJECT/subprojects/cowrap"
    fi
    "${MESON_CMD[@]}" setup "$BUILD" -Druntime_dir="$(runtime_dir)" "$@" >"$LOG" 2>&1 ||
        fail "meson setup ($mode)"
}

step "installed cowrap (on PATH)"
mkdir -p "$WORK/bin"
cp "$COWRAP" "$WORK/bin/cowrap"
fe_upgrade() { upgrade_binary "$WORK/bin/cowrap"; }
# On PATH for the whole run: ninja reruns meson (and find_program) when meson.build changes.
SAVED_PATH=$PATH
export PATH="$WORK/bin:$PATH"
configure installed
grep -q "Program cowrap found: YES (.*$WORK/bin/cowrap)" "$LOG" || fail "meson did not find $WORK/bin/cowrap"
run_scenario
export PATH=$SAVED_PATH

if [[ ${COWRAP_IT_QUICK:-0} != 1 ]]; then
    step "cowrap as a subproject (builds cowrap)"
    fe_upgrade() { touch "$PROJECT/subprojects/cowrap/cli/main.cpp"; }
    configure subproject --wrap-mode=forcefallback -Dsubproject_variables=true
    grep -q "Fallback to subproject cowrap" "$LOG" || fail "meson did not use the subproject"
    run_scenario
    step "the subproject's cowrap_command gives the same shard"
    cmp "$BUILD/variables-c_misc_h.c" "$(fe_shard c/misc.h)" ||
        fail "cowrap_command and the find_program loop disagree on c/misc.h"
    [[ -f $BUILD/cowrap-cache.db ]] || fail "no cache at cowrap_cache ($BUILD/cowrap-cache.db)"
    echo "   | ok"
    step "meson devenv puts the subproject's cowrap on PATH"
    in_devenv=$(cd "$WORK" && "${MESON_CMD[@]}" devenv -C "$BUILD" bash -c 'command -v cowrap')
    [[ $(realpath "$in_devenv") == "$(realpath "$BUILD/subprojects/cowrap/cli/cowrap")" ]] ||
        fail "meson devenv gives cowrap '$in_devenv', not the subproject's"
    echo "   | ok: $in_devenv"
fi

step "meson.sh: all checks passed"

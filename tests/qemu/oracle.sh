#!/usr/bin/env bash
# QEMU as a test oracle.
#
# For QEMU 10.0.2 (dialect qemu-9.0) and 7.2 (dialect qemu-6.2): run QEMU's
# own scripts/block-coroutine-wrapper.py and cowrap on the block_gen_c inputs
# of block/meson.build, in order, and require equal C token streams (comments
# and layout ignored).  Then compile cowrap's 10.0.2 output with the flags
# QEMU's own build uses for block-gen.c (-fsyntax-only, after configure).
#
# Environment: COWRAP (the binary), COWRAP_QEMU_CACHE (tarball cache),
# COWRAP_QEMU_WORK (work folder; default a temporary one, removed on success),
# COWRAP_QEMU_SKIP_COMPILE=1 (token comparison only).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
QLOG_TAG=oracle

COWRAP=$(find_cowrap)
qlog "cowrap: $COWRAP ($("$COWRAP" --version 2>&1 | head -1))"
if [[ -n "${COWRAP_QEMU_WORK:-}" ]]; then
  WORK=$COWRAP_QEMU_WORK; mkdir -p "$WORK"; keep_work=1
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-oracle.XXXXXX"); keep_work=0
fi
qlog "work folder: $WORK"
T_START=$SECONDS
failures=0

# `compare_tree VERSION DIALECT EXPECTED_COUNT`
compare_tree() {
  local version=$1 dialect=$2 expected=$3
  local tree=$WORK/qemu-$version
  timed "fetch+extract $version" bash "$QEMU_TEST_DIR/fetch.sh" "$version" "$tree"
  local inputs=()
  mapfile -t inputs < <(block_gen_inputs "$tree")
  qlog "$version: block_gen_c inputs: ${inputs[*]}"
  local ref=$WORK/qemu-script-$version.c out=$WORK/cowrap-$version.c
  timed "$version: QEMU's script" \
    bash -c 'cd "$1" && shift && exec python3 scripts/block-coroutine-wrapper.py "$@"' _ \
    "$tree" "$ref" "${inputs[@]}"
  local rc=0
  (cd "$tree" && "$COWRAP" generate --no-cache --dialect "$dialect" -o "$out" "${inputs[@]}") || rc=$?
  if ((rc)); then
    qlog "FAIL $version: cowrap generate --dialect $dialect exited $rc"
    failures=$((failures + 1)); return
  fi
  local n_ref n_out
  n_ref=$(python3 "$QEMU_TEST_DIR/ctokens.py" --count-structs "$ref")
  n_out=$(python3 "$QEMU_TEST_DIR/ctokens.py" --count-structs "$out")
  qlog "$version: wrappers: QEMU's script $n_ref, cowrap $n_out (expected $expected)"
  if [[ $n_ref != "$expected" || $n_out != "$expected" ]]; then
    qlog "FAIL $version: wrapper count"
    failures=$((failures + 1))
  fi
  if python3 "$QEMU_TEST_DIR/ctokens.py" "$ref" "$out"; then
    qlog "ok $version: cowrap --dialect $dialect equals QEMU's script token by token"
  else
    qlog "FAIL $version: token streams differ (files kept in $WORK)"
    keep_work=1; failures=$((failures + 1))
  fi
  # The drop-in form picks the newest dialect, which is right for 10.0.2.
  if [[ $dialect == qemu-9.0 ]]; then
    local dropin=$WORK/cowrap-dropin-$version.c
    if (cd "$tree" && "$COWRAP" "$dropin" "${inputs[@]}") &&
       python3 "$QEMU_TEST_DIR/ctokens.py" "$ref" "$dropin" >/dev/null; then
      qlog "ok $version: drop-in 'cowrap OUT.c INPUTS...' equals QEMU's script"
    else
      qlog "FAIL $version: drop-in form"
      python3 "$QEMU_TEST_DIR/ctokens.py" "$ref" "$dropin" || true
      keep_work=1; failures=$((failures + 1))
    fi
  fi
}

# Compiles cowrap's 10.0.2 output with QEMU's own command line for block-gen.c.
compile_check() {
  local version=10.0.2 tree=$WORK/qemu-10.0.2
  qemu_build_env
  qlog "configure $version"
  timed "configure $version" qemu_configure "$tree"
  local obj
  obj=$(python3 - "$tree/build/compile_commands.json" <<'EOF'
import json, sys
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("block-gen.c"):
        print(e["output"]); break
EOF
)
  [[ -n "$obj" ]] || qdie "block-gen.c not in compile_commands.json"
  # Building QEMU's own block-gen.c object generates every header it needs.
  qlog "ninja $obj (generated headers, QEMU's own block-gen.c)"
  timed "ninja block-gen.c.o (generated headers)" qemu_ninja "$tree" "$obj"
  cp "$WORK/cowrap-$version.c" "$tree/build/block/cowrap-block-gen.c"
  local cmd_ref cmd_out
  cmd_ref=$(syntax_command "$tree" block/block-gen.c)
  cmd_out=$(syntax_command "$tree" block/cowrap-block-gen.c)
  qlog "compile: $cmd_out"
  local ref_log=$WORK/cc-qemu.log out_log=$WORK/cc-cowrap.log rc=0
  (cd "$tree/build" && eval "$cmd_ref") >"$ref_log" 2>&1 || qdie "QEMU's own block-gen.c does not compile: $(cat "$ref_log")"
  (cd "$tree/build" && eval "$cmd_out") >"$out_log" 2>&1 || rc=$?
  cat "$out_log"
  if ((rc)); then
    qlog "FAIL: cowrap's 10.0.2 output does not compile with QEMU's flags"
    failures=$((failures + 1))
  elif [[ -s "$out_log" && ! -s "$ref_log" ]]; then
    qlog "FAIL: cowrap's output compiles with diagnostics where QEMU's own has none"
    failures=$((failures + 1))
  else
    qlog "ok 10.0.2: cowrap's output compiles with QEMU's flags (-fsyntax-only)"
  fi
}

# QEMU's compile command for block-gen.c, made -fsyntax-only on FILE.
syntax_command() {
  python3 - "$1/build/compile_commands.json" "$2" <<'EOF'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("block-gen.c"):
        args, out, skip = shlex.split(e["command"]), [], 0
        for a in args:
            if skip: skip -= 1; continue
            if a in ("-MD", "-c"): continue
            if a in ("-MQ", "-MF", "-o"): skip = 1; continue
            if a == e["file"]: continue
            if a.startswith("-fdiagnostics-color"): continue
            out.append(a)
        out += ["-fdiagnostics-color=never", "-fsyntax-only", sys.argv[2]]
        print(shlex.join(out)); break
EOF
}

compare_tree 10.0.2 qemu-9.0 56
compare_tree 7.2 qemu-6.2 25
if [[ "${COWRAP_QEMU_SKIP_COMPILE:-0}" != 1 ]]; then
  compile_check
fi

QTIMES+=("$(printf '%-44s %5d s' total $((SECONDS - T_START)))")
print_times
if ((failures)); then
  qlog "$failures check(s) failed; work folder kept: $WORK"
  exit 1
fi
((keep_work)) || rm -rf "$WORK"
qlog "all oracle checks passed"

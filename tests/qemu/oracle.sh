#!/usr/bin/env bash
# QEMU as a test oracle.
#
# For QEMU 10.0.2 (dialect qemu-9.0), 7.2 (qemu-6.2) and 5.2 (qemu-5.2): run
# QEMU's own scripts/block-coroutine-wrapper.py and cowrap on the block_gen_c
# inputs of block/meson.build, in order, and require equal C token streams
# (comments and layout ignored): with --dialect, and in the drop-in form with
# no --dialect, run from TREE/build with "../" paths as Meson runs it (the
# dialect then comes from the tree's VERSION).  Trees whose VERSION
# says 8.0.50, 7.2.50 or 6.0.94, or that have VERSION.QEMU instead, must pick
# the dialect that version stands for.  Then compile cowrap's 10.0.2 output
# with the flags QEMU's own build uses for block-gen.c (-fsyntax-only, after
# configure).
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
  # The drop-in form with no --dialect, from a build folder as Meson runs it.
  dropin_check "$version" "$dialect" "$ref" "VERSION $(cat "$tree/VERSION")"
}

# `dropin_check VERSION DIALECT REF WHAT`: `cowrap OUT.c ../INPUTS...` run in
# TREE/build picks DIALECT (as `generate -v` says) and equals REF token by token.
dropin_check() {
  local version=$1 dialect=$2 ref=$3 what=$4
  local tree=$WORK/qemu-$version dropin=$WORK/cowrap-dropin-$version.c inputs=() rel=() i
  mapfile -t inputs < <(block_gen_inputs "$tree")
  for i in "${inputs[@]}"; do rel+=("../$i"); done
  mkdir -p "$tree/build"
  rm -f "$dropin"
  local note
  note=$(cd "$tree/build" && "$COWRAP" generate -v --no-cache -o "$WORK/note-$version.c" "${rel[@]}" 2>&1 |
         grep -m1 'note: dialect' || true)
  if (cd "$tree/build" && "$COWRAP" "$dropin" "${rel[@]}") &&
     [[ "$note" == *"→ $dialect"* ]] &&
     python3 "$QEMU_TEST_DIR/ctokens.py" "$ref" "$dropin" >/dev/null; then
    qlog "ok $version ($what): drop-in 'cowrap OUT.c ../INPUTS...' picks $dialect, equals QEMU's script"
  else
    qlog "FAIL $version ($what): drop-in form (expected $dialect; cowrap said: $note)"
    python3 "$QEMU_TEST_DIR/ctokens.py" "$ref" "$dropin" || true
    keep_work=1; failures=$((failures + 1))
  fi
}

# `version_check VERSION TEXT DIALECT MARK`: with TREE/VERSION holding TEXT, the
# drop-in form picks DIALECT, which lacks MARK used by the tree's headers: the
# error names the mark and where the dialect came from, and nothing is written.
version_check() {
  local version=$1 text=$2 dialect=$3 mark=$4
  local tree=$WORK/qemu-$version out=$WORK/cowrap-mismatch-$version.c inputs=() rel=() i
  mapfile -t inputs < <(block_gen_inputs "$tree")
  for i in "${inputs[@]}"; do rel+=("../$i"); done
  cp "$tree/VERSION" "$tree/VERSION.orig"
  echo "$text" >"$tree/VERSION"
  rm -f "$out"
  local err rc=0
  err=$(cd "$tree/build" && "$COWRAP" "$out" "${rel[@]}" 2>&1) || rc=$?
  mv "$tree/VERSION.orig" "$tree/VERSION"
  if ((rc == 1)) && [[ ! -e "$out" ]] && grep -q "mark '$mark' is not supported by dialect $dialect" <<<"$err" &&
     grep -qF "from ../VERSION: $text → $dialect" <<<"$err"; then
    qlog "ok $version with VERSION $text: picks $dialect, and the error on '$mark' says why"
  else
    qlog "FAIL $version with VERSION $text: expected $dialect and an error on '$mark' (rc $rc)"
    head -5 <<<"$err"
    failures=$((failures + 1))
  fi
}

# Trees whose version file says something else than their release.
version_cases() {
  # 6.0.94 is 6.1.0-rc4: qemu-6.1, whose output for 5.2's headers equals 5.2's script.
  cp "$WORK/qemu-5.2/VERSION" "$WORK/qemu-5.2/VERSION.orig"
  echo 6.0.94 >"$WORK/qemu-5.2/VERSION"
  dropin_check 5.2 qemu-6.1 "$WORK/qemu-script-5.2.c" "VERSION 6.0.94"
  mv "$WORK/qemu-5.2/VERSION.orig" "$WORK/qemu-5.2/VERSION"
  # A vendor tree with VERSION.QEMU and no VERSION.
  mv "$WORK/qemu-7.2/VERSION" "$WORK/qemu-7.2/VERSION.QEMU"
  dropin_check 7.2 qemu-6.2 "$WORK/qemu-script-7.2.c" "VERSION.QEMU, no VERSION"
  mv "$WORK/qemu-7.2/VERSION.QEMU" "$WORK/qemu-7.2/VERSION"
  # Development trees: 7.2.50 is on the way to 8.0, 8.0.50 to 8.1; the headers of
  # 7.2 and 10.0.2 use marks those dialects lack.
  version_check 7.2 7.2.50 qemu-8.0 generated_co_wrapper
  version_check 10.0.2 8.0.50 qemu-8.1 no_co_wrapper_bdrv_rdlock
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
compare_tree 5.2 qemu-5.2 10
version_cases
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

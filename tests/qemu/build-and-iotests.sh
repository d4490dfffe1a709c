#!/usr/bin/env bash
# QEMU as the real client.
#
# Builds QEMU 10.0.2's tools twice from Debian's orig tarball:
#   stock   QEMU as it is (block_gen_c runs scripts/block-coroutine-wrapper.py);
#   cowrap  cowrap as a Meson subproject (subprojects/cowrap + cowrap.wrap) and
#           block_gen_c replaced by the per-header loop of meson/README.md
#           (switch-block-gen.py loop): one shard, depfile and cache entry per header.
# Runs `tests/qemu-iotests/check -qcow2 -g quick` in both (QEMU_PROG=/bin/true:
# no system emulator is built) and requires the same passing tests.  Then, in
# the cowrap tree: a second ninja does nothing that stock QEMU's own second
# ninja does not (QEMU always regenerates qemu-version.h); a comment edit in
# include/block/block-io.h reruns cowrap for that header only and leaves every
# shard's bytes as they were; `cowrap cache stats` / `cowrap show bdrv_pread`
# work on QEMU's cache; and the drop-in form (find_program('cowrap') with
# QEMU's own custom_target) builds QEMU too, with a block-gen.c token-equal to
# the stock one.
#
# Environment: COWRAP_QEMU_CACHE (tarball cache), COWRAP_QEMU_WORK (work
# folder; default a temporary one, removed on success), COWRAP_IOTESTS_JOBS
# (parallel iotests; default nproc).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
QLOG_TAG=qemu-build

TOOLS=(qemu-img qemu-io qemu-nbd storage-daemon/qemu-storage-daemon)
DIALECT=qemu-10.0
EXPECTED_WRAPPERS=56
if [[ -n "${COWRAP_QEMU_WORK:-}" ]]; then
  WORK=$COWRAP_QEMU_WORK; mkdir -p "$WORK"; keep_work=1
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/cowrap-qemu-build.XXXXXX"); keep_work=0
fi
STOCK=$WORK/stock
CWTREE=$WORK/cowrap
T_START=$SECONDS
on_failure() { keep_work=1; }  # soft_fail (tests/lib.sh) keeps the folder
ok() { qlog "ok: $*"; }

qlog "work folder: $WORK"
timed "setup (apt entries, packages, meson)" qemu_build_env

# ---- the two trees --------------------------------------------------------
# COWRAP_QEMU_REUSE=1 (with COWRAP_QEMU_WORK): keep trees a previous run built.
reuse() { [[ "${COWRAP_QEMU_REUSE:-0}" == 1 && -x "$1/build/qemu-img" ]]; }
if reuse "$STOCK"; then qlog "reusing $STOCK"
else timed "fetch+extract stock" bash "$QEMU_TEST_DIR/fetch.sh" 10.0.2 "$STOCK"; fi
if reuse "$CWTREE"; then qlog "reusing $CWTREE"
else timed "fetch+extract cowrap" bash "$QEMU_TEST_DIR/fetch.sh" 10.0.2 "$CWTREE"; fi

# A snapshot of what cowrap's Meson build reads as a subproject (top-level
# files and the folders its meson.build enters; not tests/, not the build
# folders, which can be gigabytes) into subprojects/, with the wrap.
install_cowrap_subproject() {
  local dest=$1/subprojects/cowrap entry
  rm -rf "$dest"; mkdir -p "$dest"
  find "$COWRAP_SOURCE_DIR" -maxdepth 1 -type f -exec cp -a {} "$dest/" \;
  for entry in $(grep -oE "^subdir\('[^']+'\)" "$COWRAP_SOURCE_DIR/meson.build" |
                 cut -d"'" -f2) cmake; do
    cp -a "$COWRAP_SOURCE_DIR/$entry" "$dest/"
  done
  cp "$COWRAP_SOURCE_DIR/meson/cowrap.wrap" "$1/subprojects/cowrap.wrap"
  qlog "cowrap sources copied into $dest ($(du -sh "$dest" | cut -f1)), wrap: subprojects/cowrap.wrap"
}
reuse "$CWTREE" || install_cowrap_subproject "$CWTREE"
python3 "$QEMU_TEST_DIR/switch-block-gen.py" "$CWTREE" loop --dialect "$DIALECT"

# `build_tree TREE NAME`: configure + ninja; the seconds go into BUILD_SECS[NAME].
declare -A BUILD_SECS
build_tree() {
  local tree=$1 name=$2 secs=0
  qlog "configure + build $name tree"
  if ! reuse "$tree"; then
    timed "$name: configure" qemu_configure "$tree"; secs=$TIMED_LAST
  fi
  timed "$name: ninja -j$(nproc) (${#TOOLS[@]} tools)" qemu_ninja "$tree" "${TOOLS[@]}"
  BUILD_SECS[$name]=$((secs + TIMED_LAST))
  qlog "$name tree built in ${BUILD_SECS[$name]} s (configure + ninja)"
}
build_tree "$STOCK" stock
build_tree "$CWTREE" cowrap

B=$CWTREE/build
CW_BIN=$B/subprojects/cowrap/cli/cowrap
[[ -x "$CW_BIN" ]] || CW_BIN=$(find "$B/subprojects" -name cowrap -type f -perm -u+x | head -1)
[[ -x "$CW_BIN" ]] || qdie "cowrap binary not found under $B/subprojects"
qlog "cowrap built by QEMU's build: $CW_BIN"
CACHE_DB=$(find "$B" -maxdepth 2 -name 'cowrap-cache*.db' | head -1)

# The shards (the loop's outputs; block-gen.c is the drop-in's, from an earlier run).
mapfile -t SHARDS < <(ls "$B"/block/block-gen-*.c 2>/dev/null | sort)
n_shards=${#SHARDS[@]}
n_wrappers=0
for s in "${SHARDS[@]}"; do
  n_wrappers=$((n_wrappers + $(python3 "$QEMU_TEST_DIR/ctokens.py" --count-structs "$s")))
done
n_inputs=$(block_gen_inputs "$STOCK" | wc -l)
qlog "cowrap tree: $n_shards shards for $n_inputs headers, $n_wrappers wrappers"
[[ $n_shards == "$n_inputs" ]] && ok "one shard per header" || soft_fail "expected $n_inputs shards, found $n_shards"
[[ $n_wrappers == "$EXPECTED_WRAPPERS" ]] && ok "$EXPECTED_WRAPPERS wrappers in the shards" \
  || soft_fail "expected $EXPECTED_WRAPPERS wrappers in the shards, found $n_wrappers"
# ninja reads each depfile into .ninja_deps (and deletes it): ask ninja.
bad_deps=0
for s in "${SHARDS[@]}"; do
  rel=block/$(basename "$s")
  deps=$(ninja -C "$B" -t deps "$rel" 2>/dev/null || true)
  grep -q '(VALID)' <<<"$deps" && grep -qE '\.h$' <<<"$deps" \
    || { soft_fail "ninja has no depfile deps for $rel: $deps"; bad_deps=1; }
done
((bad_deps)) || ok "ninja recorded each shard's depfile (ninja -t deps)"

# ---- iotests --------------------------------------------------------------
# `run_iotests TREE NAME [TESTS...]`: TAP into $WORK/iotests-NAME.tap, passing
# tests into $WORK/iotests-NAME.pass.
run_iotests() {
  local tree=$1 name=$2; shift 2
  local jobs=${COWRAP_IOTESTS_JOBS:-$(nproc)}
  (cd "$tree/build/tests/qemu-iotests" &&
    QEMU_PROG=/bin/true ./check -tap -j "$jobs" -qcow2 -g quick "$@") \
    >"$WORK/iotests-$name.tap" 2>&1 || true   # failures expected without an emulator
  local tap=$WORK/iotests-$name.tap
  grep -E '^ok [^#]*$' "$tap" | awk '{print $NF}' | sort >"$WORK/iotests-$name.pass" || true
  local failed skipped
  failed=$(grep -cE '^not ok ' "$tap" || true)
  skipped=$(grep -cE '^ok .*# *SKIP' "$tap" || true)
  qlog "iotests $name: $(wc -l <"$WORK/iotests-$name.pass") passed, $failed failed, $skipped not run"
}
if [[ "${COWRAP_QEMU_SKIP_IOTESTS:-0}" == 1 && -s "$WORK/iotests-stock.pass" ]]; then
  qlog "COWRAP_QEMU_SKIP_IOTESTS=1: keeping the pass sets of the previous run"
else
  timed "stock: iotests -qcow2 -g quick" run_iotests "$STOCK" stock
  timed "cowrap: iotests -qcow2 -g quick" run_iotests "$CWTREE" cowrap
fi
if ! cmp -s "$WORK/iotests-stock.pass" "$WORK/iotests-cowrap.pass"; then
  # Parallel runs can be flaky: rerun the differing tests alone in both trees.
  mapfile -t differ < <(comm -3 "$WORK/iotests-stock.pass" "$WORK/iotests-cowrap.pass" | tr -d '\t')
  qlog "pass sets differ in: ${differ[*]}; rerunning those alone in both trees"
  COWRAP_IOTESTS_JOBS=1 run_iotests "$STOCK" stock-rerun "${differ[@]}"
  COWRAP_IOTESTS_JOBS=1 run_iotests "$CWTREE" cowrap-rerun "${differ[@]}"
  for n in stock cowrap; do
    { comm -23 "$WORK/iotests-$n.pass" <(printf '%s\n' "${differ[@]}" | sort)
      cat "$WORK/iotests-$n-rerun.pass"; } | sort -u >"$WORK/iotests-$n.pass.final"
    mv "$WORK/iotests-$n.pass.final" "$WORK/iotests-$n.pass"
  done
fi
n_stock=$(wc -l <"$WORK/iotests-stock.pass")
n_cowrap=$(wc -l <"$WORK/iotests-cowrap.pass")
qlog "iotests passed: stock $n_stock, cowrap $n_cowrap"
if cmp -s "$WORK/iotests-stock.pass" "$WORK/iotests-cowrap.pass" && ((n_stock > 0)); then
  ok "identical iotest pass sets ($n_stock tests)"
else
  soft_fail "iotest pass sets differ:"
  diff "$WORK/iotests-stock.pass" "$WORK/iotests-cowrap.pass" || true
fi

# ---- incremental behaviour ------------------------------------------------
# `second_ninja TREE`: the steps a second ninja runs, without the [i/n] counters.
second_ninja() {
  ninja -C "$1/build" -j "$(nproc)" "${TOOLS[@]}" 2>&1 | sed -n 's/^\[[0-9]*\/[0-9]*\] //p' | sort
}
steps_cw=$(second_ninja "$CWTREE")
steps_stock=$(second_ninja "$STOCK")
# QEMU's qemu-version.h is build_always_stale, so stock QEMU itself never
# reaches "no work to do": the cowrap tree must rerun exactly what stock does.
if [[ "$steps_cw" == "$steps_stock" ]] && ! grep -qiE 'block-gen|cowrap|Compiling|Linking' <<<"$steps_cw"; then
  ok "second ninja does nothing beyond stock QEMU's own always-stale steps: ${steps_cw:-none}"
else
  soft_fail "second ninja did work that stock QEMU does not:"
  diff <(echo "$steps_stock") <(echo "$steps_cw") || true
fi

# A comment edit in block-io.h, building only the shards (a full ninja would
# also recompile every C file that includes the header, stock or not).
shard_sums() { (cd "$B/block" && sha256sum "${SHARDS[@]##*/}"); }
before=$(shard_sums)
header=$CWTREE/include/block/block-io.h
cp -p "$header" "$WORK/block-io.h.orig"
python3 - "$header" <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read()
i = text.index("/*")
open(path, "w").write(text[:i + 2] + " cowrap test: a comment edit." + text[i + 2:])
EOF
qlog "edited a comment in include/block/block-io.h"
timed "cowrap: ninja shards after comment edit" \
  ninja -v -C "$B" "${SHARDS[@]#"$B/"}" >"$WORK/ninja-comment-edit.log" 2>&1 \
  || { cat "$WORK/ninja-comment-edit.log"; qdie "ninja after the comment edit failed"; }
# Each cowrap step names its header as the last argument.
mapfile -t reran < <(grep -F "$CW_BIN" "$WORK/ninja-comment-edit.log" | grep -oE '[^ ]+\.h$' || true)
qlog "cowrap reran for: ${reran[*]:-nothing}"
if [[ ${#reran[@]} == 1 && ${reran[0]} == */include/block/block-io.h ]]; then
  ok "the comment edit reran cowrap for include/block/block-io.h only"
else
  soft_fail "expected one cowrap step (block-io.h), saw ${#reran[@]}"
fi
if [[ "$(shard_sums)" == "$before" ]]; then ok "every shard's bytes unchanged"
else soft_fail "shard bytes changed:"; diff <(echo "$before") <(shard_sums) || true; fi
# Content and mtime back: nothing downstream of the header is stale again.
cp -p "$WORK/block-io.h.orig" "$header"

# ---- the cache ------------------------------------------------------------
if [[ -z "$CACHE_DB" ]]; then
  soft_fail "no cowrap cache in $B"
else
  qlog "cache: $CACHE_DB"
  if stats=$("$CW_BIN" cache stats --cache "$CACHE_DB" 2>&1); then
    echo "$stats" | sed 's/^/    /'
    n=$(awk '$1 == "Wrappers:" { print $2 }' <<<"$stats")
    [[ $n == "$EXPECTED_WRAPPERS" ]] && ok "cowrap cache stats: $n wrappers" \
      || soft_fail "cowrap cache stats: '${n:-no Wrappers line}' wrappers, expected $EXPECTED_WRAPPERS"
  else
    echo "$stats"; soft_fail "cowrap cache stats failed"
  fi
  if show=$("$CW_BIN" show bdrv_pread --cache "$CACHE_DB" 2>&1); then
    echo "$show" | sed 's/^/    /'
    grep -q 'bdrv_co_pread' <<<"$show" && grep -q 'block-io.h' <<<"$show" \
      && ok "cowrap show bdrv_pread names bdrv_co_pread and block-io.h" \
      || soft_fail "cowrap show bdrv_pread lacks bdrv_co_pread or block-io.h"
  else
    echo "$show"; soft_fail "cowrap show bdrv_pread failed"
  fi
fi

# ---- the drop-in form -----------------------------------------------------
python3 "$QEMU_TEST_DIR/switch-block-gen.py" "$CWTREE" dropin
timed "drop-in: ninja (reconfigure + rebuild)" qemu_ninja "$CWTREE" "${TOOLS[@]}"
if grep -q 'cowrap' "$B/block/block-gen.c" 2>/dev/null &&
   python3 "$QEMU_TEST_DIR/ctokens.py" "$STOCK/build/block/block-gen.c" "$B/block/block-gen.c"; then
  ok "drop-in form builds QEMU; its block-gen.c equals the stock one token by token"
else
  soft_fail "drop-in form: block-gen.c missing, not cowrap's, or different from stock"
fi
for t in "${TOOLS[@]}"; do [[ -x "$B/$t" ]] || soft_fail "drop-in build lacks $t"; done

QTIMES+=("$(printf '%-44s %5d s' total $((SECONDS - T_START)))")
print_times
qlog "summary: iotests passed: stock $n_stock, cowrap $n_cowrap (identical sets required);" \
  "build (configure + ninja): stock ${BUILD_SECS[stock]} s, cowrap ${BUILD_SECS[cowrap]} s;" \
  "$n_shards shards, $n_wrappers wrappers; total $((SECONDS - T_START)) s"
if ((failures)); then
  qlog "$failures check(s) failed; work folder kept: $WORK"
  exit 1
fi
((keep_work)) || rm -rf "$WORK"
qlog "all QEMU build checks passed"

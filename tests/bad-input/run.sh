#!/usr/bin/env bash
# Bad input (docs/reliability.md, guarantee 4): every header of this folder, the huge inputs generated
# below, and the command-line faults (missing, unreadable and directory inputs, outputs in a
# missing or read-only folder) give either correct code or a clear, located error, within a
# timeout, without a signal, in about linear time, and write nothing on error.
#
#   bash tests/bad-input/run.sh [-v] [NAME-PATTERN]      (needs $COWRAP)
#
# The expectations are in manifest.txt (format explained at its top).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
verbose=0
if [[ "${1:-}" == -v ]]; then verbose=1; shift; fi
only=${1:-}

make_work_folder bad-input
tmp=$WORK
# A sanitizer build (-O0, ASan) is 10-50 times slower: it gets the huge inputs at a quarter of
# their size (the same code paths; the full sizes run in the normal builds) and more time.
sanitized=0
if grep -q '__asan_init' "$COWRAP" 2>/dev/null; then sanitized=1; fi
limit=${COWRAP_BAD_INPUT_TIMEOUT:-$((sanitized ? 300 : 60))}  # seconds for one run; more is a hang
failures=0
cases=0
first_elapsed=x  # set to "" to record the time of the next run

say() { if ((verbose)); then echo "$@"; fi; }

# Runs cowrap under a timeout with stdout/stderr in $tmp/stdout, $tmp/stderr; sets $status
# and $elapsed (seconds). A timeout, a signal or a sanitizer report is a failure of $label.
run() {
  local label=$1
  shift
  local t0=$EPOCHREALTIME
  set +e
  timeout -k 5 "$limit" "$COWRAP" "$@" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
  status=$?
  set -e
  local us=$((${EPOCHREALTIME/./} - ${t0/./}))
  printf -v elapsed '%d.%03d' $((us / 1000000)) $((us / 1000 % 1000))
  if [[ -z "$first_elapsed" ]]; then first_elapsed=$elapsed; fi
  if ((status == 124 || status == 137)); then
    soft_fail "$label: no answer within ${limit}s (hang)"
  elif ((status > 128)); then
    soft_fail "$label: killed by signal $((status - 128))"
    sed -n 1,20p "$tmp/stderr" >&2
  elif grep -aqE 'AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer' "$tmp/stderr"; then
    soft_fail "$label: sanitizer report"
    sed -n 1,40p "$tmp/stderr" >&2
    status=255
  fi
}

# Every "error:" line of a corpus run must be located: FILE:LINE:COL: error: ...
check_located() {
  local label=$1
  if grep -aE ': error: ' "$tmp/stderr" | grep -avqE '^[^ ]+:[0-9]+:[0-9]+: error: '; then
    soft_fail "$label: an error without file:line:col"
    grep -aE ': error: ' "$tmp/stderr" | grep -avE '^[^ ]+:[0-9]+:[0-9]+: error: ' | head -3 >&2
  fi
}

# Nothing but the files named in $@ may be in folder $1 (no output, depfile or temporary).
check_only() {
  local dir=$1 label=$2
  shift 2
  local extra
  extra=$(cd "$dir" && ls -A | grep -vxF -f <(printf '%s\n' "$@" '') || true)
  if [[ -n "$extra" ]]; then
    soft_fail "$label: left $(echo "$extra" | tr '\n' ' ')in $dir"
  fi
}

wrapper_count() { grep -c '^typedef struct' "$1" || true; }

# One generate run expected to fail with the located error $2 (FILE:LINE:COL) whose message
# contains $3; $4... are the cowrap arguments after the output. Checks that an existing
# output (and depfile) stays byte-identical and that no new file appears.
expect_error() {
  local label=$1 where=$2 fragment=$3
  shift 3
  local out=$tmp/out
  rm -rf "$out" && mkdir "$out"
  printf 'old output, must survive\n' >"$out/old.c"
  printf 'old.c: old.h\n' >"$out/old.d"
  touch -d '2001-01-01 00:00:00' "$out/old.c" "$out/old.d"
  local before
  before=$(stat -c '%Y %s %a' "$out/old.c" "$out/old.d")
  run "$label" generate -o "$out/old.c" --depfile "$out/old.d" "$@"
  ((status > 128)) && return
  if ((status != 1)); then
    soft_fail "$label: exit status $status, expected 1"
    sed -n 1,5p "$tmp/stderr" >&2
  fi
  if ! grep -aqF -- "$where: error: " "$tmp/stderr"; then
    soft_fail "$label: no error at $where"
    sed -n 1,6p "$tmp/stderr" >&2
  elif [[ -n "$fragment" ]] && ! grep -aF -- "$where: error: " "$tmp/stderr" | grep -aqiF -- "$fragment"; then
    soft_fail "$label: the error at $where does not say '$fragment'"
    grep -aF -- "$where: error: " "$tmp/stderr" | head -2 >&2
  fi
  check_located "$label"
  if ! grep -q '^old output, must survive$' "$out/old.c" ||
    [[ "$(stat -c '%Y %s %a' "$out/old.c" "$out/old.d")" != "$before" ]]; then
    soft_fail "$label: the existing output or depfile was touched"
  fi
  # A second run writing to new names must create nothing at all.
  run "$label (new output)" generate -o "$out/new.c" --depfile "$out/new.d" "$@"
  ((status == 1)) || soft_fail "$label (new output): exit status $status, expected 1"
  check_only "$out" "$label" old.c old.d
}

# One generate run expected to succeed with $2 wrapper blocks and the text $3 in the output.
expect_ok() {
  local label=$1 count=$2 fragment=$3
  shift 3
  local out=$tmp/out
  rm -rf "$out" && mkdir "$out"
  run "$label" generate -o "$out/a.c" --depfile "$out/a.d" "$@"
  ((status > 128)) && return
  if ((status != 0)); then
    soft_fail "$label: exit status $status, expected 0"
    sed -n 1,6p "$tmp/stderr" >&2
    return
  fi
  if grep -aq 'error' "$tmp/stderr"; then
    soft_fail "$label: exit 0 but an error message"
    sed -n 1,3p "$tmp/stderr" >&2
  fi
  local n
  n=$(wrapper_count "$out/a.c")
  ((n == count)) || soft_fail "$label: $n wrapper blocks, expected $count"
  if [[ -n "$fragment" ]] && ! grep -qF -- "$fragment" "$out/a.c"; then
    soft_fail "$label: the output lacks '$fragment'"
  fi
  if [[ -n "${quick:-}" ]]; then
    check_only "$out" "$label" a.c a.d
    return
  fi
  # The same run again: byte-identical, and an unchanged output is not rewritten.
  touch -d '2001-01-01 00:00:00' "$out/a.c"
  run "$label (again)" generate -o "$out/a.c" "$@"
  [[ "$(stat -c %Y "$out/a.c")" == "$(date -d '2001-01-01 00:00:00' +%s)" ]] ||
    soft_fail "$label: an unchanged output was rewritten"
  run "$label (copy)" generate -o "$out/b.c" "$@"
  cmp -s "$out/a.c" "$out/b.c" || soft_fail "$label: two runs gave different bytes"
  # The generated file holds no marks: it must parse back cleanly, with no wrapper in it.
  run "$label (re-parse)" list --format json "$out/a.c"
  if ((status != 0)) || [[ "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["wrappers"])' <"$tmp/stdout")" != "[]" ]]; then
    soft_fail "$label: the generated file does not re-parse to zero declarations (status $status)"
    sed -n 1,4p "$tmp/stderr" >&2
  fi
  check_only "$out" "$label" a.c a.d b.c
}

# ---------------------------------------------------------------------------------------
# 1. The committed corpus.
cd "$here"
while read -r inputs options kind rest; do
  [[ -z "$inputs" || "$inputs" == \#* ]] && continue
  [[ -n "$only" && "$inputs" != *$only* ]] && continue
  cases=$((cases + 1))
  IFS=, read -r -a files <<<"$inputs"
  args=()
  if [[ "$options" != - ]]; then IFS=, read -r -a args <<<"$options"; fi
  label="bad-input/${inputs}"
  if [[ "$kind" == ok ]]; then
    read -r count fragment <<<"$rest"
    expect_ok "$label" "$count" "${fragment:-}" "${args[@]}" "${files[@]}"
  elif [[ "$kind" == error ]]; then
    read -r where fragment <<<"$rest"
    expect_error "$label" "$where" "${fragment:-}" "${args[@]}" "${files[@]}"
  else
    soft_fail "manifest: bad line for $inputs"
  fi
  say "$label: ${elapsed}s"
done <manifest.txt
corpus_cases=$cases
echo "corpus: $corpus_cases cases from manifest.txt"

# ---------------------------------------------------------------------------------------
# 2. Huge inputs, generated here, each at 1x and 4x: correct result, and time about linear.
gen=$tmp/gen
mkdir -p "$gen"
cd "$gen"

# One line of N chunks of ordinary prototypes and comments; every 500th chunk is a wrapper.
long_line() {
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) {
      if (i % 500 == 0) printf "int co_wrapper bdrv_w%d(BlockDriverState *bs, int64_t off); ", i;
      else printf "int plain_fn%d(int a, char *b); /* co_wrapper in a comment */ ", i; } }'
}
# N lines; every 1000th declaration is a wrapper, the rest ordinary prototypes.
many_decls() {
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) {
      if (i % 1000 == 0) printf "int co_wrapper bdrv_w%d(BlockDriverState *bs);\n", i;
      else printf "int plain_%d(int a);\n", i; } }'
}
# A wrapper whose array parameter's size holds N nested parentheses.
nested_parens() {
  awk -v n="$1" 'BEGIN { printf "int co_wrapper bdrv_nest(BlockDriverState *bs, int a[";
      for (i = 0; i < n; i++) printf "("; printf "1"; for (i = 0; i < n; i++) printf ")";
      printf "]);\n" }'
}
# N nested parentheses at file level (an initializer), then a wrapper.
nested_top() {
  awk -v n="$1" 'BEGIN { printf "static const int x = ";
      for (i = 0; i < n; i++) printf "("; printf "1"; for (i = 0; i < n; i++) printf ")";
      printf ";\nint co_wrapper bdrv_after(BlockDriverState *bs);\n" }'
}
# N opening parentheses that never close.
unclosed_parens() {
  awk -v n="$1" 'BEGIN { printf "int co_wrapper bdrv_open(BlockDriverState *bs, int a[";
      for (i = 0; i < n; i++) printf "(" ; printf "\n" }'
}
# N nested #if 1 inside #if 0, then a wrapper.
nested_if() {
  awk -v n="$1" 'BEGIN { print "#if 0"; for (i = 0; i < n; i++) print "#if 1";
      print "int co_wrapper bdrv_dead(BlockDriverState *bs);";
      for (i = 0; i < n; i++) print "#endif"; print "#endif";
      print "int co_wrapper bdrv_live(BlockDriverState *bs);" }'
}
# A comment of N bytes on line 1, then an unknown mark on the same line.
long_line_error() {
  awk -v n="$1" 'BEGIN { printf "/*"; for (i = 0; i < n; i += 100)
      printf "%s", "...................................................................................................."
      printf "*/ int co_wrapper_bogus bdrv_x(BlockDriverState *bs);\n" }'
}
# N wrappers (emit and validation at scale).
many_wrappers() {
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
      printf "int coroutine_fn co_wrapper_mixed bdrv_m%d(BdrvChild *c, int64_t o, void *buf);\n", i }'
}

timings=()
# huge NAME GENERATOR SIZE4X EXPECT: EXPECT is "ok N" (N computed for both sizes by a
# function of the size: count_NAME SIZE), "error" (a located error), or "either" (a located
# error or success: a depth limit is a legitimate answer).
huge() {
  local name=$1 generator=$2 size=$(($3 / (sanitized ? 4 : 1))) expect=$4
  [[ -n "$only" && "$name" != *$only* ]] && return
  local t1=0 t4=0 s
  for s in $((size / 4)) "$size"; do
    cases=$((cases + 1))
    "$generator" "$s" >"$name-$s.h"
    first_elapsed=""  # the timed figure is the first cowrap run of the case
    local label="huge/$name ($s, $(stat -c %s "$name-$s.h") bytes)"
    case $expect in
      ok)
        if ((sanitized)); then
          quick=1 expect_ok "$label" "$(count_"$name" "$s")" "" "$name-$s.h"
        else
          expect_ok "$label" "$(count_"$name" "$s")" "" "$name-$s.h"
        fi ;;
      error)
        local out=$tmp/out
        rm -rf "$out" && mkdir "$out"
        run "$label" generate -o "$out/x.c" "$name-$s.h"
        if ((status <= 128)); then
          ((status == 1)) || soft_fail "$label: exit status $status, expected 1"
          grep -aqE "^$name-$s\.h:[0-9]+:[0-9]+: error: " "$tmp/stderr" || soft_fail "$label: no located error"
          check_located "$label"
          check_only "$out" "$label"
        fi ;;
      either)
        local out=$tmp/out
        rm -rf "$out" && mkdir "$out"
        run "$label" generate -o "$out/x.c" "$name-$s.h"
        if ((status == 0)); then
          [[ "$(wrapper_count "$out/x.c")" == 1 ]] || soft_fail "$label: expected 1 wrapper block"
        elif ((status == 1)); then
          grep -aqE "^$name-$s\.h:[0-9]+:[0-9]+: error: " "$tmp/stderr" || soft_fail "$label: no located error"
          check_located "$label"
          check_only "$out" "$label"
          say "$label: rejected: $(grep -a -m1 ': error: ' "$tmp/stderr")"
        elif ((status <= 128)); then
          soft_fail "$label: exit status $status"
        fi ;;
    esac
    if [[ "$s" == "$size" ]]; then t4=$first_elapsed; else t1=$first_elapsed; fi
    rm -f "$name-$s.h"
  done
  local ratio
  ratio=$(awk -v a="$t1" -v b="$t4" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')
  timings+=("$(printf '%-16s %9ss (1x) %9ss (4x)  ratio %5s' "$name" "$t1" "$t4" "$ratio")")
  # Linear is 4, quadratic 16. Only flag it when the large run is long enough to measure.
  if awk -v r="$ratio" -v t="$t4" 'BEGIN { exit !(r > 11 && t > 1.0) }'; then
    soft_fail "huge/$name: 4x the input took ${ratio}x the time (${t1}s -> ${t4}s): worse than linear"
  fi
}
count_long_line() { echo $((($1 + 499) / 500)); }
count_many_decls() { echo $((($1 + 999) / 1000)); }
count_nested_if() { echo 1; }
count_many_wrappers() { echo "$1"; }
count_nested_top() { echo 1; }

# 10 MB on one line: 155,000 chunks of ~65 bytes.
huge long_line long_line 155000 ok
huge long_line_error long_line_error 10000000 error
huge nested_parens nested_parens 100000 either
huge nested_top nested_top 100000 either
huge unclosed_parens unclosed_parens 100000 error
huge nested_if nested_if 100000 either
huge many_decls many_decls 1000000 ok
huge many_wrappers many_wrappers 20000 ok
echo "huge inputs (time of one run, 1x vs 4x the size$( ((sanitized)) && echo '; sanitizer build: all sizes / 4')):"
((${#timings[@]})) && printf '  %s\n' "${timings[@]}"

# ---------------------------------------------------------------------------------------
# 3. Faults of the command line and the file system.
cd "$tmp"
mkdir -p src
printf 'int co_wrapper bdrv_good(BlockDriverState *bs);\n' >src/good.h

nobody=()  # set below to run cowrap as an unprivileged user
prepare=:  # run after the output folder is made afresh, before cowrap

# fault LABEL STATUS MESSAGE-FRAGMENT ARGS...: in a fresh output folder holding old.c, the run
# exits with STATUS, says MESSAGE-FRAGMENT, leaves old.c as it was and creates nothing.
fault() {
  local label=$1 want=$2 fragment=$3
  shift 3
  [[ -n "$only" && "$label" != *$only* ]] && return 0
  cases=$((cases + 1))
  chmod -R u+rwX out 2>/dev/null || true
  rm -rf out && mkdir out
  printf 'old output, must survive\n' >out/old.c
  touch -d '2001-01-01 00:00:00' out/old.c
  $prepare
  run "$label" "${nobody[@]}" "$@"
  ((status > 128)) && return 0
  ((status == want)) || soft_fail "$label: exit status $status, expected $want"
  if ! grep -aqiF -- "$fragment" "$tmp/stderr"; then
    soft_fail "$label: the message does not say '$fragment'"
    sed -n 1,4p "$tmp/stderr" >&2
  fi
  if ! grep -q 'must survive' out/old.c ||
    [[ "$(stat -c %Y out/old.c)" != "$(date -d '2001-01-01 00:00:00' +%s)" ]]; then
    soft_fail "$label: the existing output was touched"
  fi
  chmod u+rwx out
  check_only out "$label" old.c
}

fault "missing input" 1 "src/missing.h" generate -o out/new.c src/good.h src/missing.h
fault "missing input, existing output" 1 "No such file" generate -o out/old.c src/missing.h
fault "directory input" 1 "directory" generate -o out/new.c src/good.h src
fault "drop-in form, directory input" 1 "directory" out/new.c src
fault "check, missing input" 1 "missing.h" check src/missing.h
fault "output in a missing folder" 1 "does not exist" generate -o out/nowhere/new.c src/good.h
fault "output under a regular file" 1 "old.c" generate -o out/old.c/new.c src/good.h
fault "output is a directory" 2 "is a folder" generate -o out src/good.h  # refused before any work
# The output must not be left written when the run fails because of its depfile.
fault "depfile in a missing folder" 1 "does not exist" \
  generate -o out/new.c --depfile out/nowhere/new.d src/good.h
fault "depfile under a regular file" 1 "old.c" generate -o out/new.c --depfile out/old.c/new.d src/good.h
fault "unknown dialect" 2 "unknown dialect" generate -o out/new.c --dialect qemu-1.0 src/good.h
fault "malformed dialect" 2 "unknown dialect" generate -o out/new.c --dialect=qemu-9.x src/good.h
fault "no inputs" 2 "inputs" generate -o out/new.c
fault "unknown option" 2 "--frobnicate" generate -o out/new.c --frobnicate src/good.h
# Option values that would inject lines into the shard or are nonsense: usage errors (2).
fault "--include with a quote and a newline" 2 "cannot contain a line break" \
  generate -o out/new.c --include $'foo.h"\n#error x' src/good.h
fault "--include with a quote" 2 "cannot contain" generate -o out/new.c --include 'a"b.h' src/good.h
fault "--include empty" 2 "empty header name" generate -o out/new.c --include '' src/good.h
fault "--include <> unclosed" 2 "must close once" generate -o out/new.c --include '<a.h' src/good.h
fault "--annotation a wrapper mark" 2 "wrapper mark" generate -o out/new.c --annotation co_wrapper src/good.h
fault "--annotation a keyword" 2 "C keyword" generate -o out/new.c --annotation const src/good.h
fault "--annotation not a name" 2 "macro name" check --annotation 'a b' src/good.h
fault "--shard-group empty" 2 "shard-group" generate -o out/new.c --shard-group '' src/good.h
fault "--older-than overflowing" 2 "not an age" cache gc --cache out/c.db --older-than 9223372036854775807w
# `check` exits 1 after a located error (a mark on a variable), and says where.
printf 'int x;\nint co_wrapper bdrv_bad;\n' >src/bad.h
fault "check, a located error" 1 "src/bad.h:2:" check src/bad.h

# Output lost on stdout (a full disk, a closed stdout) is exit 1 with coreutils' message.
if [[ -z "$only" || "write error" == *$only* ]]; then
  "$COWRAP" generate --cache out/w.db -o out/w.c src/good.h 2>/dev/null
  "$COWRAP" generate --cache out/w.db -o out/w.c src/good.h 2>/dev/null
  for cmd in "list src/good.h" "list --format json src/good.h" "check --format json src/good.h" \
    "dialects" "cache ls --cache out/w.db" "cache stats --cache out/w.db" \
    "cache print --format json --cache out/w.db" "show --cache out/w.db bdrv_good"; do
    cases=$((cases + 2))
    rc=0
    # shellcheck disable=SC2086
    timeout 60 "$COWRAP" $cmd >/dev/full 2>"$tmp/stderr" || rc=$?
    { ((rc == 1)) && grep -q "^cowrap: write error: No space left on device" "$tmp/stderr"; } ||
      soft_fail "$cmd > /dev/full: exit $rc: $(head -2 "$tmp/stderr")"
    rc=0
    # shellcheck disable=SC2086
    timeout 60 "$COWRAP" $cmd >&- 2>"$tmp/stderr" || rc=$?
    { ((rc == 1)) && grep -q "^cowrap: write error: Bad file descriptor" "$tmp/stderr"; } ||
      soft_fail "$cmd with stdout closed: exit $rc: $(head -2 "$tmp/stderr")"
  done
fi

# Inputs are regular files of at most 64 MiB: a device, FIFO or huge file is refused at once,
# never read without bound (/dev/zero grew until std::bad_alloc) nor waited on (a FIFO).
mkfifo src/fifo.h
truncate -s 65M src/huge.h
fault "/dev/zero as input" 1 "/dev/zero' is a character device, not a regular file" \
  generate -o out/new.c /dev/zero
fault "/dev/null as input" 1 "character device" generate -o out/new.c /dev/null
fault "FIFO as input" 1 "fifo.h' is a FIFO" generate -o out/new.c src/good.h src/fifo.h
fault "FIFO as input, check" 1 "a FIFO" check src/fifo.h
fault "input past the size limit" 1 "larger than the limit of 64 MiB for a header" \
  generate -o out/new.c src/huge.h
rm -f src/huge.h src/fifo.h
# The temporary file's name must fit NAME_MAX (255) even for a 252-byte output name.
if [[ -z "$only" || "long output name" == *$only* ]]; then
  cases=$((cases + 1))
  long=out/$(printf 'o%.0s' {1..250}).c
  rm -rf out && mkdir out
  run "long output name" generate -o "$long" src/good.h
  { ((status == 0)) && [[ "$(wrapper_count "$long")" == 1 ]]; } ||
    { soft_fail "long output name: status $status"; sed -n 1,3p "$tmp/stderr" >&2; }
  run "long output name, rewritten" generate -o "$long" --include x.h src/good.h
  { ((status == 0)) && grep -q '"x.h"' "$long"; } || soft_fail "long output name, rewritten: status $status"
  check_only out "long output name" "${long#out/}"
fi

# As an unprivileged user: an unreadable input, a read-only output folder. The tests run as
# root, who can read anything, so these switch to nobody.
as_nobody=()
if [[ $(id -u) == 0 ]]; then
  if command -v setpriv >/dev/null; then
    as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "note: setpriv missing; the permission cases are skipped"
  fi
fi
if [[ $(id -u) != 0 || ${#as_nobody[@]} -gt 0 ]]; then
  chmod 755 "$tmp" "$tmp/src"
  cp src/good.h src/secret.h
  chmod 000 src/secret.h
  cowrap_bin=$COWRAP
  if ! "${as_nobody[@]}" test -x "$cowrap_bin"; then
    # The binary's folder is private: give nobody a copy.
    cp "$cowrap_bin" "$tmp/cowrap" && chmod 755 "$tmp/cowrap" && cowrap_bin=$tmp/cowrap
  fi
  # run() calls "$COWRAP" ARGS...: route it through setpriv.
  COWRAP=$(command -v env)
  nobody=("${as_nobody[@]}" "$cowrap_bin")
  writable() { chmod 777 out && chmod 666 out/old.c; }
  read_only() { chmod 444 out/old.c && chmod 555 out; }
  prepare=writable
  fault "unreadable input" 1 "permission denied" generate -o out/new.c src/good.h src/secret.h
  fault "unreadable input, drop-in form" 1 "secret.h" out/new.c src/secret.h
  fault "unreadable input, check" 1 "secret.h" check src/secret.h
  prepare=read_only
  fault "read-only output folder" 1 "out/old.c" generate -o out/old.c src/good.h
  fault "read-only output folder, new file" 1 "out/new.c" generate -o out/new.c src/good.h
  COWRAP=$cowrap_bin
  nobody=()
  prepare=:
fi

echo "bad-input: $cases cases ($corpus_cases in the corpus), $failures failures"
((failures == 0))

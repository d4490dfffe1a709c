#!/usr/bin/env bash
# Usage errors: one format, "cowrap: error: ..." then "Run 'cowrap CMD --help' for
# usage.", exit 2, a "did you mean" for a mistyped command or option; -V/--version; -v and -q
# before or after the command; `help [COMMAND]`; the drop-in form unchanged. Also the error
# limit: every error of a file up to 20, then one "too many errors" line, nothing written.
#
#   bash tests/cli/usage.sh      (needs $COWRAP)
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
require_cowrap
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
make_work_folder cli
tmp=$WORK

# Runs cowrap in $tmp with $@; sets $status, $out and $err.
run() {
  set +e
  (cd "$tmp" && "$COWRAP" "$@" >"$tmp/stdout" 2>"$tmp/stderr")
  status=$?
  set -e
  out=$(cat "$tmp/stdout")
  err=$(cat "$tmp/stderr")
}

# A usage error: exit 2, nothing on stdout, stderr exactly the two expected lines.
expect_usage() {
  local message=$1 hint=$2
  shift 2
  run "$@"
  local want
  want=$(printf "cowrap: error: %s\nRun '%s --help' for usage." "$message" "$hint")
  ((status == 2)) || soft_fail "cowrap $*: exit $status, expected 2"
  [[ -z "$out" ]] || soft_fail "cowrap $*: printed on stdout: $out"
  [[ "$err" == "$want" ]] || soft_fail "cowrap $*: stderr was
$err
expected
$want"
}

printf 'int co_wrapper bdrv_foo(BlockDriverState *bs);\n' >"$tmp/in.h"
: >"$tmp/empty.h"

# The examples of the issue.
expect_usage "unknown command 'stat' for 'cowrap cache'; did you mean 'stats'?" "cowrap cache" cache stat
expect_usage "unknown option '--bogus'" "cowrap generate" generate --bogus
expect_usage "unknown command 'genrate'; did you mean 'generate'?" "cowrap" genrate -o x.c in.h
# More of the same kind.
expect_usage "unknown option '--outptu'; did you mean '--output'?" "cowrap generate" generate --outptu x.c in.h
expect_usage "unknown option '--formt'; did you mean '--format'?" "cowrap list" list --formt=json in.h
expect_usage "unknown option '--formt'; did you mean '--format'?" "cowrap cache ls" cache ls --formt json
expect_usage "unknown command 'cach'; did you mean 'cache'?" "cowrap" help cach
expect_usage "unknown command 'lst'; did you mean 'list'?" "cowrap" lst in.h
expect_usage "a subcommand is required" "cowrap"
expect_usage "--output is required" "cowrap generate" generate in.h
[[ ! -e "$tmp/x.c" ]] || soft_fail "a usage error wrote x.c"

# help, -V, --version.
run help
((status == 0)) && [[ "$out" == *"Usage: cowrap [OPTIONS] SUBCOMMAND"* && "$out" == *generate* ]] ||
  soft_fail "cowrap help: exit $status, stdout: $out"
run help cache ls
((status == 0)) && [[ "$out" == *"Usage: cowrap cache ls"* && "$out" == *--header* ]] ||
  soft_fail "cowrap help cache ls: exit $status, stdout: $out"
for v in -V --version; do
  run "$v"
  ((status == 0)) && [[ "$out" =~ ^cowrap\ [0-9]+\.[0-9]+ ]] || soft_fail "cowrap $v: exit $status, stdout: $out"
done

# -v (notes) and -q (no warnings) before or after the command, and before the drop-in form.
for args in "-v generate -o out.c empty.h" "generate -v -o out.c empty.h" "generate -o out.c empty.h --verbose" \
  "-v out.c empty.h"; do
  # shellcheck disable=SC2086
  run $args
  ((status == 0)) && [[ "$err" == *"note: dialect"* ]] || soft_fail "cowrap $args: exit $status, no note: $err"
done
for args in "-q generate -o out.c empty.h" "generate -q -o out.c empty.h" "-q out.c empty.h" "--quiet out.c empty.h"; do
  # shellcheck disable=SC2086
  run $args
  ((status == 0)) && [[ -z "$err" ]] || soft_fail "cowrap $args: exit $status, stderr: $err"
done
# Every command takes them (even those that print no notes).
for args in "check -v empty.h" "-v check empty.h" "-q list in.h" "list -q in.h" "dialects -v" "-q dialects"; do
  # shellcheck disable=SC2086
  run $args
  ((status == 0)) || soft_fail "cowrap $args: exit $status: $err"
done
run generate -o out.c empty.h
[[ "$err" == *"warning: no wrapper declaration"* ]] || soft_fail "without -q, no warning: $err"

# The drop-in form is unchanged: the same bytes as generate -o.
run generate -o a.c in.h
run a2.c in.h
((status == 0)) && cmp -s "$tmp/a.c" "$tmp/a2.c" || soft_fail "the drop-in form differs from generate -o"
# A file named like a command is still an output when it has an extension.
run help.c in.h
((status == 0)) && [[ -s "$tmp/help.c" ]] || soft_fail "cowrap help.c in.h: exit $status: $err"

# Every error of a file up to 20, then one "too many errors" line; nothing written.
run generate -o many.c "$here/bad-input/many-errors.h"
errors=$(grep -c ': error: ' "$tmp/stderr" || true)
((status == 1)) || soft_fail "many-errors.h: exit $status, expected 1"
((errors == 21)) || soft_fail "many-errors.h: $errors error lines, expected 20 and the stop line"
grep -q 'many-errors.h:21:16: error: too many errors in this file (20 shown); stopping$' "$tmp/stderr" ||
  soft_fail "many-errors.h: no stop line at the 21st error"
grep -q 'many-errors.h:20:16: error: ' "$tmp/stderr" || soft_fail "many-errors.h: the 20th error is missing"
[[ ! -e "$tmp/many.c" ]] || soft_fail "many-errors.h: an output was written"
run generate -o several.c "$here/bad-input/several-syntax-errors.h"
[[ "$(grep -c ': error: ' "$tmp/stderr" || true)" == 3 && ! -e "$tmp/several.c" ]] ||
  soft_fail "several-syntax-errors.h: expected 3 errors and no output: $err"

if ((failures)); then
  echo "cli-usage: $failures failures" >&2
  exit 1
fi
echo "cli-usage: all passed"
